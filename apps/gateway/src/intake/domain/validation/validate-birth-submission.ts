import { BirthSubmissionV1, validatePlain } from '@birth/contracts';
import { toIntakeError, type IntakeError } from './error-catalogue';
import { validateBirthApplication, type ValidationContext } from './validate-birth-application';

export type BirthSubmissionCheck = { ok: true; value: BirthSubmissionV1 } | { ok: false; errors: IntakeError[] };

/**
 * The whole intake check of a submitted application: first the shape (libs/contracts), then,
 * when the shape holds, the detailed rules. Shape errors alone are reported when the shape is
 * broken, because the detailed rules need a well-formed form to read.
 */
export function validateBirthSubmission(plain: unknown, context: ValidationContext): BirthSubmissionCheck {
  const shape = validatePlain(BirthSubmissionV1, plain);
  if (!shape.ok) return { ok: false, errors: shape.errors.map(toIntakeError) };
  const errors = validateBirthApplication(shape.value, context);
  return errors.length ? { ok: false, errors } : { ok: true, value: shape.value };
}
