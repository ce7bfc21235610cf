import { Injectable } from '@nestjs/common';
import { BankDatabase } from '../database/bank-database';
import type { PaymentRequest } from '../domain/payment-request';
import type { PaymentRow } from './payment-view';

/** Payments by idempotency key. The unique key is the guarantee: a key is stored once, whatever races. */
@Injectable()
export class PaymentsRepository {
  constructor(private readonly db: BankDatabase) {}

  /**
   * Stores the payment unless the key is taken; then answers the payment stored under it.
   * `created` says which. Concurrent calls with one key: one inserts, the others wait for its
   * commit (ON CONFLICT) and read its row.
   */
  async acceptOnce(key: string, bodySha256: string, request: PaymentRequest): Promise<{ created: boolean; payment: PaymentRow }> {
    const [inserted] = await this.db.query<PaymentRow>(
      `INSERT INTO payments (idempotency_key, body_sha256, bank_reference, amount_fen, currency, account_number, holder_name, bank_code, reference, callback_url, settle_after)
       SELECT $1, $2, 'BSIM' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad(nextval('bank_reference_seq')::text, 10, '0'),
              $3, $4, $5, $6, $7, $8, $9, now() + confirm_delay_ms * interval '1 millisecond'
       FROM faults
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING *`,
      [key, bodySha256, request.amountFen, request.currency, request.account.number, request.account.holderName, request.account.bankCode ?? null, request.reference, request.callbackUrl],
    );
    if (inserted) return { created: true, payment: inserted };
    const existing = await this.byKey(key);
    if (!existing) throw new Error('a payment key conflicted but no payment has it');
    return { created: false, payment: existing };
  }

  async byKey(key: string): Promise<PaymentRow | undefined> {
    const [row] = await this.db.query<PaymentRow>(`SELECT * FROM payments WHERE idempotency_key = $1`, [key]);
    return row;
  }
}
