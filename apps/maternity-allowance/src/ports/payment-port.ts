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
