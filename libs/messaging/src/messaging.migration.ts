import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first wake-up: a NOTIFY from every statement that inserts into the outbox (since
 * OutboxNotifyWhenIdle1764000005000 only when the relay may be idle; its `down` restores this).
 */
export async function createNotifyOnEveryInsert(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE OR REPLACE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('outbox_' || TG_TABLE_SCHEMA, '');
      RETURN NULL;
    END $$`);
  await queryRunner.query(`CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`);
}

/**
 * The outbox and inbox tables every service has in its own schema (unqualified names:
 * the service's connection sets search_path to its schema). Modelled on
 * pg-transactional-outbox: attempts and the last error are kept per row.
 */
export class CreateMessagingTables1764000000000 implements MigrationInterface {
  name = 'CreateMessagingTables1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox (
        id            uuid PRIMARY KEY,
        -- Orders rows of one key (a key's writers serialise on its business row, so its
        -- rows get increasing values). Never used as a cursor: values commit out of order.
        seq           bigserial NOT NULL,
        topic         text NOT NULL,
        message_key   text,
        value         text NOT NULL,
        headers       jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at    timestamptz NOT NULL DEFAULT now(),
        published_at  timestamptz,
        attempts      integer NOT NULL DEFAULT 0,
        last_error    text
      )`);
    await queryRunner.query(`CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL`);
    await queryRunner.query(`CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL`);
    // Wake the relay at commit time instead of making it poll (NOTIFY is delivered on commit only).
    await createNotifyOnEveryInsert(queryRunner);
    await queryRunner.query(`
      CREATE TABLE inbox (
        consumer_group text NOT NULL,
        message_id     uuid NOT NULL,
        topic          text NOT NULL,
        kafka_partition integer NOT NULL,
        kafka_offset   bigint NOT NULL,
        processed_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, message_id)
      )`);
    await queryRunner.query(`CREATE INDEX inbox_processed_at ON inbox (processed_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE inbox`);
    await queryRunner.query(`DROP TRIGGER outbox_notify ON outbox`);
    await queryRunner.query(`DROP FUNCTION outbox_notify()`);
    await queryRunner.query(`DROP TABLE outbox`);
  }
}
