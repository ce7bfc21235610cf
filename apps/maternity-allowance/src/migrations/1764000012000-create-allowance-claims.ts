import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The stub's own record of the claims it has opened: one per mother's delivery (DOMAIN.md §7:
 * "one claim per mother per delivery", twins are one delivery), keyed by the hospital that
 * delivered and its delivery id, with every case of that delivery listed. The decision, the
 * amount and the payment come with the allowance's own issue; nothing here pretends to them.
 * (The shared `work_items` table it used before is dropped by the platform's
 * DropRetiredWorkItems1764000012100, in every schema that had it.)
 */
export class CreateAllowanceClaims1764000012000 implements MigrationInterface {
  name = 'CreateAllowanceClaims1764000012000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE allowance_claims (
        hospital_id       text NOT NULL,
        delivery_id       text NOT NULL,
        case_ids          uuid[] NOT NULL CHECK (cardinality(case_ids) >= 1),
        opened_at         timestamptz NOT NULL DEFAULT now(),
        opened_by_message uuid NOT NULL,
        PRIMARY KEY (hospital_id, delivery_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE allowance_claims`);
  }
}
