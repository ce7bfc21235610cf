import type { Beneficiary, LocalizedTextV1 } from '@birth/contracts';
import { PAYMENT_MISMATCH } from './claim-progress';

// A clerk's resolution of a claim in manual review (issues 12 and 15): the three states the
// service cannot leave on its own. Pure: which resolution applies to what the claim holds now.
//   wage-set          a benefit waits for a clerk to set the wage (the region's rule for an unknown wage is manual review)
//   ledger-confirmed  a mismatch: the clerk checked the bank's ledger and the payment there is this benefit's; it counts as paid, nothing is sent again
//   recovery-recorded money paid after the birth was voided has been recovered outside the platform; the stopped claim closes

export const CLAIM_RESOLUTION_KINDS = ['wage-set', 'ledger-confirmed', 'recovery-recorded'] as const;
export type ClaimResolutionKind = (typeof CLAIM_RESOLUTION_KINDS)[number];

export const WAGE_UNKNOWN_MANUAL_REVIEW = 'WAGE_UNKNOWN_MANUAL_REVIEW';
/** The reason a claim closes with once a clerk recorded the recovery of money paid after the void. */
export const PAYMENT_RECOVERED = 'PAYMENT_RECOVERED';

/** What a resolution is judged against: the claim's flags and the named beneficiary's benefits. */
export interface ResolutionFacts {
  readonly recoveryRequired: boolean;
  /** Every case of the delivery is voided: the claim stopped. */
  readonly stopped: boolean;
  readonly benefits: readonly { beneficiary: Beneficiary; state: string; reasonCode: string | null; paidAt: string | null }[];
}

export type ResolutionCheck = { ok: true } | { ok: false; field: string; code: 'RESOLUTION_NOT_APPLICABLE'; message: LocalizedTextV1 };

const notApplicable = (field: string, zh: string, en: string): ResolutionCheck => ({ ok: false, field, code: 'RESOLUTION_NOT_APPLICABLE', message: { zh, en } });

/** Whether `kind` applies now; `beneficiary` names the benefit for wage-set and ledger-confirmed. */
export function checkResolution(kind: ClaimResolutionKind, beneficiary: Beneficiary | null, facts: ResolutionFacts): ResolutionCheck {
  const mine = facts.benefits.filter((b) => b.beneficiary === beneficiary);
  switch (kind) {
    case 'wage-set':
      return mine.some((b) => b.state === 'in_progress' && b.reasonCode === WAGE_UNKNOWN_MANUAL_REVIEW && b.paidAt === null)
        ? { ok: true }
        : notApplicable('kind', '该受益人的津贴不在待核定工资状态', "This beneficiary's benefit is not waiting for a clerk to set the wage");
    case 'ledger-confirmed':
      return mine.some((b) => b.reasonCode === PAYMENT_MISMATCH && b.paidAt === null)
        ? { ok: true }
        : notApplicable('kind', '该受益人的津贴没有待核对的银行账目不一致', "This beneficiary's benefit has no ledger mismatch to confirm");
    case 'recovery-recorded':
      if (!facts.recoveryRequired) return notApplicable('kind', '该申领不需要追回款项', 'This claim has no payment to recover');
      // A twin voided after payment leaves the claim live with an overpayment: its recovery is
      // judged against the days again at every change, so it is not closed by hand here.
      return facts.stopped ? { ok: true } : notApplicable('kind', '仍有有效案件的多付款项暂不支持在此登记追回', 'An overpayment on a claim with live cases cannot be recorded as recovered here');
  }
}
