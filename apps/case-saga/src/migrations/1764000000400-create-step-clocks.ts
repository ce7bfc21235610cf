import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The SLA side of each step (issue 13, "SLA timers"; apps/case-saga/src/sla): one row per
 * (case, item), written by StepClocks in the transaction that applies the step's change.
 * - `pauses`: `[{from, to, reason}]`, `to` null while the step waits for the applicant.
 * - `deadline` / `last_working_day`: after the closed pauses; `provisional` when the deadline
 *   reaches into a year with no calendar data (the partial index finds them when a year loads).
 * - `breached_at` is set once and never cleared; `at_risk` only while open and not paused.
 */
export class CreateStepClocks1764000000400 implements MigrationInterface {
  name = 'CreateStepClocks1764000000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE step_clocks (
        case_id                uuid NOT NULL,
        item                   text NOT NULL,
        region_code            text NOT NULL,
        rule_version           text,
        state                  text NOT NULL,
        target_working_days    integer CHECK (target_working_days >= 1),
        started_at             timestamptz,
        pauses                 jsonb NOT NULL DEFAULT '[]',
        deadline               timestamptz,
        last_working_day       date,
        at_risk_at             timestamptz,
        provisional            boolean NOT NULL DEFAULT false,
        calendar_version       text,
        paused_working_days    integer NOT NULL DEFAULT 0 CHECK (paused_working_days >= 0),
        at_risk                boolean NOT NULL DEFAULT false,
        breached_at            timestamptz,
        last_change_at         timestamptz NOT NULL,
        voided_at              timestamptz,
        provisional_escalated  boolean NOT NULL DEFAULT false,
        commands_sent          integer NOT NULL DEFAULT 0,
        PRIMARY KEY (case_id, item)
      )`);
    await queryRunner.query(`CREATE INDEX step_clocks_provisional ON step_clocks (case_id, item) WHERE provisional`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE step_clocks`);
  }
}
