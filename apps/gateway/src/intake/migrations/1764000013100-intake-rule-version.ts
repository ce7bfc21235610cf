import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The policy version (libs/policy) the intake window was judged by, kept with the decision
 * (issue 10: every decision records the rule version it used) and carried on
 * `birth.registered.v1` as `intakeRuleVersion`. NULL for a record accepted before this column:
 * its version was not kept and is not guessed.
 */
export class IntakeRuleVersion1764000013100 implements MigrationInterface {
  name = 'IntakeRuleVersion1764000013100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake_records ADD COLUMN rule_version integer CHECK (rule_version >= 1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake_records DROP COLUMN rule_version`);
  }
}
