import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The saga's durable timers (issue 13, "SLA timers") and the clock they fire on.
 *
 * - `timers`: one row per (case, step, kind); `step` is the item, or NULL for a case-wide timer.
 *   A tick claims `pending` rows whose `due_at` has passed, so the partial index on `due_at`
 *   holds only pending rows: a tick costs what is due, not what is open.
 * - `saga_clock`: one row, an offset added to the database's `now()`. Timers fire on the
 *   database's clock (never a process's); tests move it forward through the test-only
 *   `setTestClock`. A trigger refuses any change unless the session has set
 *   `saga.test_clock = 'allowed'`, which only that function does.
 */
export class CreateTimers1764000000300 implements MigrationInterface {
  name = 'CreateTimers1764000000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE timers (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        case_id       uuid NOT NULL,
        step          text,
        kind          text NOT NULL CHECK (kind ~ '^[a-z][a-z-]{0,39}$'),
        due_at        timestamptz NOT NULL,
        state         text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'fired', 'cancelled')),
        fired_at      timestamptz,
        attempts      integer NOT NULL DEFAULT 0,
        last_error    text,
        payload       jsonb NOT NULL DEFAULT '{}',
        scheduled_at  timestamptz NOT NULL,
        CHECK ((state = 'fired') = (fired_at IS NOT NULL)),
        CONSTRAINT timers_one_per_case_step_kind UNIQUE NULLS NOT DISTINCT (case_id, step, kind)
      )`);
    await queryRunner.query(`CREATE INDEX timers_pending_due ON timers (due_at) WHERE state = 'pending'`);
    await queryRunner.query(`
      CREATE TABLE saga_clock (
        only_row      boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        clock_offset  interval NOT NULL DEFAULT interval '0'
      )`);
    await queryRunner.query(`INSERT INTO saga_clock DEFAULT VALUES`);
    await queryRunner.query(`
      CREATE FUNCTION saga_clock_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF coalesce(current_setting('saga.test_clock', true), '') <> 'allowed' THEN
          RAISE EXCEPTION 'saga_clock is set only by the test-only setTestClock (saga.test_clock is not allowed in this session)';
        END IF;
        RETURN coalesce(NEW, OLD);
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER saga_clock_guard BEFORE INSERT OR UPDATE OR DELETE ON saga_clock
      FOR EACH ROW EXECUTE FUNCTION saga_clock_guard()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE saga_clock`);
    await queryRunner.query(`DROP FUNCTION saga_clock_guard()`);
    await queryRunner.query(`DROP TABLE timers`);
  }
}
