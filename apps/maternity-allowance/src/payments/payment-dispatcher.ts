import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { failpoint } from '@birth/messaging';
import { AccountOpener } from './bank/account-opener';
import { BankGateway } from './bank/bank-gateway';
import { retryDelayMs, type BankVerdict } from './domain/order-transitions';
import { OrderAnswers } from './order-answers';
import { PaymentOrderStore, type PaymentOrderRow } from './payment-order-store';
import { PaymentsConfig } from './payments.config';
import { PeriodicWorker } from './periodic-worker';

/**
 * Sends pending orders to the bank after the claim's transaction committed them (an outbox of
 * payments): leases due orders, opens each account in memory, POSTs with the order's own key,
 * then records the answer in a transaction of its own. A crash anywhere leaves the order
 * `pending` and due again when its lease ends; the resend carries the same key and body, so the
 * bank answers with the original payment and never pays twice.
 */
@Injectable()
export class PaymentDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('PaymentDispatcher');
  private readonly worker: PeriodicWorker;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: PaymentOrderStore,
    private readonly answers: OrderAnswers,
    private readonly bank: BankGateway,
    private readonly accounts: AccountOpener,
    private readonly config: PaymentsConfig,
  ) {
    this.worker = new PeriodicWorker('payment dispatcher', config.PAYMENT_POLL_INTERVAL_MS, () => this.sendDue(), this.log);
  }

  onApplicationBootstrap(): void {
    this.worker.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker.stop();
  }

  /** Sends one batch of due orders; true when the batch was full (more may be due at once). */
  async sendDue(): Promise<boolean> {
    const leaseMs = 2 * this.config.BANK_TIMEOUT_MS + 5_000;
    const orders = await this.store.leaseDue(this.dataSource, this.config.PAYMENT_SEND_CONCURRENCY, leaseMs);
    await Promise.all(orders.map((order) => this.send(order).catch((error: Error) => this.log.error(`order ${order.orderId}: ${error.message}`))));
    return orders.length === this.config.PAYMENT_SEND_CONCURRENCY;
  }

  private async send(order: PaymentOrderRow): Promise<void> {
    const account = await this.accounts.open(order.sealedAccount, { caseId: order.sealedCaseId, fieldPath: order.sealedFieldPath });
    if (!account.ok) {
      this.log.warn(`order ${order.orderId}: the account does not open (${account.detail}); refused without asking the bank`);
      return this.record(order, { kind: 'rejected', bankReference: null, reasonCode: account.reasonCode, at: new Date().toISOString() });
    }
    const answer = await this.bank.submit({
      idempotencyKey: order.idempotencyKey,
      reference: order.orderId,
      amountFen: order.amountFen,
      account: { number: account.number, holderName: account.holderName },
      callbackUrl: order.callbackUrl,
    });
    // Tests kill the process here: the bank has the payment, this service has not recorded it.
    failpoint('payments.after-send-before-record');
    switch (answer.kind) {
      case 'answered':
        return this.record(order, answer.verdict);
      case 'refused':
        if (answer.code === 'ACCOUNT_MALFORMED') {
          return this.record(order, { kind: 'rejected', bankReference: null, reasonCode: 'ACCOUNT_MALFORMED', at: new Date().toISOString() });
        }
        // IDEMPOTENCY_KEY_REUSED: the bank holds another body under this order's key; an operator must look.
        return this.dataSource.transaction(async (manager) => {
          const locked = await this.store.lock(manager, { orderId: order.orderId });
          if (locked && locked.mismatchCode === null) await this.answers.raiseMismatch(manager, locked, 'IDEMPOTENCY_KEY_REUSED', answer.detail);
        });
      case 'not-found':
      case 'unavailable': {
        const delay = retryDelayMs(order.sendAttempts, this.config.PAYMENT_RETRY_BASE_MS, this.config.PAYMENT_RETRY_MAX_MS);
        this.log.warn(`order ${order.orderId}: the bank is unavailable (${'detail' in answer ? answer.detail : 'not found'}); resending in ${delay} ms with the same key`);
        return this.store.retryLater(this.dataSource, order.orderId, delay, 'detail' in answer ? answer.detail : 'not found');
      }
    }
  }

  private async record(order: PaymentOrderRow, verdict: BankVerdict): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const locked = await this.store.lock(manager, { orderId: order.orderId });
      if (locked) await this.answers.apply(manager, locked, verdict);
    });
  }
}
