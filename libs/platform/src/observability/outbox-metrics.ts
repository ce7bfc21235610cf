import type { DataSource } from 'typeorm';
import type { ServiceMetrics } from './service-metrics';

/**
 * The outbox backlog, read at scrape time from the service's own schema: how many committed
 * events the relay has not yet put on Kafka, and how old the oldest is (seconds). A growing
 * age means Kafka is away or the relay is stuck; the alert reads it.
 */
export function registerOutboxMetrics(metrics: ServiceMetrics, dataSource: DataSource): void {
  let reading: Promise<{ backlog: number; oldest: number } | null> | null = null;
  // Both gauges come from one query per scrape; while the database is away they keep their last value.
  const read = () =>
    (reading ??= dataSource
      .query<{ backlog: number; oldest: number }[]>(
        `SELECT count(*)::int AS backlog, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS oldest
           FROM outbox WHERE published_at IS NULL`,
      )
      .then((rows) => rows[0]!)
      .catch(() => null)
      .finally(() => setImmediate(() => (reading = null))));
  metrics.gauge({
    name: 'birth_outbox_backlog',
    help: 'Committed events the outbox relay has not yet published.',
    async collect() {
      const state = await read();
      if (state) this.set(state.backlog);
    },
  });
  metrics.gauge({
    name: 'birth_outbox_oldest_age_seconds',
    help: 'Age of the oldest unpublished outbox event (0 when none waits).',
    async collect() {
      const state = await read();
      if (state) this.set(state.oldest);
    },
  });
}
