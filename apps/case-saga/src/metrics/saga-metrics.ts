import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { registerQueryGauges, ServiceMetrics } from '@birth/platform';

/**
 * The saga's gauges on /metrics, read from its tables at scrape time: open cases, those at risk
 * and those past their deadline (still open), and how late the oldest due timer is (on the
 * saga's clock). The alerts CaseSlaBreached, AtRiskCasesGrowing and SagaTimersLate read them.
 */
@Injectable()
export class SagaMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: ServiceMetrics,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    registerQueryGauges(
      this.metrics,
      this.dataSource,
      `SELECT count(*)::int AS open, (count(*) FILTER (WHERE at_risk))::int AS at_risk, (count(*) FILTER (WHERE breached))::int AS breached
         FROM cases WHERE state = 'open'`,
      [
        { name: 'birth_saga_open_cases', help: 'Cases not yet finished (every step done) nor voided.', column: 'open' },
        { name: 'birth_saga_at_risk_cases', help: 'Open cases with a step close to its deadline.', column: 'at_risk' },
        { name: 'birth_saga_breached_cases', help: 'Open cases with a step past its deadline.', column: 'breached' },
      ],
    );
    registerQueryGauges(
      this.metrics,
      this.dataSource,
      `SELECT COALESCE(EXTRACT(EPOCH FROM (now() + c.clock_offset) - min(t.due_at)), 0)::float8 AS lag
         FROM saga_clock c LEFT JOIN timers t ON t.state = 'pending' AND t.due_at <= now() + c.clock_offset
        GROUP BY c.clock_offset`,
      [{ name: 'birth_saga_timer_lag_seconds', help: 'How late the oldest due, unfired timer is (0 when none is due).', column: 'lag' }],
    );
  }
}
