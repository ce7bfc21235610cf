import { patchPaths } from './canonical-json';
import { intakeError, type IntakeError } from './validation/error-catalogue';

/**
 * The facts a hospital may correct after registration (DOMAIN.md §2: the newborn's name is
 * often given later). Identity, delivery and hospital facts are not correctable here: a wrong
 * one means voiding and registering again. Bank details are the clerks' path, not the hospital's.
 */
export const CORRECTABLE_FIELDS = [
  'newborn.name',
  'newborn.sex',
  'newborn.weightGrams',
  'newborn.gestation',
  'mother.phone',
  'mother.hukouAddress',
  'father',
  'application.householdHeadName',
  'application.contactPhone',
] as const;

/** Whether a field path lies within a correctable fact (`father.name` within `father`). */
export function isCorrectable(path: string): boolean {
  return CORRECTABLE_FIELDS.some((allowed) => path === allowed || path.startsWith(`${allowed}.`));
}

/**
 * Why a JSON merge patch may not be applied: one FIELD_NOT_CORRECTABLE per path outside the
 * correctable facts, or one on `patch` when it changes nothing. Empty when it may.
 */
export function correctionRefusals(patch: Record<string, unknown>): IntakeError[] {
  const paths = patchPaths(patch);
  if (paths.length === 0) return [intakeError('patch', 'FIELD_NOT_CORRECTABLE')];
  return paths.filter((path) => !isCorrectable(path)).map((field) => intakeError(field, 'FIELD_NOT_CORRECTABLE'));
}
