import { createHash } from 'node:crypto';
import { QueryFailedError, type DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import type { PoolClient, QueryResultRow } from 'pg';

const names = new Map<string, string>();

/** A stable name per statement text: the same SQL is the same prepared statement on every connection. */
export function preparedStatementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `p_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs `text` as a named prepared statement: PostgreSQL parses it once per connection and, after
 * a few executions, reuses one generic plan, where TypeORM's `query` has every statement parsed,
 * analysed and planned again. On the intake's hot path planning alone took 0.3–0.6 ms of
 * PostgreSQL's CPU per statement, more than running it (bench/README.md).
 *
 * Only for statements whose text never changes (values in parameters, a varying number of rows
 * in arrays: `unnest($1::uuid[], …)`), since each distinct text stays prepared on every pooled
 * connection; and whose best plan does not depend on how big their tables are (inserts from
 * arrays, `ON CONFLICT` on a key, no table, lookups in small registries). The generic plan is
 * made with the statistics of its moment and kept until the next ANALYZE of a table it reads: a
 * lookup planned while a table was nearly empty stayed a sequential scan as the table grew
 * (measured: the intake's re-send read went from 0.15 to 2.3 ms within a minute). Such
 * statements stay on `manager.query`.
 *
 * `on`: a manager inside a transaction runs on that transaction's connection; a data source (or
 * a manager outside a transaction) borrows a pooled connection for the one statement. Returns
 * the rows; errors are TypeORM's `QueryFailedError` (the driver's error, with its `code` and
 * `constraint`, in `driverError`), as from `manager.query`.
 */
export async function preparedQuery<R extends QueryResultRow>(on: EntityManager | DataSource, text: string, values: readonly unknown[]): Promise<R[]> {
  const isDataSource = 'createQueryRunner' in on;
  const runner = isDataSource ? undefined : on.queryRunner;
  if (runner && !runner.isReleased) return run<R>(runner, text, values);
  const own = (isDataSource ? on : on.connection).createQueryRunner();
  try {
    return await run<R>(own, text, values);
  } finally {
    await own.release();
  }
}

async function run<R extends QueryResultRow>(runner: QueryRunner, text: string, values: readonly unknown[]): Promise<R[]> {
  // The PostgreSQL query runner's connection is node-postgres's pool client.
  const client = (await runner.connect()) as PoolClient;
  try {
    const result = await client.query<R>({ name: preparedStatementName(text), text, values: values as unknown[] });
    return result.rows;
  } catch (error) {
    throw new QueryFailedError(text, values as unknown[], error as Error);
  }
}
