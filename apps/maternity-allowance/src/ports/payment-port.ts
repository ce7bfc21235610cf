import type { EntityManager } from 'typeorm';
import type { Benefit, Beneficiary, LocalizedTextV1, PaymentState, SealedValueV1 } from '@birth/contracts';

// The seam between the claim (eligibility, days, amounts, claim-changed) and payments (orders,
// the bank adapter, callbacks, reconciliation). Each side calls the other only through these two
// classes, always inside the caller's transaction, so a claim change and its payment order (or a
// payment outcome and its claim change) commit together or not at all.

/** A benefit ready to be paid: what the claim side hands to payments. */
export interface PaymentOrderRequest {
  readonly claimId: string;
  readonly benefit: Benefit;
  readonly beneficiary: Beneficiary;
  readonly amountFen: number;
  /** The beneficiary's account as received, sealed to the allowance service's key; opened only when sending. */
  readonly sealedAccount: SealedValueV1;
  /** What the sealed value is bound to (HPKE info/aad): the case it came with and its field path. */
  readonly sealedFor: { readonly caseId: string; readonly fieldPath: 'mother.bankAccount' | 'father.bankAccount' };
  /** Why the order opens: `ACCEPTED`, `ACCOUNT_CORRECTED`, `RETRY_STEP`. */
  readonly cause: string;
}

/** A payment order as the claim shows it (no account, no amounts beyond the claim's own). */
export interface PaymentOrderView {
  readonly orderId: string;
  readonly benefit: Benefit;
  readonly beneficiary: Beneficiary;
  readonly state: Exclude<PaymentState, 'none'>;
  readonly bankReference: string | null;
  readonly paidAt: string | null;
}

/** Implemented by payments (apps/maternity-allowance/src/payments). */
export abstract class PaymentOrders {
  /**
   * Opens the one open order for (claim, beneficiary, benefit), closing a previous `rejected`
   * one. Idempotent: with an open or paid order already there, returns that order's id and opens
   * nothing. Sending to the bank happens after commit (the order is `pending` until then).
   */
  abstract open(manager: EntityManager, request: PaymentOrderRequest): Promise<string>;
  /** Closes every order of the claim that is not paid (a void before payment); returns how many were closed. */
  abstract closeUnpaid(manager: EntityManager, claimId: string, reasonCode: string): Promise<number>;
  /** The latest order of each benefit of the claim, for the claim's answers and events. */
  abstract latest(manager: EntityManager, claimId: string): Promise<PaymentOrderView[]>;
}

export interface PaymentOutcome {
  readonly claimId: string;
  readonly benefit: Benefit;
  readonly beneficiary: Beneficiary;
  readonly orderId: string;
  /** When the bank said so, from the bank's data (callback or ledger), never the processing time. */
  readonly at: string;
}

export interface PaidOutcome extends PaymentOutcome {
  readonly bankReference: string;
  readonly amountFen: number;
}

export interface RejectedOutcome extends PaymentOutcome {
  /** The bank's reason as a code (`ACCOUNT_CLOSED`, `ACCOUNT_MALFORMED`, …). */
  readonly reasonCode: string;
  readonly reason: LocalizedTextV1;
}

export interface MismatchOutcome extends PaymentOutcome {
  /** `LEDGER_PAYMENT_UNKNOWN_TO_CLAIM`, `LEDGER_AMOUNT_DIFFERS`, … */
  readonly reasonCode: string;
  /** For operators; never personal data. */
  readonly detail: string;
}

/** Implemented by the claim side (apps/maternity-allowance/src/claims): what payments tell the claim. */
export abstract class BenefitPaymentOutcomes {
  /** The order went out to the bank (`sent`); the claim may publish nothing for it. */
  abstract sent(manager: EntityManager, outcome: PaymentOutcome): Promise<void>;
  /** Paid: the benefit is done; the claim publishes `paid` (and the item is done when every eligible benefit is). */
  abstract paid(manager: EntityManager, outcome: PaidOutcome): Promise<void>;
  /** The bank refused the account: the benefit moves to `awaiting_applicant` waiting for `bank-account`; the clock pauses. */
  abstract rejected(manager: EntityManager, outcome: RejectedOutcome): Promise<void>;
  /** Reconciliation found the ledger disagreeing: the claim publishes `mismatch`; nothing is paid again. */
  abstract mismatch(manager: EntityManager, outcome: MismatchOutcome): Promise<void>;
}

/** A clerk's corrected account for a beneficiary (`POST /internal/claims/{claimId}/bank-account` or `update-bank-account`). */
export interface AccountCorrection {
  readonly claimId: string;
  readonly beneficiary: Beneficiary;
  /** The corrected BankAccountV1 as JSON, sealed to the allowance service's key (already checked to open). */
  readonly sealedAccount: SealedValueV1;
  readonly sealedFor: { readonly caseId: string; readonly fieldPath: 'mother.bankAccount' | 'father.bankAccount' };
  readonly recordedBy: string;
  readonly reasonCode: string;
  readonly note: string | null;
  /** When the clerk recorded it (the command's occurredAt, or the request's arrival): the pause's end. */
  readonly at: string;
}

/** What the claim side answers to a correction. */
export type CorrectionAccepted =
  /** The claim stored the account; `reopen`: a request per benefit of that beneficiary waiting for it (cause `ACCOUNT_CORRECTED`). */
  | { readonly kind: 'stored'; readonly reopen: readonly PaymentOrderRequest[] }
  /** No such claim, or that beneficiary has no benefit on it. */
  | { readonly kind: 'not-found' };

/**
 * Implemented by the claim side, beside BenefitPaymentOutcomes: stores the corrected (sealed)
 * account on the claim, ends the `awaiting_applicant` pause of that beneficiary's benefits
 * (resume recorded at `correction.at`), and answers what to pay now. Payments then opens each
 * order (closing the rejected one). Added by payments (issue 12) for the correction flow.
 */
export abstract class ClaimAccounts {
  abstract accountCorrected(manager: EntityManager, correction: AccountCorrection): Promise<CorrectionAccepted>;
}

/**
 * Implemented by payments: the one way a corrected account enters (the internal endpoint and the
 * `update-bank-account` command, whose handler on `maternity-allowance.commands.v1` lives with the
 * claim's command consumer and calls this). Inside the caller's transaction: the claim stores
 * the account (ClaimAccounts), then the new orders open. Returns the ids of the orders opened,
 * or null when the claim or beneficiary is unknown.
 */
export abstract class AccountCorrections {
  abstract record(manager: EntityManager, correction: AccountCorrection): Promise<string[] | null>;
}
