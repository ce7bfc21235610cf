import type { ItemState, LocalizedTextV1 } from '@birth/contracts';
import type { ItemStatus } from '@birth/platform';
import { PAYMENT_RECOVERED } from './claim-resolution';

// The claim's common item block, from its benefits (issue 12): the saga reads a claim like any
// department's item. Rejected and forwarded benefits do not hold the claim back; it is `done`
// when every eligible benefit is paid. Pure.

/** A benefit as the claim's status sees it. */
export interface BenefitStatus {
  readonly state: ItemState;
  readonly reasonCode: string | null;
  readonly reason: LocalizedTextV1 | null;
  readonly ruleVersion: number | null;
}

export interface ClaimStatusFacts {
  readonly benefits: readonly BenefitStatus[];
  /** The claim's acceptance (later of the case's acceptance and the certificate's issue), null until accepted. */
  readonly acceptedAt: string | null;
  /** The acceptance of the first case, when benefits were decided at once (rejected, forwarded). */
  readonly caseAcceptedAt: string;
  /** Voided before payment: the claim stops. */
  readonly cancelled: { reasonCode: string } | null;
  /** Voided (or a twin voided) after payment: a clerk must recover money. */
  readonly recoveryRequired: boolean;
}

const SETTLED: readonly ItemState[] = ['rejected', 'forwarded', 'revoked'];
/** Which in-progress reason the claim shows when benefits differ: the one a clerk must act on first. */
const IN_PROGRESS_PRIORITY = ['PAYMENT_MISMATCH', 'WAGE_UNKNOWN_MANUAL_REVIEW', 'PAYMENT_IN_PROGRESS'];

const RECOVERY_REASON: LocalizedTextV1 = {
  zh: '出生登记已作废，但津贴已支付：需经办人员办理追回。',
  en: 'The birth was voided after the allowance was paid: a clerk must recover the payment.',
};

const RECOVERED_REASON: LocalizedTextV1 = {
  zh: '出生登记已作废，作废后发放的津贴已由经办人员登记追回，申领终止。',
  en: 'The birth was voided; the allowance paid after the void was recovered, as a clerk recorded: the claim is closed.',
};

const CANCELLED_REASON: LocalizedTextV1 = { zh: '出生登记已作废，津贴申请终止，未支付任何款项。', en: 'The birth was voided before payment: the claim stopped and nothing was paid.' };

export function claimStatusOf(facts: ClaimStatusFacts): ItemStatus {
  const ruleVersion = facts.benefits.find((b) => b.ruleVersion !== null)?.ruleVersion ?? null;
  const base = { ruleVersion: ruleVersion === null ? null : String(ruleVersion) };
  // Money out wins over a cancellation: a payment that landed after the void is still to recover.
  if (facts.recoveryRequired) {
    return { ...base, state: 'in_progress', reasonCode: 'RECOVERY_REQUIRED', reason: RECOVERY_REASON, waitingFor: [], prerequisitesMetAt: facts.acceptedAt ?? facts.caseAcceptedAt };
  }
  if (facts.cancelled) {
    const reason = facts.cancelled.reasonCode === PAYMENT_RECOVERED ? RECOVERED_REASON : CANCELLED_REASON;
    return { ...base, state: 'revoked', reasonCode: facts.cancelled.reasonCode, reason, waitingFor: [], prerequisitesMetAt: facts.acceptedAt };
  }
  const active = facts.benefits.filter((b) => !SETTLED.includes(b.state));
  if (active.length === 0) {
    // Decided at once from the birth: the decision's clock started with the case.
    const forwarded = facts.benefits.find((b) => b.state === 'forwarded');
    const shown = forwarded ?? facts.benefits.find((b) => b.state === 'rejected') ?? facts.benefits[0];
    if (!shown) throw new Error('a claim has at least the mother\'s benefit');
    return { ...base, state: shown.state, reasonCode: shown.reasonCode, reason: shown.reason, waitingFor: [], prerequisitesMetAt: facts.caseAcceptedAt };
  }
  if (active.some((b) => b.state === 'waiting')) {
    return { ...base, state: 'waiting', reasonCode: null, reason: null, waitingFor: ['birth-certificate'], prerequisitesMetAt: null };
  }
  const awaiting = active.find((b) => b.state === 'awaiting_applicant');
  if (awaiting) {
    return { ...base, state: 'awaiting_applicant', reasonCode: awaiting.reasonCode, reason: awaiting.reason, waitingFor: ['bank-account'], prerequisitesMetAt: facts.acceptedAt };
  }
  const inProgress = active.filter((b) => b.state === 'in_progress');
  if (inProgress.length > 0) {
    const rank = (b: BenefitStatus) => {
      const at = IN_PROGRESS_PRIORITY.indexOf(b.reasonCode ?? '');
      return at === -1 ? IN_PROGRESS_PRIORITY.length : at;
    };
    const shown = [...inProgress].sort((a, b) => rank(a) - rank(b))[0]!;
    return { ...base, state: 'in_progress', reasonCode: shown.reasonCode ?? 'PAYMENT_IN_PROGRESS', reason: shown.reason, waitingFor: [], prerequisitesMetAt: facts.acceptedAt };
  }
  return { ...base, state: 'done', reasonCode: null, reason: null, waitingFor: [], prerequisitesMetAt: facts.acceptedAt };
}
