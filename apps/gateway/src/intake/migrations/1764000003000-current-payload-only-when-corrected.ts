import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An intake record keeps its current payload only once a correction has made it differ from the
 * original: NULL means "as submitted". Storing the same sealed payload twice doubled the personal
 * data at rest and about 2 KB of TOAST written per birth (bench/README.md, "Where the time goes").
 */
export class CurrentPayloadOnlyWhenCorrected1764000003000 implements MigrationInterface {
  name = 'CurrentPayloadOnlyWhenCorrected1764000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake_records ALTER COLUMN current_payload_sealed DROP NOT NULL`);
    await q.query(`UPDATE intake_records SET current_payload_sealed = NULL WHERE current_payload_sealed = original_payload_sealed`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE intake_records SET current_payload_sealed = original_payload_sealed WHERE current_payload_sealed IS NULL`);
    await q.query(`ALTER TABLE intake_records ALTER COLUMN current_payload_sealed SET NOT NULL`);
  }
}
