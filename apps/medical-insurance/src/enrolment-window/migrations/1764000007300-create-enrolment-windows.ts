import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One on-time window decision per case (DOMAIN.md §5), with the policy and calendar versions it
 * was taken under. Taken once, on the first delivery of birth.registered.v1, and never rewritten by
 * later rules: a new policy version applies to decisions taken after it is loaded.
 */
export class CreateEnrolmentWindows1764000007300 implements MigrationInterface {
  name = 'CreateEnrolmentWindows1764000007300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE enrolment_windows (
        case_id           uuid PRIMARY KEY,
        region_code       text NOT NULL,
        born_on           date NOT NULL,
        applied_on        date NOT NULL,
        window_days       integer NOT NULL,
        nominal_last_day  date NOT NULL,
        last_day          date NOT NULL,
        on_time           boolean NOT NULL,
        provisional       boolean NOT NULL,
        policy_version    integer NOT NULL,
        calendar_version  text NOT NULL,
        decided_at        timestamptz NOT NULL DEFAULT now(),
        decided_by_message uuid NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE enrolment_windows`);
  }
}
