import { createHash } from 'node:crypto';

/**
 * What the 出生医学证明 prints that a correction may change (DOMAIN.md §3): the newborn's name,
 * sex, weight and gestation, and the father's details. A change of one of them after issue
 * reissues the certificate; before issue it is no reissue. The time of birth and the mother's
 * identity are not correctable (a wrong one voids the birth), so they are not compared here.
 */
export const PRINTED_FIELDS = [
  'newborn.name',
  'newborn.sex',
  'newborn.weightGrams',
  'newborn.gestation',
  'father.name',
  'father.identity',
  'father.nationality',
  'father.dateOfBirth',
] as const;
export type PrintedField = (typeof PRINTED_FIELDS)[number];

/** The application facts this service reads (a tolerant reader of birth.registered.v1 / corrected). */
export interface PrintedSource {
  newborn: { name?: string | null; sex: string; weightGrams: number; gestation: { weeks: number; days: number } };
  father?: { name?: string; identity?: { type: string; number: string }; nationality?: string; dateOfBirth?: string } | null;
}

/**
 * Each printed fact as a digest bound to the case: enough to see that a fact changed, without
 * keeping the names and ID numbers in the item (the certificate itself is printed elsewhere).
 * Null for a fact that is absent.
 */
export type PrintedFingerprints = Record<PrintedField, string | null>;

export function printedFingerprints(caseId: string, source: PrintedSource): PrintedFingerprints {
  const values: Record<PrintedField, unknown> = {
    'newborn.name': nonBlank(source.newborn.name),
    'newborn.sex': source.newborn.sex,
    'newborn.weightGrams': source.newborn.weightGrams,
    'newborn.gestation': source.newborn.gestation ? { weeks: source.newborn.gestation.weeks, days: source.newborn.gestation.days } : null,
    'father.name': nonBlank(source.father?.name),
    'father.identity': source.father?.identity ? { type: source.father.identity.type, number: source.father.identity.number } : null,
    'father.nationality': source.father?.nationality ?? null,
    'father.dateOfBirth': source.father?.dateOfBirth ?? null,
  };
  const fingerprints = {} as PrintedFingerprints;
  for (const field of PRINTED_FIELDS) {
    const value = values[field];
    fingerprints[field] = value == null ? null : createHash('sha256').update(`${caseId}\u0000${field}\u0000${JSON.stringify(value)}`).digest('base64url');
  }
  return fingerprints;
}

/** The printed facts that differ between two versions of the application. */
export function changedPrintedFields(before: PrintedFingerprints, after: PrintedFingerprints): PrintedField[] {
  return PRINTED_FIELDS.filter((field) => (before[field] ?? null) !== (after[field] ?? null));
}

function nonBlank(text: string | null | undefined): string | null {
  return typeof text === 'string' && text.trim() !== '' ? text : null;
}
