import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appendOnlyStatements } from '../database/append-only';

/**
 * A department's item tables, in the service's own schema (each service lists this migration in
 * its descriptor): `items`, one row per case for the service's one item; `item_history`, every
 * transition with the message that caused it (append-only); `pending_prerequisites`, facts that
 * arrived before the item existed, applied when the birth opens it (issue 11, "Order-proof").
 */
export class CreateDepartmentItemTables1764000010000 implements MigrationInterface {
  name = 'CreateDepartmentItemTables1764000010000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE items (
        case_id              uuid PRIMARY KEY,
        item                 text NOT NULL,
        state                text NOT NULL,
        reason_code          text,
        reason_zh            text,
        reason_en            text,
        waiting_for          text[] NOT NULL DEFAULT '{}',
        prerequisites_met_at timestamptz,
        rule_version         text,
        facts                jsonb NOT NULL DEFAULT '{}',
        version              integer NOT NULL DEFAULT 1,
        opened_at            timestamptz NOT NULL,
        updated_at           timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX items_state ON items (state)`);
    await queryRunner.query(`
      CREATE TABLE item_history (
        id          bigserial PRIMARY KEY,
        case_id     uuid NOT NULL REFERENCES items (case_id),
        from_state  text,
        to_state    text NOT NULL,
        change      text NOT NULL,
        reason_code text,
        reason_zh   text,
        reason_en   text,
        at          timestamptz NOT NULL,
        cause       uuid
      )`);
    await queryRunner.query(`CREATE INDEX item_history_case ON item_history (case_id, id)`);
    for (const statement of appendOnlyStatements('item_history')) await queryRunner.query(statement);
    await queryRunner.query(`
      CREATE TABLE pending_prerequisites (
        case_id     uuid NOT NULL,
        kind        text NOT NULL,
        facts       jsonb NOT NULL,
        cause       uuid,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, kind)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE pending_prerequisites`);
    await queryRunner.query(`DROP TABLE item_history`);
    await queryRunner.query(`DROP FUNCTION item_history_append_only()`);
    await queryRunner.query(`DROP TABLE items`);
  }
}
