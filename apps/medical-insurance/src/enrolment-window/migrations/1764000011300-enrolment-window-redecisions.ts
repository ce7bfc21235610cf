import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A window counted while a year had no calendar data (or on a version of a year since replaced)
 * is counted again when the year arrives (issue 13): when and on which calendar.years.v1 message,
 * and the provisional rows found without reading the whole table.
 */
export class EnrolmentWindowRedecisions1764000011300 implements MigrationInterface {
  name = 'EnrolmentWindowRedecisions1764000011300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE enrolment_windows ADD COLUMN redecided_at timestamptz, ADD COLUMN redecided_by_message uuid`);
    await q.query(`CREATE INDEX enrolment_windows_provisional ON enrolment_windows (case_id) WHERE provisional`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX enrolment_windows_provisional`);
    await q.query(`ALTER TABLE enrolment_windows DROP COLUMN redecided_at, DROP COLUMN redecided_by_message`);
  }
}
