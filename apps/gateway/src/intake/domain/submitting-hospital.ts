import type { BirthSubmissionV1 } from '@birth/contracts';
import { intakeError, type IntakeError } from './validation/error-catalogue';
import type { ValidationContext } from './validation/validate-birth-application';
import { validateBirthSubmission } from './validation/validate-birth-submission';

/** The authenticated hospital as the rules see it. */
export interface SubmittingHospital {
  id: string;
  regionCode: string;
}

export type HospitalSubmissionCheck = { ok: true; value: BirthSubmissionV1 } | { ok: false; status: 400 | 403; errors: IntakeError[] };

/**
 * A submission as the intake judges it: its shape (unknown fields refused), then every rule of
 * DOMAIN.md §2, all errors at once (400); then whether it is the caller's own: another
 * institution's birth is 403, a region other than the hospital's 400.
 */
export function checkHospitalSubmission(hospital: SubmittingHospital, plain: unknown, context: ValidationContext): HospitalSubmissionCheck {
  const check = validateBirthSubmission(plain, context);
  if (!check.ok) return { ok: false, status: 400, errors: check.errors };
  if (check.value.hospital.institutionId !== hospital.id) {
    return { ok: false, status: 403, errors: [intakeError('hospital.institutionId', 'HOSPITAL_MISMATCH')] };
  }
  if (check.value.hospital.regionCode !== hospital.regionCode) {
    return { ok: false, status: 400, errors: [intakeError('hospital.regionCode', 'HOSPITAL_REGION_MISMATCH')] };
  }
  return check;
}
