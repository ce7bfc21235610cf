import { maskAccount } from '@birth/contracts';

/** A payment row as read by the repository (amounts as pg returns bigint: text). */
export interface PaymentRow {
  id: string;
  idempotency_key: string;
  body_sha256: string;
  bank_reference: string;
  amount_fen: string;
  currency: 'CNY';
  account_number: string;
  bank_code: string | null;
  reference: string;
  callback_url: string;
  state: 'accepted' | 'settled' | 'rejected';
  reason_code: string | null;
  accepted_at: Date;
  decided_at: Date | null;
}

/** What the bank answers about a payment (POST and GET): the account masked, never the holder's name. */
export function paymentView(row: PaymentRow) {
  return {
    idempotencyKey: row.idempotency_key,
    bankReference: row.bank_reference,
    reference: row.reference,
    state: row.state,
    amountFen: Number(row.amount_fen),
    currency: row.currency,
    account: { number: maskAccount(row.account_number), bankCode: row.bank_code },
    reasonCode: row.reason_code,
    acceptedAt: row.accepted_at.toISOString(),
    settledAt: row.state === 'settled' ? row.decided_at!.toISOString() : null,
    rejectedAt: row.state === 'rejected' ? row.decided_at!.toISOString() : null,
  };
}
