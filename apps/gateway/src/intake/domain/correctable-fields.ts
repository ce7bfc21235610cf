import { canonicalJson, patchPaths } from './canonical-json';
import { intakeError, type IntakeError } from './validation/error-catalogue';

/**
 * The facts a hospital may correct after registration (DOMAIN.md §2: the newborn's name is
 * often given later). Identity, delivery and hospital facts are not correctable here: a wrong
 * one means voiding and registering again. Bank accounts are not the hospital's to correct: a
 * clerk corrects an account through the maternity-allowance service (NOT_CORRECTABLE_WITHIN).
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

/** Parts of a correctable fact that stay out of a hospital's reach: `father` is correctable, his account is not. */
export const NOT_CORRECTABLE_WITHIN = ['father.bankAccount'] as const;

const within = (path: string, fact: string) => path === fact || path.startsWith(`${fact}.`);

/** Whether a field path lies within a correctable fact (`father.name` within `father`), not within an excluded part. */
export function isCorrectable(path: string): boolean {
  return CORRECTABLE_FIELDS.some((allowed) => within(path, allowed)) && !NOT_CORRECTABLE_WITHIN.some((excluded) => within(path, excluded));
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

/**
 * A correction may change the father but not his account, also not by removing or replacing the
 * whole `father` (`null`, or an object without `bankAccount`): one FIELD_NOT_CORRECTABLE on
 * `father.bankAccount` when the corrected application's account differs from the current one.
 */
export function accountChangeRefusals(current: unknown, corrected: unknown): IntakeError[] {
  const accountOf = (application: unknown) => canonicalJson((application as { father?: { bankAccount?: unknown } } | null)?.father?.bankAccount ?? null);
  return accountOf(current) === accountOf(corrected) ? [] : [intakeError('father.bankAccount', 'FIELD_NOT_CORRECTABLE')];
}
