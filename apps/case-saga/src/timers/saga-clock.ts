import type { DataSource, EntityManager } from 'typeorm';

/**
 * "What time is it" for the saga's timers: the database's clock plus the test offset
 * (`saga_clock`, zero outside tests). Every timer decision reads it through SQL, in the same
 * statement or transaction that acts on it, never the process's `Date`: a process clock that
 * jumps cannot fire a timer early or twice.
 */
export const SAGA_NOW_SQL = `(now() + (SELECT clock_offset FROM saga_clock))`;

/** The saga's current time, as the database sees it (the transaction's start, if `manager` is in one). */
export async function sagaNow(manager: EntityManager | DataSource): Promise<Date> {
  const rows: { now: Date }[] = await manager.query(`SELECT ${SAGA_NOW_SQL} AS now`);
  return rows[0]!.now;
}
