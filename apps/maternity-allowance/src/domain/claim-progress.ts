import type { Beneficiary, ItemState, LocalizedTextV1 } from '@birth/contracts';
import type { BenefitOutcome } from './benefit-decision';

// Where a claim stands from its cases and what payments said (issue 12, DOMAIN.md §7): how many
// babies its days count, when it was accepted, and each benefit's state. Pure: the claim store
// reads the facts, these decide.

/** A case of the delivery as the claim keeps it. */
export interface ClaimCaseFacts {
  readonly caseAcceptedAt: string;
  readonly plurality: number;
  readonly certificateIssuedAt: string | null;
  readonly voidedAt: string | null;
}

/**
 * The babies the days count: the larger of the highest plurality any case announced and the
 * number of cases that came (so twins count two whichever arrives first), less the voided ones.
 */
export function babiesOf(cases: readonly ClaimCaseFacts[]): number {
  if (cases.length === 0) return 0;
  const voided = cases.filter((c) => c.voidedAt !== null).length;
  return Math.max(Math.max(...cases.map((c) => c.plurality)), cases.length) - voided;
}

/**
 * The claim's acceptance (DOMAIN.md §7): over the cases still in it with a certificate, each one's
 * later of the case's acceptance and the certificate's issue; the earliest of those, the first
 * proof of birth. Null without proof. From the data, never the processing time.
 */
export function acceptanceOf(cases: readonly ClaimCaseFacts[]): string | null {
  const candidates = cases
    .filter((c) => c.voidedAt === null && c.certificateIssuedAt !== null)
    .map((c) => (Date.parse(c.certificateIssuedAt!) > Date.parse(c.caseAcceptedAt) ? c.certificateIssuedAt! : c.caseAcceptedAt));
  return candidates.length === 0 ? null : earliestOf(candidates);
}

export function earliestOf(instants: readonly string[]): string {
  return [...instants].sort((a, b) => Date.parse(a) - Date.parse(b))[0]!;
}

/** What a benefit's state depends on. */
export interface BenefitStanding {
  readonly beneficiary: Beneficiary;
  readonly outcome: BenefitOutcome;
  readonly state: ItemState;
  readonly reasonCode: string | null;
  readonly reason: LocalizedTextV1 | null;
  /** The account as received (sealed); null when none was given. */
  readonly sealedAccount: unknown;
}

export const PAYMENT_IN_PROGRESS = 'PAYMENT_IN_PROGRESS';
export const PAYMENT_MISMATCH = 'PAYMENT_MISMATCH';
export const BANK_ACCOUNT_MISSING = 'BANK_ACCOUNT_MISSING';

const MISSING_ACCOUNT: LocalizedTextV1 = {
  zh: '申请中没有收款银行账户：请申请人提供账户后发放。',
  en: 'No bank account was given for the payment: the applicant must supply one.',
};

/**
 * Where a benefit not yet paid stands: `decided` carries the terms worked out now (with the
 * decision's reason), `stored` what payments said last (an account refused, a mismatch), which
 * stays until payments or a clerk changes it (`resume`: a corrected account for that beneficiary).
 */
export function benefitState<B extends BenefitStanding>(stored: B, decided: B, acceptedAt: string | null, resume?: Beneficiary): B {
  if (decided.outcome === 'rejected' || decided.outcome === 'forwarded') return { ...decided, state: decided.outcome };
  if (acceptedAt === null) return { ...decided, state: 'waiting', reasonCode: null, reason: null };
  const refused = stored.state === 'awaiting_applicant' && stored.reasonCode !== BANK_ACCOUNT_MISSING && resume !== stored.beneficiary;
  if (refused || stored.reasonCode === PAYMENT_MISMATCH) return { ...decided, state: stored.state, reasonCode: stored.reasonCode, reason: stored.reason };
  if (decided.outcome === 'manual-review') return { ...decided, state: 'in_progress' };
  if (decided.sealedAccount === null) return { ...decided, state: 'awaiting_applicant', reasonCode: BANK_ACCOUNT_MISSING, reason: MISSING_ACCOUNT };
  return { ...decided, state: 'in_progress', reasonCode: PAYMENT_IN_PROGRESS, reason: null };
}
