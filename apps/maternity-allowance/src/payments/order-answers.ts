import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PaymentOutcome } from '../ports/payment-port';
import { ClaimSide } from './claim-side';
import { stepFor, type BankVerdict, type MismatchCode, type OrderStep } from './domain/order-transitions';
import { rejectionReason } from './domain/rejection-reasons';
import type { PaymentOrderRow } from './payment-order-store';

/**
 * Applies what the bank said of an order (the POST's answer, a callback, reconciliation's GET)
 * inside the caller's transaction, on the order locked by it: the order's row and the claim's
 * outcome (BenefitPaymentOutcomes) commit together. One set of rules (domain/order-transitions)
 * for every way an answer arrives, so the second arrival of the same answer changes nothing.
 */
@Injectable()
export class OrderAnswers {
  private readonly log = new Logger('Payments');

  constructor(private readonly claim: ClaimSide) {}

  async apply(manager: EntityManager, order: PaymentOrderRow, verdict: BankVerdict): Promise<OrderStep> {
    const step = stepFor({ state: order.state, amountFen: order.amountFen, mismatched: order.mismatchCode !== null }, verdict);
    const base: PaymentOutcome = { claimId: order.claimId, benefit: order.benefit, beneficiary: order.beneficiary, orderId: order.orderId, at: '' };
    switch (step.step) {
      case 'nothing':
        return step;
      case 'mark-sent': {
        const v = verdict as Extract<BankVerdict, { kind: 'accepted' }>;
        await manager.query(`UPDATE payment_orders SET state = 'sent', bank_state = 'accepted', bank_reference = $2, sent_at = $3 WHERE order_id = $1`, [order.orderId, v.bankReference, v.at]);
        await this.claim.outcomes.sent(manager, { ...base, at: v.at });
        return step;
      }
      case 'pay': {
        const v = verdict as Extract<BankVerdict, { kind: 'settled' }>;
        await manager.query(
          `UPDATE payment_orders SET state = 'paid', bank_state = 'settled', bank_reference = $2, paid_at = $3, sent_at = coalesce(sent_at, $3), answered_at = now() WHERE order_id = $1`,
          [order.orderId, v.bankReference, v.at],
        );
        await this.claim.outcomes.paid(manager, { ...base, at: v.at, bankReference: v.bankReference, amountFen: v.amountFen });
        return step;
      }
      case 'reject': {
        const v = verdict as Extract<BankVerdict, { kind: 'rejected' }>;
        await manager.query(
          `UPDATE payment_orders SET state = 'rejected', bank_state = CASE WHEN $2::text IS NULL THEN bank_state ELSE 'rejected' END,
                  bank_reference = coalesce($2, bank_reference), rejected_at = $3, reason_code = $4, answered_at = now() WHERE order_id = $1`,
          [order.orderId, v.bankReference, v.at, v.reasonCode],
        );
        await this.claim.outcomes.rejected(manager, { ...base, at: v.at, reasonCode: v.reasonCode, reason: rejectionReason(v.reasonCode) });
        return step;
      }
      case 'record-answer':
        await manager.query(
          `UPDATE payment_orders SET bank_state = coalesce($2, bank_state), reason_code = coalesce($3, reason_code), answered_at = now() WHERE order_id = $1`,
          [order.orderId, verdict.kind === 'rejected' ? 'rejected' : null, verdict.kind === 'rejected' ? verdict.reasonCode : null],
        );
        return step;
      case 'mismatch':
        await this.raiseMismatch(manager, order, step.reasonCode, step.detail, verdict);
        return step;
    }
  }

  /** Records the mismatch on the order and tells the claim, which raises it to operators. Nothing is paid or reversed. */
  async raiseMismatch(manager: EntityManager, order: PaymentOrderRow, reasonCode: MismatchCode, detail: string, verdict?: BankVerdict): Promise<void> {
    const bankState = verdict && verdict.kind !== 'unknown' ? verdict.kind : null;
    const bankReference = verdict && 'bankReference' in verdict ? verdict.bankReference : null;
    await manager.query(
      `UPDATE payment_orders SET mismatch_code = $2, mismatch_at = now(), bank_state = coalesce($3, bank_state), bank_reference = coalesce($4, bank_reference) WHERE order_id = $1`,
      [order.orderId, reasonCode, bankState, bankReference],
    );
    const at = verdict && 'at' in verdict ? verdict.at : new Date().toISOString();
    await this.claim.outcomes.mismatch(manager, { claimId: order.claimId, benefit: order.benefit, beneficiary: order.beneficiary, orderId: order.orderId, at, reasonCode, detail });
    this.log.warn(`payment order ${order.orderId} of claim ${order.claimId}: mismatch ${reasonCode} (${detail})`);
  }
}
