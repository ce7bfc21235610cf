import { Injectable } from '@nestjs/common';
import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import {
  BenefitPaymentOutcomes,
  ClaimAccounts,
  type AccountCorrection,
  type CorrectionAccepted,
  type MismatchOutcome,
  type PaidOutcome,
  type PaymentOutcome,
  type RejectedOutcome,
} from '../../ports/payment-port';

/** Test only: the table where RecordingClaimSide writes what payments told the claim. */
export class CreateRecordedOutcomes1764000012990 implements MigrationInterface {
  name = 'CreateRecordedOutcomes1764000012990';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE recorded_outcomes (
        seq         bigserial PRIMARY KEY,
        kind        text NOT NULL,
        claim_id    uuid NOT NULL,
        order_id    uuid,
        beneficiary text NOT NULL,
        at          text NOT NULL,
        detail      jsonb NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE recorded_outcomes`);
  }
}

/**
 * The claim side of the seam, for payments' own tests: records every outcome in the same
 * transaction (so a test sees exactly what committed), and answers a correction by reopening
 * the beneficiary's rejected benefit with the new account and the amount of the rejected order.
 */
@Injectable()
export class RecordingClaimSide extends BenefitPaymentOutcomes implements ClaimAccounts {
  async sent(manager: EntityManager, outcome: PaymentOutcome): Promise<void> {
    await this.record(manager, 'sent', outcome, {});
  }

  async paid(manager: EntityManager, outcome: PaidOutcome): Promise<void> {
    await this.record(manager, 'paid', outcome, { bankReference: outcome.bankReference, amountFen: outcome.amountFen });
  }

  async rejected(manager: EntityManager, outcome: RejectedOutcome): Promise<void> {
    // The pause starts here (DOMAIN.md §8: a rejected account waits for the applicant).
    await this.record(manager, 'rejected', outcome, { reasonCode: outcome.reasonCode, reason: outcome.reason });
  }

  async mismatch(manager: EntityManager, outcome: MismatchOutcome): Promise<void> {
    await this.record(manager, 'mismatch', outcome, { reasonCode: outcome.reasonCode, detail: outcome.detail });
  }

  async accountCorrected(manager: EntityManager, correction: AccountCorrection): Promise<CorrectionAccepted> {
    const rows = (await manager.query(
      `SELECT benefit, amount_fen::float8 AS "amountFen", state FROM payment_orders WHERE claim_id = $1 AND beneficiary = $2 ORDER BY opened_at DESC`,
      [correction.claimId, correction.beneficiary],
    )) as { benefit: 'maternity-leave' | 'paternity-leave'; amountFen: number; state: string }[];
    if (rows.length === 0) return { kind: 'not-found' };
    // The pause ends here.
    await this.record(manager, 'account-corrected', { claimId: correction.claimId, beneficiary: correction.beneficiary, orderId: null, at: correction.at }, { recordedBy: correction.recordedBy, reasonCode: correction.reasonCode });
    const waiting = rows[0]!.state === 'rejected' ? [rows[0]!] : [];
    return {
      kind: 'stored',
      reopen: waiting.map((w) => ({
        claimId: correction.claimId,
        benefit: w.benefit,
        beneficiary: correction.beneficiary,
        amountFen: w.amountFen,
        sealedAccount: correction.sealedAccount,
        sealedFor: correction.sealedFor,
        cause: 'ACCOUNT_CORRECTED',
      })),
    };
  }

  private async record(manager: EntityManager, kind: string, outcome: { claimId: string; beneficiary: string; orderId: string | null; at: string }, detail: object): Promise<void> {
    await manager.query(`INSERT INTO recorded_outcomes (kind, claim_id, order_id, beneficiary, at, detail) VALUES ($1, $2, $3, $4, $5, $6)`, [
      kind,
      outcome.claimId,
      outcome.orderId,
      outcome.beneficiary,
      outcome.at,
      JSON.stringify(detail),
    ]);
  }
}
