import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inbox upkeep (inbox-rows.ts): failed attempts and the last error are counted on the inbox
 * row, which until the message succeeds has no `processed_at`. A processed row keeps the
 * attempts it took. Pruning reads `processed_at` (indexed since the first migration) and,
 * for rows of failures only, `last_failed_at`.
 */
export class AddInboxAttempts1764000004000 implements MigrationInterface {
  name = 'AddInboxAttempts1764000004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE inbox
        ALTER COLUMN processed_at DROP NOT NULL,
        ADD COLUMN attempts integer NOT NULL DEFAULT 1,
        ADD COLUMN last_error text,
        ADD COLUMN last_failed_at timestamptz`);
    await queryRunner.query(`CREATE INDEX inbox_failed_only ON inbox (last_failed_at) WHERE processed_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX inbox_failed_only`);
    // Rows of failed attempts only were never processed: without the columns they would read as processed.
    await queryRunner.query(`DELETE FROM inbox WHERE processed_at IS NULL`);
    await queryRunner.query(`
      ALTER TABLE inbox
        DROP COLUMN last_failed_at,
        DROP COLUMN last_error,
        DROP COLUMN attempts,
        ALTER COLUMN processed_at SET NOT NULL`);
  }
}
