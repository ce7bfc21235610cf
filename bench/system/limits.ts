// The limits a birth is measured against, in the same run: what the services' database committed
// per birth (pg_stat_database), that many plain `pg` transactions of the same shape replayed, and
// one hop (a Kafka round trip plus a commit).
import { Client } from 'pg';
import type { MessageBus } from '@birth/messaging';
import { percentile } from './figures';

/** Counters of one database from pg_stat_database. */
export interface DatabaseCounters {
  commits: number;
  inserted: number;
  updated: number;
  deleted: number;
}

/** The database's counters now (read through a connection to another database, so reading them costs it nothing). */
export async function databaseCounters(serverUrl: string, database: string): Promise<DatabaseCounters> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    // A fresh snapshot: the statistics of this session's transaction would otherwise be reused.
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query<{ c: string; i: string; u: string; d: string }>(
      'SELECT xact_commit AS c, tup_inserted AS i, tup_updated AS u, tup_deleted AS d FROM pg_stat_database WHERE datname = $1',
      [database],
    );
    const row = rows[0]!;
    return { commits: Number(row.c), inserted: Number(row.i), updated: Number(row.u), deleted: Number(row.d) };
  } finally {
    await client.end();
  }
}

export function countersBetween(before: DatabaseCounters, after: DatabaseCounters): DatabaseCounters {
  return { commits: after.commits - before.commits, inserted: after.inserted - before.inserted, updated: after.updated - before.updated, deleted: after.deleted - before.deleted };
}

/** Rows written per transaction, on average: the shape the replay gives its transactions. */
export interface TransactionShape {
  insertsPerTx: number;
  updatesPerTx: number;
  deletesPerTx: number;
}

export function shapeOf(counters: DatabaseCounters): TransactionShape {
  const tx = Math.max(1, counters.commits);
  return { insertsPerTx: counters.inserted / tx, updatesPerTx: counters.updated / tx, deletesPerTx: counters.deleted / tx };
}

/**
 * Plain `pg` transactions of `shape` on `clients` connections for `durationMs`: per transaction
 * BEGIN, its inserts (1 KiB rows, as an outbox or item row), updates of rows it inserted earlier,
 * deletes of older ones, COMMIT. Fractional counts are spread over the transactions. Transactions per second.
 */
export async function replayTransactions(databaseUrl: string, schema: string, shape: TransactionShape, clients: number, durationMs: number): Promise<{ txPerSec: number; transactions: number }> {
  const setup = new Client({ connectionString: databaseUrl });
  await setup.connect();
  await setup.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await setup.query(`CREATE TABLE "${schema}".replay_rows (id bigserial PRIMARY KEY, n int NOT NULL DEFAULT 0, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
  await setup.end();
  const payload = 'x'.repeat(1024);
  let transactions = 0;
  const connections = await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      return client;
    }),
  );
  const started = performance.now();
  try {
    await Promise.all(
      connections.map(async (client) => {
        const owed = { insert: 0, update: 0, delete: 0 };
        const mine: string[] = [];
        while (performance.now() - started < durationMs) {
          owed.insert += shape.insertsPerTx;
          owed.update += shape.updatesPerTx;
          owed.delete += shape.deletesPerTx;
          await client.query('BEGIN');
          for (; owed.insert >= 1; owed.insert -= 1) {
            mine.push((await client.query<{ id: string }>(`INSERT INTO "${schema}".replay_rows (payload) VALUES ($1) RETURNING id`, [payload])).rows[0]!.id);
          }
          for (; owed.update >= 1 && mine.length > 0; owed.update -= 1) {
            await client.query(`UPDATE "${schema}".replay_rows SET n = n + 1, payload = $2 WHERE id = $1`, [mine[mine.length - 1 - (Math.floor(owed.update) % mine.length)], payload]);
          }
          for (; owed.delete >= 1 && mine.length > 1; owed.delete -= 1) {
            await client.query(`DELETE FROM "${schema}".replay_rows WHERE id = $1`, [mine.shift()]);
          }
          await client.query('COMMIT');
          transactions += 1;
        }
      }),
    );
  } finally {
    await Promise.all(connections.map((c) => c.end().catch(() => undefined)));
  }
  const seconds = (performance.now() - started) / 1000;
  return { txPerSec: transactions / seconds, transactions };
}

/**
 * One hop, `hops` times in a row: a message produced, consumed by a group, and a row committed
 * for it (autocommit INSERT); from the send to the commit. p50 and p99 in ms.
 */
export async function measureHop(bus: MessageBus, topic: string, groupId: string, databaseUrl: string, schema: string, hops: number): Promise<{ p50Ms: number; p99Ms: number }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await db.query(`CREATE TABLE "${schema}".hops (n int PRIMARY KEY, sent_at double precision NOT NULL)`);
  const consumer = bus.consumer({ groupId, fromBeginning: true });
  const producer = bus.producer();
  const waiting = new Map<number, (ms: number) => void>();
  let joined = false;
  consumer.on('group-joined', () => (joined = true));
  try {
    await consumer.connect();
    await consumer.subscribe([topic]);
    await consumer.run(async (batch, controls) => {
      for (const message of batch.messages) {
        const { n, sentAt } = JSON.parse(message.value!.toString()) as { n: number; sentAt: number };
        await db.query(`INSERT INTO "${schema}".hops (n, sent_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [n, sentAt]);
        waiting.get(n)?.(performance.timeOrigin + performance.now() - sentAt);
        controls.resolve(message.offset);
      }
      if (batch.messages.length) await controls.commit((BigInt(batch.messages.at(-1)!.offset) + 1n).toString());
    });
    const deadline = performance.now() + 60_000;
    while (!joined && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    if (!joined) throw new Error('the hop consumer did not join its group within 60 s');
    await producer.connect();
    const times: number[] = [];
    for (let n = 0; n < hops; n += 1) {
      const done = new Promise<number>((resolve, reject) => {
        waiting.set(n, resolve);
        setTimeout(() => reject(new Error(`hop ${n} not back within 30 s`)), 30_000).unref();
      });
      await producer.send([{ topic, key: `h${n}`, value: JSON.stringify({ n, sentAt: performance.timeOrigin + performance.now() }) }]);
      times.push(await done);
      waiting.delete(n);
    }
    return { p50Ms: percentile(times, 50), p99Ms: percentile(times, 99) };
  } finally {
    await producer.disconnect().catch(() => undefined);
    await consumer.disconnect().catch(() => undefined);
    await db.end().catch(() => undefined);
  }
}
