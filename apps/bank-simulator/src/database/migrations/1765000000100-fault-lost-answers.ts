import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A fault of its own: a payment stored, its answer lost (503), as when a gateway times out after committing. */
export class FaultLostAnswers1765000000100 implements MigrationInterface {
  name = 'FaultLostAnswers1765000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE faults ADD COLUMN lose_answers integer NOT NULL DEFAULT 0 CHECK (lose_answers >= 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE faults DROP COLUMN lose_answers`);
  }
}
