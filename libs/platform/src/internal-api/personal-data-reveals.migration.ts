import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appendOnlyStatements } from '../database/append-only';

/**
 * The reveal audit of the internal API (DESIGN.md, "Security": every reveal of personal data is
 * audited where the data lives). Every service gets it with the messaging tables. One row per
 * unmasked answer: who called (the service whose token it was), the person it named in X-Actor,
 * which record, which fields, why, when.
 *
 * Append-only twice over (appendOnlyStatements): the owning service role gives up UPDATE, DELETE
 * and TRUNCATE on the table, and triggers refuse them for anyone, superusers included.
 */
export class CreatePersonalDataReveals1764000006000 implements MigrationInterface {
  name = 'CreatePersonalDataReveals1764000006000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE personal_data_reveals (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        revealed_at timestamptz NOT NULL DEFAULT now(),
        caller text NOT NULL,
        actor text,
        record_kind text NOT NULL,
        record_id text NOT NULL,
        fields text[] NOT NULL CHECK (cardinality(fields) > 0),
        reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 500)
      )`);
    await queryRunner.query(`CREATE INDEX personal_data_reveals_record ON personal_data_reveals (record_id, revealed_at)`);
    for (const statement of appendOnlyStatements('personal_data_reveals')) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The owner may still drop the table: rolling back the migration is a deliberate act of the migrator.
    await queryRunner.query(`DROP TABLE personal_data_reveals`);
    await queryRunner.query(`DROP FUNCTION personal_data_reveals_append_only()`);
  }
}
