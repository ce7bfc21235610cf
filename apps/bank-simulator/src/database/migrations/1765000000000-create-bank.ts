import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The bank's own books: accounts, payments (one per idempotency key), the ledger, the callbacks
 * still to deliver, and the injected faults (one row). Account numbers are stored as the bank
 * holds them: it is the bank's data, not the platform's; they are never logged.
 */
export class CreateBank1765000000000 implements MigrationInterface {
  name = 'CreateBank1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE accounts (
        number      text PRIMARY KEY CHECK (number ~ '^[0-9]{8,30}$'),
        holder_name text NOT NULL,
        state       text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
        opened_at   timestamptz NOT NULL DEFAULT now(),
        closed_at   timestamptz
      )`);
    await q.query(`CREATE SEQUENCE bank_reference_seq`);
    await q.query(`
      CREATE TABLE payments (
        id              bigserial PRIMARY KEY,
        idempotency_key text NOT NULL UNIQUE,
        body_sha256     text NOT NULL,
        bank_reference  text NOT NULL UNIQUE,
        amount_fen      bigint NOT NULL CHECK (amount_fen > 0),
        currency        text NOT NULL CHECK (currency = 'CNY'),
        account_number  text NOT NULL,
        holder_name     text NOT NULL,
        bank_code       text,
        reference       text NOT NULL,
        callback_url    text NOT NULL,
        state           text NOT NULL DEFAULT 'accepted' CHECK (state IN ('accepted', 'settled', 'rejected')),
        reason_code     text,
        accepted_at     timestamptz NOT NULL DEFAULT now(),
        settle_after    timestamptz NOT NULL DEFAULT now(),
        decided_at      timestamptz,
        CHECK ((state = 'accepted') = (decided_at IS NULL)),
        CHECK ((state = 'rejected') = (reason_code IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX payments_to_decide ON payments (settle_after) WHERE state = 'accepted'`);
    // Double entry: a settled payment debits the payer's settlement account and credits the
    // beneficiary's, once each (unique per payment and side), so the ledger cannot pay twice.
    await q.query(`
      CREATE TABLE ledger_entries (
        id              bigserial PRIMARY KEY,
        payment_id      bigint NOT NULL REFERENCES payments (id),
        idempotency_key text NOT NULL,
        account_number  text NOT NULL,
        side            text NOT NULL CHECK (side IN ('debit', 'credit')),
        amount_fen      bigint NOT NULL CHECK (amount_fen > 0),
        booked_at       timestamptz NOT NULL DEFAULT now(),
        UNIQUE (payment_id, side)
      )`);
    await q.query(`
      CREATE TABLE callbacks (
        payment_id      bigint PRIMARY KEY REFERENCES payments (id),
        attempts        integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        delivered_at    timestamptz,
        dropped_at      timestamptz,
        last_error      text
      )`);
    await q.query(`CREATE INDEX callbacks_due ON callbacks (next_attempt_at) WHERE delivered_at IS NULL AND dropped_at IS NULL`);
    await q.query(`
      CREATE TABLE faults (
        id               boolean PRIMARY KEY DEFAULT true CHECK (id),
        latency_ms       integer NOT NULL DEFAULT 0 CHECK (latency_ms >= 0),
        fail_next        integer NOT NULL DEFAULT 0 CHECK (fail_next >= 0),
        fail_rate        double precision NOT NULL DEFAULT 0 CHECK (fail_rate >= 0 AND fail_rate <= 1),
        drop_callbacks   integer NOT NULL DEFAULT 0 CHECK (drop_callbacks >= 0),
        confirm_delay_ms integer NOT NULL DEFAULT 0 CHECK (confirm_delay_ms >= 0)
      )`);
    await q.query(`INSERT INTO faults DEFAULT VALUES`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE faults, callbacks, ledger_entries, payments, accounts`);
    await q.query(`DROP SEQUENCE bank_reference_seq`);
  }
}
