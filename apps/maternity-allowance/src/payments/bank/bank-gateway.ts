import type { BankVerdict } from '../domain/order-transitions';

/** What the allowance asks a bank to pay. The account is in clear only in memory, for this one request. */
export interface PaymentInstruction {
  /** The order's own key: the same key and body on every resend, so a resend never pays twice. */
  readonly idempotencyKey: string;
  /** The payer's reference: the order id. */
  readonly reference: string;
  readonly amountFen: number;
  readonly account: { readonly number: string; readonly holderName: string };
  readonly callbackUrl: string;
}

/**
 * What came back from one request to the bank:
 * - `answered`: the bank holds the payment; what it says of it now;
 * - `not-found` (lookup only): the bank never accepted this key;
 * - `refused`: the bank refused the request for good (`ACCOUNT_MALFORMED`: the account's format;
 *   `IDEMPOTENCY_KEY_REUSED`: another body under this key); sending again would not help;
 * - `unavailable`: a transient failure (down, timed out, 5xx): resend later with the same key;
 *   the payment may exist (a lost answer), which the same key makes harmless.
 */
export type BankAnswer =
  | { readonly kind: 'answered'; readonly verdict: Exclude<BankVerdict, { kind: 'unknown' }> }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'refused'; readonly code: 'ACCOUNT_MALFORMED' | 'IDEMPOTENCY_KEY_REUSED'; readonly detail: string }
  | { readonly kind: 'unavailable'; readonly detail: string };

/** A callback the bank sent, once its signature is checked. */
export type BankCallback =
  | { readonly ok: true; readonly idempotencyKey: string; readonly reference: string; readonly verdict: Exclude<BankVerdict, { kind: 'unknown' | 'accepted' }> }
  | { readonly ok: false; readonly status: 400 | 401; readonly code: string; readonly detail: string };

/**
 * The allowance's only way to a bank. The demo's bank program speaks HTTP (HttpBankGateway); a
 * real bank's API replaces this class, not the dispatcher, the callbacks or reconciliation.
 * Implementations never log the account and never quote it in `detail`.
 */
export abstract class BankGateway {
  /** Asks the bank to pay (POST /payments); safe to repeat with the same instruction. */
  abstract submit(instruction: PaymentInstruction): Promise<BankAnswer>;
  /** What the bank's ledger says of a key (GET /payments/{key}): reconciliation. */
  abstract lookup(idempotencyKey: string): Promise<BankAnswer>;
  /** Checks a callback's signature over the exact bytes received and reads it. */
  abstract readCallback(rawBody: Buffer, headers: Readonly<Record<string, string | string[] | undefined>>): BankCallback;
}
