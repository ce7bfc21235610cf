import type { DataSource } from 'typeorm';
import type { ServiceMetrics } from './service-metrics';

export interface QueryGauge {
  name: string;
  help: string;
  /** The column of each row holding the gauge's value. */
  column: string;
  /** A column whose value labels the row's series (e.g. `state`); without it the query answers one row. */
  labelColumn?: string;
  /** Label values that always appear, 0 when the query has no row for them. */
  labelValues?: readonly string[];
}

/**
 * Gauges read from the service's own tables at scrape time, all from one query per scrape
 * (`sql`, in the service's schema). While the database is away they keep their last value and
 * the scrape still answers. For what only the database knows: backlogs, cases by state, payments.
 */
export function registerQueryGauges(metrics: ServiceMetrics, dataSource: DataSource, sql: string, gauges: readonly QueryGauge[]): void {
  type Row = Record<string, string | number | null>;
  let reading: Promise<Row[] | null> | null = null;
  const read = () =>
    (reading ??= dataSource
      .query<Row[]>(sql)
      .catch(() => null)
      .finally(() => setImmediate(() => (reading = null))));
  for (const spec of gauges) {
    const labelName = spec.labelColumn;
    metrics.gauge({
      name: spec.name,
      help: spec.help,
      labelNames: labelName ? [labelName] : [],
      async collect() {
        const rows = await read();
        if (!rows) return;
        if (!labelName) {
          this.set(Number(rows[0]?.[spec.column] ?? 0));
          return;
        }
        this.reset();
        for (const value of spec.labelValues ?? []) this.set({ [labelName]: value }, 0);
        for (const row of rows) this.set({ [labelName]: String(row[labelName]) }, Number(row[spec.column] ?? 0));
      },
    });
  }
}
