import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createNotifyOnEveryInsert } from '../messaging.migration';

/** The advisory lock writers share while their outbox rows commit; the relay goes idle only when it can take it (outbox-relay.ts). */
export const OUTBOX_WAKE_LOCK_PREFIX = 'outbox-wake:';

/**
 * Cheaper wake-ups. The first migration's trigger NOTIFYs in every transaction that writes the
 * outbox, and PostgreSQL serialises the commits of all notifying transactions of the cluster on
 * one lock, held through the WAL flush (async.c, PreCommit_Notify): every service sharing the
 * cluster commits one at a time. Now a statement notifies only when the relay may be idle, that
 * is when no older unpublished row is visible (one that is waiting has woken the relay already,
 * or will be found by the drain it is in).
 *
 * The race this leaves is closed by a lock, not by timing: a writer that saw an older row and
 * stayed silent may commit after the relay's last read of a drain. So each writer holds a
 * shared advisory lock (`outbox-wake:<schema>`) from its insert until its commit is visible, and
 * the relay decides to go idle only on an empty read made after taking that lock exclusively
 * (without waiting: if a writer holds it, the relay reads again a few milliseconds later). A
 * silent writer's row is therefore either seen by that read or, if the writer inserted after
 * it, the writer saw no unpublished row and notified.
 *
 * The older row is looked up backwards from the statement's first row (`seq` descending): under
 * load the nearest unpublished row is a neighbour, and the published rows' dead index entries at
 * the start of the index are not walked by every writer.
 */
export class OutboxNotifyWhenIdle1764000005000 implements MigrationInterface {
  name = 'OutboxNotifyWhenIdle1764000005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Qualified at creation: the trigger reads the outbox of its own schema whatever the inserting session's search_path.
    const outbox = await this.qualifiedOutbox(queryRunner);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        first_new bigint;
      BEGIN
        PERFORM pg_advisory_xact_lock_shared(hashtext('${OUTBOX_WAKE_LOCK_PREFIX}' || TG_TABLE_SCHEMA));
        SELECT min(seq) INTO first_new FROM inserted;
        PERFORM 1 FROM ${outbox} WHERE published_at IS NULL AND seq < first_new ORDER BY seq DESC LIMIT 1;
        IF NOT FOUND THEN
          PERFORM pg_notify('outbox_' || TG_TABLE_SCHEMA, '');
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`DROP TRIGGER outbox_notify ON outbox`);
    await queryRunner.query(
      `CREATE TRIGGER outbox_notify AFTER INSERT ON outbox REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER outbox_notify ON outbox`);
    await createNotifyOnEveryInsert(queryRunner);
  }

  private async qualifiedOutbox(queryRunner: QueryRunner): Promise<string> {
    const [row] = (await queryRunner.query(`SELECT quote_ident(current_schema()) AS schema`)) as { schema: string }[];
    return `${row!.schema}.outbox`;
  }
}
