import type { IntakeError } from './domain/validation';
import { intakeError, isCatalogued, type IntakeErrorCode } from './domain/validation/error-catalogue';

/** A refusal of an intake request: the HTTP status and every reason at once. */
export class IntakeRejection extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 423 | 429,
    readonly errors: IntakeError[],
  ) {
    super(errors.map((e) => `${e.field}: ${e.code}`).join('; '));
    this.name = 'IntakeRejection';
  }
}

export { intakeError, isCatalogued };
export type { IntakeErrorCode };

export const CASE_NOT_FOUND = (field = 'caseId') => intakeError(field, 'CASE_NOT_FOUND');

/** The value of a passed check, or the check's refusal thrown as an IntakeRejection. */
export function acceptedOrThrow<T>(check: { ok: true; value: T } | { ok: false; status: IntakeRejection['status']; errors: IntakeError[] }): T {
  if (!check.ok) throw new IntakeRejection(check.status, check.errors);
  return check.value;
}
