// What an answer of the bank does to a payment order: pure rules, no I/O. The same rules apply
// whichever way the answer came (the POST's answer, the signed callback, reconciliation's GET),
// so a callback after a reconciliation, or the same callback twice, changes nothing more.

export type OrderState = 'pending' | 'sent' | 'paid' | 'rejected' | 'closed';

/** What the bank says of one payment (its idempotency key). */
export type BankVerdict =
  | { readonly kind: 'accepted'; readonly bankReference: string; readonly at: string }
  | { readonly kind: 'settled'; readonly bankReference: string; readonly amountFen: number; readonly at: string }
  | { readonly kind: 'rejected'; readonly bankReference: string | null; readonly reasonCode: string; readonly at: string }
  /** GET answered 404: the bank never accepted this key. */
  | { readonly kind: 'unknown' };

/** The order as the rules need it. */
export interface OrderFacts {
  readonly state: OrderState;
  readonly amountFen: number;
  /** A mismatch was raised already: raised once, then left to an operator. */
  readonly mismatched: boolean;
}

export type OrderStep =
  | { readonly step: 'nothing' }
  /** The bank holds the payment, undecided: `pending` → `sent`. */
  | { readonly step: 'mark-sent' }
  | { readonly step: 'pay' }
  | { readonly step: 'reject' }
  /** A closed order's answer that changes no money: recorded, no outcome. */
  | { readonly step: 'record-answer' }
  | { readonly step: 'mismatch'; readonly reasonCode: MismatchCode; readonly detail: string };

export type MismatchCode =
  | 'LEDGER_PAYMENT_UNKNOWN_TO_CLAIM'
  | 'LEDGER_AMOUNT_DIFFERS'
  | 'LEDGER_PAID_REJECTED_ORDER'
  | 'LEDGER_REJECTED_PAID_ORDER'
  | 'LEDGER_PAYMENT_MISSING'
  | 'IDEMPOTENCY_KEY_REUSED';

/** What `verdict` does to an order in `order`'s state. Never a second payment: no step here sends anything. */
export function stepFor(order: OrderFacts, verdict: BankVerdict): OrderStep {
  if (order.mismatched) return { step: 'nothing' };
  switch (verdict.kind) {
    case 'accepted':
      return order.state === 'pending' ? { step: 'mark-sent' } : { step: 'nothing' };
    case 'settled':
      if (verdict.amountFen !== order.amountFen) {
        return mismatch('LEDGER_AMOUNT_DIFFERS', `the bank settled ${verdict.amountFen} fen; the order is for ${order.amountFen} fen`);
      }
      switch (order.state) {
        case 'pending':
        case 'sent':
          return { step: 'pay' };
        case 'paid':
          return { step: 'nothing' };
        case 'rejected':
          return mismatch('LEDGER_PAID_REJECTED_ORDER', 'the bank settled an order the claim holds as rejected');
        case 'closed':
          return mismatch('LEDGER_PAYMENT_UNKNOWN_TO_CLAIM', 'the bank settled an order the claim had closed');
      }
      break;
    case 'rejected':
      switch (order.state) {
        case 'pending':
        case 'sent':
          return { step: 'reject' };
        case 'rejected':
          return { step: 'nothing' };
        case 'closed':
          return { step: 'record-answer' };
        case 'paid':
          return mismatch('LEDGER_REJECTED_PAID_ORDER', 'the bank rejected an order the claim holds as paid');
      }
      break;
    case 'unknown':
      switch (order.state) {
        case 'pending':
        case 'rejected':
          // Never reached the bank (or refused before storing): the dispatcher sends it again, or nothing is owed.
          return { step: 'nothing' };
        case 'closed':
          return { step: 'record-answer' };
        case 'sent':
        case 'paid':
          return mismatch('LEDGER_PAYMENT_MISSING', `the bank does not know an order the claim holds as ${order.state}`);
      }
  }
  return { step: 'nothing' };
}

function mismatch(reasonCode: MismatchCode, detail: string): OrderStep {
  return { step: 'mismatch', reasonCode, detail };
}

/** Delay before the next send attempt of an order whose sending failed transiently: doubling, capped. */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(30, attempts - 1)));
}
