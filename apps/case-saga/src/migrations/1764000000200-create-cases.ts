import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCases1764000000200 implements MigrationInterface {
  name = 'CreateCases1764000000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE cases (
        case_id            uuid PRIMARY KEY,
        hospital_id        text NOT NULL,
        birth_record_id    text NOT NULL,
        delivery_id        text NOT NULL,
        state              text NOT NULL DEFAULT 'open',
        -- The SLA clock starts at acceptance (DOMAIN.md §8); timers come with the saga's own issue.
        accepted_at        timestamptz NOT NULL,
        opened_by_message  uuid NOT NULL,
        UNIQUE (hospital_id, birth_record_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE cases`);
  }
}
