import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { registerQueryGauges, ServiceMetrics } from '@birth/platform';

const ORDER_STATES = ['pending', 'sent', 'paid', 'rejected', 'closed'] as const;

/**
 * The allowance's gauges on /metrics, read from payment_orders at scrape time: orders by state,
 * and orders where the bank's ledger disagreed with the claim (a recorded mismatch: the
 * PaymentMismatch alert fires until an operator resolves each one).
 */
@Injectable()
export class PaymentMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: ServiceMetrics,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    registerQueryGauges(this.metrics, this.dataSource, `SELECT state, count(*)::int AS orders FROM payment_orders GROUP BY state`, [
      { name: 'birth_allowance_payments', help: 'Payment orders by state.', column: 'orders', labelColumn: 'state', labelValues: ORDER_STATES },
    ]);
    registerQueryGauges(this.metrics, this.dataSource, `SELECT count(*)::int AS mismatches FROM payment_orders WHERE mismatch_code IS NOT NULL`, [
      { name: 'birth_allowance_reconciliation_mismatches', help: "Payment orders whose bank record disagrees with the claim.", column: 'mismatches' },
    ]);
  }
}
