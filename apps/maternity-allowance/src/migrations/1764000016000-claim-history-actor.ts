import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who changed a claim by hand: a clerk's resolution (wage set, ledger confirmed, recovery
 * recorded) writes `caller:person` here; changes caused by a message keep it null (their cause
 * is the message id). The history stays append-only (its triggers are untouched).
 */
export class ClaimHistoryActor1764000016000 implements MigrationInterface {
  name = 'ClaimHistoryActor1764000016000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE allowance_claim_history ADD COLUMN actor text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE allowance_claim_history DROP COLUMN actor`);
  }
}
