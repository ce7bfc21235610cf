import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import type { BirthRegisteredV1, EventEnvelope } from '@birth/contracts';

/**
 * Every department opens its work item for a case as soon as the birth is registered
 * (DESIGN.md, "Services"), before its prerequisites arrive. This is the shared first step;
 * each department's own rules build on the item it opened.
 */
export class CreateWorkItemsTable1764000000100 implements MigrationInterface {
  name = 'CreateWorkItemsTable1764000000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE work_items (
        case_id           uuid PRIMARY KEY,
        delivery_id       text NOT NULL,
        state             text NOT NULL DEFAULT 'opened',
        opened_at         timestamptz NOT NULL DEFAULT now(),
        opened_by_message uuid NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE work_items`);
  }
}

/** Opens the department's item for the birth's case; a second event for the same case changes nothing. */
export async function openWorkItem(manager: EntityManager, envelope: EventEnvelope<BirthRegisteredV1>): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO work_items (case_id, delivery_id, opened_by_message) VALUES ($1, $2, $3)
     ON CONFLICT (case_id) DO NOTHING RETURNING 1`,
    [envelope.caseId, envelope.payload.deliveryId, envelope.id],
  );
  return rows.length === 1;
}
