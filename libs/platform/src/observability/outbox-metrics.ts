import type { DataSource } from 'typeorm';
import { registerQueryGauges } from './query-gauges';
import type { ServiceMetrics } from './service-metrics';

/**
 * The outbox backlog, read at scrape time from the service's own schema: how many committed
 * events the relay has not yet put on Kafka, and how old the oldest is (seconds). A growing
 * age means Kafka is away or the relay is stuck; the OutboxNotDraining alert reads it.
 */
export function registerOutboxMetrics(metrics: ServiceMetrics, dataSource: DataSource): void {
  registerQueryGauges(
    metrics,
    dataSource,
    `SELECT count(*)::int AS backlog, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS oldest
       FROM outbox WHERE published_at IS NULL`,
    [
      { name: 'birth_outbox_backlog', help: 'Committed events the outbox relay has not yet published.', column: 'backlog' },
      { name: 'birth_outbox_oldest_age_seconds', help: 'Age of the oldest unpublished outbox event (0 when none waits).', column: 'oldest' },
    ],
  );
}
