import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The replay audit (replay-audit.ts): one row per dead letter an operator re-published with
 * `npm run dlq -- replay`, written before the send and settled after it, so a replay that
 * dies half-way is still on record. Lives in the operators' schema (DLQ_AUDIT_SCHEMA).
 */
export class CreateDeadLetterReplays1764000004100 implements MigrationInterface {
  name = 'CreateDeadLetterReplays1764000004100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE dead_letter_replays (
        id                 bigserial PRIMARY KEY,
        replayed_at        timestamptz NOT NULL DEFAULT now(),
        actor              text NOT NULL,
        -- The operator's word on why it may go through now (--note), if given.
        note               text,
        dlq_topic          text NOT NULL,
        dlq_partition      integer NOT NULL,
        dlq_offset         bigint NOT NULL,
        original_topic     text NOT NULL,
        original_partition integer,
        original_offset    bigint,
        -- The envelope id, when the dead letter's value is an envelope.
        message_id         text,
        consumer_group     text NOT NULL,
        dead_letter_code   text NOT NULL,
        -- Why it was dead-lettered (dlq-reason).
        dead_letter_reason text NOT NULL,
        -- sending, then sent or failed: <error>.
        outcome            text NOT NULL DEFAULT 'sending'
      )`);
    await queryRunner.query(`CREATE INDEX dead_letter_replays_message ON dead_letter_replays (message_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE dead_letter_replays`);
  }
}
