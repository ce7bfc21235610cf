import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case projection (issue 13, "The case"; apps/case-saga/src/cases) and what the query API
 * reads (apps/case-saga/src/query). No personal data in any of these tables: the saga mirrors
 * states, codes and times, never names, ID numbers, phones or accounts.
 *
 * - `cases` gains what the birth carries (case number, the hospital's region, the items applied
 *   for), `seq` (the query API's stable keyset order: assigned once, never changes), the void,
 *   and the SLA flags the lists filter on (`at_risk` while an open step is at risk; `breached`
 *   once set stays set), refreshed from StepClocks in the transaction that changes them.
 * - `case_steps`: one row per (case, item), mirroring the department's common `item` block.
 *   `changed_at` orders the changes: an older or equal, identical change is ignored.
 * - `pending_case_changes`: a department's change (or a void) that arrived before the case's
 *   birth; applied in arrival order when the birth opens the case.
 * - `case_timeline`: every event of the case with its time and cause (CaseTimeline).
 * - `case_notifications`: what the family is to be told (`case.notification-requested.v1`),
 *   durable and visible on the case; `dedup_key` makes a redelivered change ask only once.
 */
export class CreateCaseSteps1764000000500 implements MigrationInterface {
  name = 'CreateCaseSteps1764000000500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE cases
        ADD COLUMN seq           bigint GENERATED ALWAYS AS IDENTITY,
        ADD COLUMN case_number   text,
        ADD COLUMN region_code   text,
        ADD COLUMN items         text[] NOT NULL DEFAULT '{}',
        ADD COLUMN voided_at     timestamptz,
        ADD COLUMN completed_at  timestamptz,
        ADD COLUMN at_risk       boolean NOT NULL DEFAULT false,
        ADD COLUMN breached      boolean NOT NULL DEFAULT false,
        ADD COLUMN updated_at    timestamptz NOT NULL DEFAULT now(),
        ADD CONSTRAINT cases_state CHECK (state IN ('open', 'completed', 'completed_with_rejections', 'voided'))`);
    await queryRunner.query(`CREATE UNIQUE INDEX cases_seq ON cases (seq)`);
    await queryRunner.query(`CREATE INDEX cases_case_number ON cases (case_number)`);
    await queryRunner.query(`CREATE INDEX cases_region_seq ON cases (region_code, seq)`);
    await queryRunner.query(`CREATE INDEX cases_hospital_seq ON cases (hospital_id, seq)`);
    await queryRunner.query(`CREATE INDEX cases_state_seq ON cases (state, seq)`);
    await queryRunner.query(`CREATE INDEX cases_at_risk_seq ON cases (seq) WHERE at_risk`);
    await queryRunner.query(`CREATE INDEX cases_breached_seq ON cases (seq) WHERE breached`);

    await queryRunner.query(`
      CREATE TABLE case_steps (
        case_id               uuid NOT NULL REFERENCES cases (case_id),
        item                  text NOT NULL,
        state                 text NOT NULL,
        waiting_for           text[] NOT NULL DEFAULT '{}',
        reason_code           text,
        reason                jsonb,
        prerequisites_met_at  timestamptz,
        changed_at            timestamptz NOT NULL,
        rule_version          text,
        -- The department's last change name (\`issued\`, \`paid\`, …); null before it reported any.
        last_change           text,
        last_message_id       uuid,
        -- The allowance's claim (shared by twins' cases); null for the other items.
        claim_id              uuid,
        -- After a void: when the department confirmed the step's compensation.
        compensated_at        timestamptz,
        PRIMARY KEY (case_id, item)
      )`);
    await queryRunner.query(`CREATE INDEX case_steps_claim ON case_steps (claim_id) WHERE claim_id IS NOT NULL`);

    await queryRunner.query(`
      CREATE TABLE pending_case_changes (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        case_id      uuid NOT NULL,
        message_id   uuid NOT NULL,
        message_type text NOT NULL,
        -- The change as the projection applies it (no personal data: item blocks and claim facts).
        change       jsonb NOT NULL,
        received_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX pending_case_changes_case ON pending_case_changes (case_id, id)`);

    await queryRunner.query(`
      CREATE TABLE case_timeline (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        case_id      uuid NOT NULL,
        at           timestamptz NOT NULL,
        type         text NOT NULL CHECK (type ~ '^[a-z][a-z0-9-]{0,63}$'),
        cause        text NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX case_timeline_case ON case_timeline (case_id, id)`);

    await queryRunner.query(`
      CREATE TABLE case_notifications (
        notification_id  uuid PRIMARY KEY,
        case_id          uuid NOT NULL REFERENCES cases (case_id),
        dedup_key        text NOT NULL,
        event            text NOT NULL,
        item             text NOT NULL,
        template         text NOT NULL,
        channel          text NOT NULL,
        recipient        text NOT NULL,
        parameters       jsonb NOT NULL,
        requested_at     timestamptz NOT NULL,
        UNIQUE (case_id, dedup_key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE case_notifications`);
    await queryRunner.query(`DROP TABLE case_timeline`);
    await queryRunner.query(`DROP TABLE pending_case_changes`);
    await queryRunner.query(`DROP TABLE case_steps`);
    await queryRunner.query(`
      ALTER TABLE cases DROP CONSTRAINT cases_state,
        DROP COLUMN seq, DROP COLUMN case_number, DROP COLUMN region_code, DROP COLUMN items, DROP COLUMN voided_at,
        DROP COLUMN completed_at, DROP COLUMN at_risk, DROP COLUMN breached, DROP COLUMN updated_at`);
  }
}
