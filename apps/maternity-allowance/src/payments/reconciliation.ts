import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BankGateway } from './bank/bank-gateway';
import type { BankVerdict } from './domain/order-transitions';
import { OrderAnswers } from './order-answers';
import { PaymentOrderStore } from './payment-order-store';
import { PaymentsConfig } from './payments.config';
import { PeriodicWorker } from './periodic-worker';

const BATCH = 100;

/**
 * Asks the bank about every order it may hold whose final answer has not come (a dropped
 * callback, a late confirmation, a lost POST answer, an order closed while the bank had it):
 * GET /payments/{key}. What the bank's ledger says wins, through the same rules as a callback;
 * where it disagrees with the claim, a mismatch is raised, and nothing is paid again.
 */
@Injectable()
export class Reconciliation implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Reconciliation');
  private readonly worker: PeriodicWorker;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: PaymentOrderStore,
    private readonly answers: OrderAnswers,
    private readonly bank: BankGateway,
    private readonly config: PaymentsConfig,
  ) {
    this.worker = new PeriodicWorker('reconciliation', config.PAYMENT_RECONCILE_INTERVAL_MS, () => this.reconcile(), this.log);
  }

  onApplicationBootstrap(): void {
    this.worker.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker.stop();
  }

  /** One round; true when the batch was full. */
  async reconcile(): Promise<boolean> {
    const orders = await this.store.unanswered(this.dataSource, this.config.PAYMENT_RECONCILE_AFTER_MS, BATCH);
    for (const order of orders) {
      const answer = await this.bank.lookup(order.idempotencyKey);
      if (answer.kind === 'unavailable' || answer.kind === 'refused') {
        this.log.warn(`order ${order.orderId}: the bank did not answer the lookup (${answer.detail}); next round`);
        return false;
      }
      const verdict: BankVerdict = answer.kind === 'answered' ? answer.verdict : { kind: 'unknown' };
      await this.dataSource.transaction(async (manager) => {
        const locked = await this.store.lock(manager, { orderId: order.orderId });
        if (!locked) return;
        const step = await this.answers.apply(manager, locked, verdict);
        await manager.query(`UPDATE payment_orders SET reconciled_at = now() WHERE order_id = $1`, [order.orderId]);
        if (step.step !== 'nothing') this.log.log(`order ${order.orderId}: reconciled with the bank's ledger (${verdict.kind} → ${step.step})`);
      });
    }
    return orders.length === BATCH;
  }
}
