import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Topics, validatePayload, type BenefitSummaryV1, type ClaimChange, type MaternityAllowanceClaimChangedV1, type PaymentState } from '@birth/contracts';
import { MessagingRuntime } from '@birth/platform';
import { PaymentOrders, type PaymentOrderView } from '../ports/payment-port';
import { ClaimStore, type BenefitRecord, type ClaimRecord } from './claim-records';

/** A benefit as claim-changed sums it up (no account, no bank reference). */
export function benefitSummaryOf(b: BenefitRecord, order: PaymentOrderView | undefined): BenefitSummaryV1 {
  const paymentState: PaymentState = order?.state ?? 'none';
  return {
    benefit: b.benefit,
    beneficiary: b.beneficiary,
    state: b.state,
    days: b.days,
    amountFen: b.amountFen,
    ruleVersion: b.ruleVersion === null ? null : String(b.ruleVersion),
    reasonCode: b.reasonCode,
    forwardedTo: b.forwardedTo,
    payment: { state: paymentState, paidAt: b.paidAt ?? order?.paidAt ?? null },
  };
}

/**
 * Writes a change of a claim: its history row and `maternity-allowance.claim-changed.v1` through
 * the outbox, keyed by the claim id with the envelope's caseId null (the registry's key), in the
 * caller's transaction. The payload names every case still part of the claim; a claim whose
 * every case was voided names the cases it had, so the saga compensates each.
 */
@Injectable()
export class ClaimEvents {
  constructor(
    private readonly messaging: MessagingRuntime,
    private readonly orders: PaymentOrders,
  ) {}

  async record(manager: EntityManager, claim: ClaimRecord, benefits: readonly BenefitRecord[], change: ClaimChange, named: string[], cause: string | null): Promise<void> {
    const at = new Date().toISOString();
    await ClaimStore.history(manager, claim.claimId, { change, state: claim.status.state, reasonCode: claim.status.reasonCode, caseIds: named, cause });
    const latest = await this.orders.latest(manager, claim.claimId);
    const payload: MaternityAllowanceClaimChangedV1 = {
      change,
      claimId: claim.claimId,
      caseIds: named,
      hospitalId: claim.hospitalId,
      deliveryId: claim.deliveryId,
      item: { item: 'maternity-allowance', ...claim.status, changedAt: at },
      acceptedAt: claim.acceptedAt,
      benefits: benefits.map((b) => benefitSummaryOf(b, latest.find((o) => o.benefit === b.benefit && o.beneficiary === b.beneficiary))),
    };
    // Checked first, as the department items are: a mistake here fails this transaction, not the saga's consumer.
    const checked = validatePayload(Topics.maternityAllowanceClaimChangedV1, payload);
    if (!checked.ok) throw new Error(`claim ${claim.claimId}: not a valid claim-changed: ${checked.errors.map((e) => `${e.field} ${e.code}`).join(', ')}`);
    await this.messaging.publisher.publish(manager, { topic: Topics.maternityAllowanceClaimChangedV1, key: claim.claimId, caseId: null, payload });
  }
}
