import type { ItemState } from '@birth/contracts';
import { changedPrintedFields, type PrintedField, type PrintedFingerprints } from './printed-facts';

/** What the service keeps on the item (jsonb): no personal data, only digests of the printed facts. */
export interface CertificateFacts {
  /** The issuing institution (the hospital): its number blocks give the number. */
  institutionId: string;
  /** The hospital's county and the China date of acceptance: which rules (number format) apply. */
  regionCode: string;
  acceptedOn: string;
  /** The latest version of the application's printed facts, and when it was stated (acceptedAt or correctedAt). */
  printed: PrintedFingerprints;
  factsAsOf: string;
  /** The printed facts on the current certificate; null before issue. */
  printedOnCertificate: PrintedFingerprints | null;
  certificateNumber: string | null;
  /** The number the current certificate replaced (a reissue), else null. */
  replaces: string | null;
  issuedAt: string | null;
}

export type NextStep =
  /** Nothing to do: revoked, or issued and nothing printed changed. */
  | { kind: 'none' }
  /** Not issued and no name: the family must give one. */
  | { kind: 'await-name' }
  | { kind: 'issue' }
  /** Issued, and a printed fact changed since: a new number, the old one replaced. */
  | { kind: 'reissue'; changed: PrintedField[] };

/**
 * The certificate's next step from its facts (DOMAIN.md §3). A name is needed to issue; once
 * issued, only a changed printed fact leads anywhere (a reissue). A fact supplied before issue
 * is simply printed on the first certificate.
 */
export function nextStep(state: ItemState, facts: CertificateFacts): NextStep {
  if (state === 'revoked') return { kind: 'none' };
  if (facts.certificateNumber === null || facts.printedOnCertificate === null) {
    return facts.printed['newborn.name'] === null ? { kind: 'await-name' } : { kind: 'issue' };
  }
  const changed = changedPrintedFields(facts.printedOnCertificate, facts.printed);
  return changed.length > 0 ? { kind: 'reissue', changed } : { kind: 'none' };
}

/**
 * Whether a correction stated at `correctedAt` is newer than the facts the item holds. A
 * redelivered or overtaken correction is older (or the same) and changes nothing, so the outcome
 * does not depend on the order in which a case's messages arrive.
 */
export function isNewerStatement(factsAsOf: string, correctedAt: string): boolean {
  return Date.parse(correctedAt) > Date.parse(factsAsOf);
}

/** The China (UTC+8, no daylight saving) calendar date of an instant: the day the rules are taken for. */
export function chinaDateOf(instant: string): string {
  return new Date(Date.parse(instant) + 8 * 3600_000).toISOString().slice(0, 10);
}
