import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A cancelled registration (a voided birth, `revoke`) keeps its allocation row, marked cancelled:
 * the counter never goes back, so the number is never handed out again (a citizen ID number,
 * once published, must not name a second person), and the row says which case it was.
 */
export class CancelledCitizenIdAllocations1764000011200 implements MigrationInterface {
  name = 'CancelledCitizenIdAllocations1764000011200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE citizen_id_allocations ADD COLUMN cancelled_at timestamptz, ADD COLUMN cancel_reason text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE citizen_id_allocations DROP COLUMN cancel_reason, DROP COLUMN cancelled_at`);
  }
}
