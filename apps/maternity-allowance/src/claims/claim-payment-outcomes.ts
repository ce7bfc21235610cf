import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LocalizedTextV1 } from '@birth/contracts';
import {
  BenefitPaymentOutcomes,
  ClaimAccounts,
  type AccountCorrection,
  type CorrectionAccepted,
  type MismatchOutcome,
  type PaidOutcome,
  type PaymentOrderRequest,
  type PaymentOutcome,
  type RejectedOutcome,
} from '../ports/payment-port';
import { PAYMENT_MISMATCH } from '../domain/claim-progress';
import { AllowanceClaims } from './allowance-claims';
import { ClaimStore, type BenefitRecord } from './claim-records';

// What payments tells the claim, inside payments' transaction (the seam in ports/payment-port.ts):
// paid, an account refused (the pause starts), a mismatch with the bank's ledger, and a clerk's
// corrected account (the pause ends). Each locks the claim, changes the benefit, and lets
// AllowanceClaims.settle publish the claim's change.

const LEDGER_PAYMENT_UNKNOWN_TO_CLAIM = 'LEDGER_PAYMENT_UNKNOWN_TO_CLAIM';

const MISMATCH_REASON: LocalizedTextV1 = {
  zh: '银行账目与本申领的支付记录不一致，已提交运维人员核查；在核清前不会再次支付。',
  en: "The bank's ledger disagrees with this claim's payment: raised to operators; nothing is paid again until it is resolved.",
};

@Injectable()
export class ClaimPaymentOutcomes extends BenefitPaymentOutcomes {
  constructor(private readonly claims: AllowanceClaims) {
    super();
  }

  /** Sent: nothing a reader of the claim sees changes (the payment state shows on the next change). */
  sent(): Promise<void> {
    return Promise.resolve();
  }

  async paid(manager: EntityManager, outcome: PaidOutcome): Promise<void> {
    const benefit = await this.lockedBenefit(manager, outcome);
    if (!benefit || benefit.paidAt !== null) return;
    const claim = (await ClaimStore.find(manager, outcome.claimId))!;
    // Paid after the claim stopped (an order already at the bank when the birth was voided): to recover, never silently.
    const recover = claim.cancelledReason !== null;
    if (recover) await manager.query(`UPDATE allowance_claims SET recovery_required = true WHERE claim_id = $1`, [outcome.claimId]);
    const mismatched = benefit.reasonCode === PAYMENT_MISMATCH;
    await ClaimStore.saveBenefit(manager, outcome.claimId, {
      ...benefit,
      paidAt: outcome.at,
      state: mismatched ? benefit.state : 'done',
      reasonCode: mismatched ? benefit.reasonCode : null,
      reason: mismatched ? benefit.reason : null,
    });
    await this.claims.settle(manager, outcome.claimId, { cause: null, change: recover ? 'recovery-required' : 'paid', force: true });
  }

  async rejected(manager: EntityManager, outcome: RejectedOutcome): Promise<void> {
    const benefit = await this.lockedBenefit(manager, outcome);
    if (!benefit || benefit.paidAt !== null || benefit.state === 'revoked') return;
    await ClaimStore.saveBenefit(manager, outcome.claimId, { ...benefit, state: 'awaiting_applicant', reasonCode: outcome.reasonCode, reason: outcome.reason });
    const claim = (await ClaimStore.find(manager, outcome.claimId))!;
    // The pause starts when the bank said so (DOMAIN.md §8), from the bank's data.
    await ClaimStore.history(manager, outcome.claimId, { change: 'pause', state: 'awaiting_applicant', reasonCode: outcome.reasonCode, caseIds: claim.caseIds, at: outcome.at, cause: null });
    await this.claims.settle(manager, outcome.claimId, { cause: null, change: 'awaiting-applicant', force: true });
  }

  async mismatch(manager: EntityManager, outcome: MismatchOutcome): Promise<void> {
    const benefit = await this.lockedBenefit(manager, outcome);
    if (!benefit) return;
    // The bank settled an order this claim had closed because the birth was voided: money went out
    // after the claim stopped. The claim must say so (recovery), not keep reading "nothing was paid".
    const claim = (await ClaimStore.find(manager, outcome.claimId))!;
    if (outcome.reasonCode === LEDGER_PAYMENT_UNKNOWN_TO_CLAIM && claim.cancelledReason !== null) {
      await manager.query(`UPDATE allowance_claims SET recovery_required = true WHERE claim_id = $1`, [outcome.claimId]);
    }
    await ClaimStore.saveBenefit(manager, outcome.claimId, { ...benefit, state: 'in_progress', reasonCode: PAYMENT_MISMATCH, reason: MISMATCH_REASON });
    await this.claims.settle(manager, outcome.claimId, { cause: null, change: 'mismatch', force: true });
  }

  private async lockedBenefit(manager: EntityManager, outcome: PaymentOutcome): Promise<BenefitRecord | null> {
    if (!(await ClaimStore.find(manager, outcome.claimId, true))) return null;
    const benefits = await ClaimStore.benefits(manager, outcome.claimId);
    return benefits.find((b) => b.benefit === outcome.benefit && b.beneficiary === outcome.beneficiary) ?? null;
  }
}

/** A clerk's corrected account: stored as received (sealed), the pause of that beneficiary's benefits ends. */
@Injectable()
export class ClaimBankAccounts extends ClaimAccounts {
  constructor(private readonly claims: AllowanceClaims) {
    super();
  }

  async accountCorrected(manager: EntityManager, correction: AccountCorrection): Promise<CorrectionAccepted> {
    const claim = await ClaimStore.find(manager, correction.claimId, true);
    if (!claim) return { kind: 'not-found' };
    const benefits = (await ClaimStore.benefits(manager, correction.claimId)).filter((b) => b.beneficiary === correction.beneficiary);
    if (benefits.length === 0) return { kind: 'not-found' };
    for (const b of benefits) await ClaimStore.saveBenefit(manager, correction.claimId, { ...b, sealedAccount: correction.sealedAccount, sealedForCase: correction.sealedFor.caseId });
    const paused = benefits.some((b) => b.state === 'awaiting_applicant');
    await ClaimStore.history(manager, correction.claimId, {
      change: paused ? 'resume' : 'account-corrected',
      state: claim.status.state,
      reasonCode: correction.reasonCode,
      caseIds: claim.caseIds,
      at: correction.at,
      cause: null,
    });
    const reopen: PaymentOrderRequest[] = [];
    await this.claims.settle(manager, correction.claimId, { cause: null, resume: correction.beneficiary, orderCause: 'ACCOUNT_CORRECTED', collectOrders: reopen });
    return { kind: 'stored', reopen };
  }
}
