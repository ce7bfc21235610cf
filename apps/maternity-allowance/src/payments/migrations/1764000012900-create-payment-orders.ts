import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payment orders of the allowance (DESIGN.md "Money exactly once"): one row per attempt to pay a
 * benefit, with its own idempotency key sent to the bank. (claim, beneficiary, benefit) has at
 * most one order that is not `closed` (partial unique index): a rejected order is closed when
 * the corrected account opens the next one; a paid order stays, so nothing opens a second.
 *
 * The account travels and rests sealed (HPKE, the allowance's key, bound to `sealed_case_id`
 * and `sealed_field_path`); it is opened in memory only when the order is sent.
 */
export class CreatePaymentOrders1764000012900 implements MigrationInterface {
  name = 'CreatePaymentOrders1764000012900';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE payment_orders (
        order_id          uuid PRIMARY KEY,
        claim_id          uuid NOT NULL,
        benefit           text NOT NULL CHECK (benefit IN ('maternity-leave', 'paternity-leave')),
        beneficiary       text NOT NULL CHECK (beneficiary IN ('mother', 'father')),
        amount_fen        bigint NOT NULL CHECK (amount_fen > 0),
        sealed_account    jsonb NOT NULL,
        sealed_case_id    uuid NOT NULL,
        sealed_field_path text NOT NULL CHECK (sealed_field_path IN ('mother.bankAccount', 'father.bankAccount')),
        idempotency_key   text NOT NULL UNIQUE,
        callback_url      text NOT NULL,
        cause             text NOT NULL,
        state             text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'paid', 'rejected', 'closed')),
        opened_at         timestamptz NOT NULL DEFAULT now(),
        -- sending (PaymentDispatcher): next_attempt_at is also the lease of a send in flight; retried with backoff under the same key and body
        send_attempts     integer NOT NULL DEFAULT 0,
        next_attempt_at   timestamptz NOT NULL DEFAULT now(),
        first_sent_at     timestamptz,
        last_error        text,
        -- what the bank said (POST answer, callback or GET), the bank's own times
        bank_reference    text,
        bank_state        text CHECK (bank_state IN ('accepted', 'settled', 'rejected')),
        sent_at           timestamptz,
        paid_at           timestamptz,
        rejected_at       timestamptz,
        reason_code       text,
        answered_at       timestamptz,
        reconciled_at     timestamptz,
        mismatch_code     text,
        mismatch_at       timestamptz,
        closed_at         timestamptz,
        closed_reason     text
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX payment_orders_one_open ON payment_orders (claim_id, beneficiary, benefit) WHERE state <> 'closed'`);
    await queryRunner.query(`CREATE INDEX payment_orders_claim ON payment_orders (claim_id)`);
    await queryRunner.query(`CREATE INDEX payment_orders_due ON payment_orders (next_attempt_at) WHERE state = 'pending'`);
    // Orders the bank may hold with no final answer recorded yet: what reconciliation asks about.
    await queryRunner.query(`CREATE INDEX payment_orders_unanswered ON payment_orders (first_sent_at) WHERE first_sent_at IS NOT NULL AND answered_at IS NULL AND mismatch_code IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE payment_orders`);
  }
}
