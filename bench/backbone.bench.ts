// The messaging backbone's throughput, end to end, on this machine (bench/README.md).
//
//   npm run bench:backbone
//
// Three measurements with the same message (a ~1 KiB payload in the platform's envelope),
// acks=all and batches of BATCH on every side, then the ratio of the full path to the
// smaller of the two limits. The last line printed is one JSON object for tracking.
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { IsInt, IsString, IsUUID, Length } from 'class-validator';
import { Client, Pool, type PoolClient } from 'pg';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import type { EventEnvelope, EventTopicDefinition } from '@birth/contracts';
import {
  HEADER,
  InboxConsumer,
  KafkaJsMessageBus,
  OutboxPublisher,
  OutboxRelay,
  TopicNamer,
  newTraceparent,
  topicSpecsOf,
  type Admin,
  type MessageHandler,
  type OutgoingMessage,
} from '@birth/messaging';
import { createServiceDataSource, migrateServiceSchema } from '@birth/platform';

// ---------------------------------------------------------------------------------------------
// Settings (environment overrides for experiments; the defaults are the tracked configuration)

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return value;
}

const MESSAGES = intEnv('BENCH_MESSAGES', 20_000);
/** Concurrent business writers in the full path, and concurrent clients in the raw database limit. */
const WRITERS = intEnv('BENCH_WRITERS', 8);
/** The relay's batch size (its default); the raw Kafka producer sends batches of the same size. */
const BATCH = intEnv('BENCH_BATCH', 500);
const PARTITIONS = intEnv('BENCH_PARTITIONS', 6);
const PAYLOAD_BYTES = 1024;
const TIMEOUT_MS = intEnv('BENCH_TIMEOUT_MS', 180_000);
/** For experiments: run only some of the measurements (comma-separated: kafka, db, pipeline). */
const PHASES = new Set((process.env['BENCH_PHASES'] ?? 'kafka,db,pipeline').split(',').map((p) => p.trim()));

const BROKERS = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
const SERVER_URL = process.env['BENCH_SERVER_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = process.env['BENCH_DATABASE'] ?? 'birth_bench';
const DATABASE_URL = withDatabase(SERVER_URL, DATABASE);

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

// ---------------------------------------------------------------------------------------------
// The bench's own topic, payload and tables

export class BenchOrderPlacedV1 {
  @IsUUID() orderId!: string;
  @IsInt() n!: number;
  /** The bulk of the message: 1 KiB of text. */
  @IsString() @Length(PAYLOAD_BYTES, PAYLOAD_BYTES) note!: string;
}

export const BENCH_TOPIC: EventTopicDefinition<BenchOrderPlacedV1> = {
  kind: 'events',
  name: 'bench.order-placed.v1',
  type: 'bench.order-placed',
  version: 1,
  key: 'caseId',
  partitions: PARTITIONS,
  payload: BenchOrderPlacedV1,
  description: 'backbone benchmark only',
};

/** Raw Kafka limit's topic: same partitions, never seen by the full path. */
const RAW_TOPIC = 'bench.raw.v1';

/** The business table on the producing side and the effects table on the consuming side. */
export class CreateBenchTables1764000009000 implements MigrationInterface {
  name = 'CreateBenchTables1764000009000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE orders (id uuid PRIMARY KEY, n integer NOT NULL, note text NOT NULL, placed_at timestamptz NOT NULL DEFAULT now())`);
    // No unique constraint on purpose: a second effect of one message would show as a second row.
    await q.query(`CREATE TABLE effects (id bigserial PRIMARY KEY, message_id uuid NOT NULL, order_id uuid NOT NULL, n integer NOT NULL)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE effects`);
    await q.query(`DROP TABLE orders`);
  }
}

const NOTE = randomBytes(PAYLOAD_BYTES / 2).toString('hex');

function order(n: number): BenchOrderPlacedV1 {
  return { orderId: randomUUID(), n, note: NOTE };
}

/** The envelope and headers exactly as OutboxPublisher writes them, for the two limits. */
function envelopeOf(payload: BenchOrderPlacedV1): { value: string; headers: Record<string, string> } {
  const correlationId = randomUUID();
  const envelope: EventEnvelope<BenchOrderPlacedV1> = {
    id: randomUUID(),
    type: BENCH_TOPIC.type,
    version: BENCH_TOPIC.version,
    occurredAt: new Date().toISOString(),
    caseId: payload.orderId,
    correlationId,
    causationId: null,
    producer: 'bench',
    payload,
  };
  const headers = { [HEADER.traceparent]: newTraceparent(), [HEADER.correlationId]: correlationId, [HEADER.contentType]: 'application/json' };
  return { value: JSON.stringify(envelope), headers };
}

// ---------------------------------------------------------------------------------------------
// Helpers

const now = (): number => performance.now();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = TIMEOUT_MS, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Runs `count` jobs on `concurrency` workers, each taking the next index. */
async function runConcurrently(count: number, concurrency: number, job: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < count; index = next++) await job(index);
    }),
  );
}

async function sql<T = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

function rate(messages: number, ms: number): number {
  return Math.round((messages / ms) * 1000);
}

// ---------------------------------------------------------------------------------------------
// Setup and cleanup: a topic prefix, groups and schemas of this run's own

const runId = `bench${randomBytes(3).toString('hex')}`;
const namer = new TopicNamer(`${runId}.`);
const bus = new KafkaJsMessageBus({
  clientId: runId,
  brokers: BROKERS,
  log: (level, namespace, message) => log(`kafka ${level} ${namespace}: ${message}`),
});
const schemas = {
  rawOrders: `${runId}_raw_orders`,
  rawEffects: `${runId}_raw_effects`,
  orders: `${runId}_orders`,
  effects: `${runId}_effects`,
};
const groups = { raw: `${runId}-raw`, effects: `${runId}-effects` };
const topicSpecs = [...topicSpecsOf([BENCH_TOPIC], namer), { name: namer.physical(RAW_TOPIC), partitions: PARTITIONS }];
const cleanups: (() => Promise<unknown>)[] = [];

async function setUp(admin: Admin): Promise<void> {
  const [exists] = await sql(SERVER_URL, 'SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
  if (!exists) await sql(SERVER_URL, `CREATE DATABASE "${DATABASE}"`);
  for (const schema of Object.values(schemas)) {
    cleanups.push(() => sql(DATABASE_URL, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    await migrateServiceSchema({ url: DATABASE_URL, schema, migrations: [CreateBenchTables1764000009000] });
  }
  cleanups.push(() => admin.deleteTopics(topicSpecs.map((t) => t.name)));
  await admin.ensureTopics(topicSpecs);
  for (const group of Object.values(groups)) cleanups.push(() => admin.deleteGroup(group));
}

let cleaning: Promise<void> | null = null;

/** Idempotent: a signal and a failing run share one cleanup and both wait for its end. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    // Reverse order: clients before groups, groups before topics, everything before the schemas go.
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  })();
  return cleaning;
}

// ---------------------------------------------------------------------------------------------
// Limit 1: raw Kafka, produce -> consume

async function rawKafka(): Promise<{ msgsPerSec: number; ms: number; produceMs: number }> {
  const topic = namer.physical(RAW_TOPIC);
  const messages: OutgoingMessage[] = Array.from({ length: MESSAGES }, (_, n) => {
    const payload = order(n);
    const { value, headers } = envelopeOf(payload);
    return { topic, key: payload.orderId, value, headers };
  });

  const consumer = bus.consumer({ groupId: groups.raw });
  let joined = false;
  consumer.on('group-joined', () => (joined = true));
  let consumed = 0;
  let lastConsumedAt = 0;
  await consumer.connect();
  cleanups.push(() => consumer.disconnect());
  await consumer.subscribe([topic]);
  await consumer.run(async (batch, controls) => {
    if (batch.messages.length === 0) return;
    for (const message of batch.messages) controls.resolve(message.offset);
    // Committed once per batch, as the inbox consumer does.
    await controls.commit((BigInt(batch.messages.at(-1)!.offset) + 1n).toString());
    consumed += batch.messages.length;
    if (consumed >= MESSAGES) lastConsumedAt = now();
  });
  await waitFor('the raw consumer to join its group', () => joined, 60_000);

  const producer = bus.producer();
  await producer.connect();
  cleanups.push(() => producer.disconnect());
  const start = now();
  for (let i = 0; i < messages.length; i += BATCH) await producer.send(messages.slice(i, i + BATCH));
  const produceMs = now() - start;
  await waitFor('the raw consumer to consume everything', () => consumed >= MESSAGES);
  const ms = lastConsumedAt - start;
  await producer.disconnect();
  await consumer.disconnect();
  return { msgsPerSec: rate(MESSAGES, ms), ms, produceMs };
}

// ---------------------------------------------------------------------------------------------
// Limit 2: raw PostgreSQL, the same two transactions per message with plain pg

async function rawDatabase(): Promise<{ msgsPerSec: number; ms: number }> {
  const pool = (schema: string): Pool =>
    new Pool({ connectionString: DATABASE_URL, max: WRITERS, options: `-c search_path=${schema}` });
  const ordersPool = pool(schemas.rawOrders);
  const effectsPool = pool(schemas.rawEffects);
  cleanups.push(() => ordersPool.end(), () => effectsPool.end());
  const transaction = async (p: Pool, work: (client: PoolClient) => Promise<void>): Promise<void> => {
    const client = await p.connect();
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  // Open the connections before timing, as the full path's pools are open before it starts.
  await Promise.all(
    [ordersPool, effectsPool].flatMap((p) => Array.from({ length: WRITERS }, () => p.connect())),
  ).then((clients) => clients.forEach((c) => c.release()));

  const topic = namer.physical(BENCH_TOPIC.name);
  const start = now();
  await runConcurrently(MESSAGES, WRITERS, async (n) => {
    const payload = order(n);
    const { value, headers } = envelopeOf(payload);
    const id = (JSON.parse(value) as { id: string }).id;
    // The producer's business write and its outbox row (same statements as OutboxPublisher).
    await transaction(ordersPool, async (c) => {
      await c.query('INSERT INTO orders (id, n, note) VALUES ($1, $2, $3)', [payload.orderId, n, payload.note]);
      await c.query('INSERT INTO outbox (id, topic, message_key, value, headers) VALUES ($1, $2, $3, $4, $5::jsonb)', [
        id,
        topic,
        payload.orderId,
        value,
        JSON.stringify(headers),
      ]);
    });
    // The consumer's inbox row and its effect (same statements as InboxConsumer and the handler).
    await transaction(effectsPool, async (c) => {
      const inserted = await c.query(
        `INSERT INTO inbox (consumer_group, message_id, topic, kafka_partition, kafka_offset)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1`,
        [groups.effects, id, topic, n % PARTITIONS, n],
      );
      if (inserted.rowCount === 0) throw new Error(`duplicate message ${id}`);
      await c.query('INSERT INTO effects (message_id, order_id, n) VALUES ($1, $2, $3)', [id, payload.orderId, n]);
    });
  });
  const ms = now() - start;
  await ordersPool.end();
  await effectsPool.end();
  return { msgsPerSec: rate(MESSAGES, ms), ms };
}

// ---------------------------------------------------------------------------------------------
// The full path: business transaction -> outbox -> relay -> Kafka -> inbox consumer

interface PipelineResult {
  msgsPerSec: number;
  ms: number;
  writesDoneMs: number;
  relayDoneMs: number;
  consumedMs: number;
}

async function pipeline(admin: Admin): Promise<PipelineResult> {
  const topic = namer.physical(BENCH_TOPIC.name);
  const ordersDb: DataSource = await createServiceDataSource({
    url: DATABASE_URL,
    schema: schemas.orders,
    migrations: [CreateBenchTables1764000009000],
    poolSize: WRITERS,
  }).initialize();
  cleanups.push(() => ordersDb.destroy());
  const effectsDb: DataSource = await createServiceDataSource({
    url: DATABASE_URL,
    schema: schemas.effects,
    migrations: [CreateBenchTables1764000009000],
  }).initialize();
  cleanups.push(() => effectsDb.destroy());

  const handler: MessageHandler<BenchOrderPlacedV1> = {
    topic: BENCH_TOPIC,
    handle: async (envelope, context) => {
      await context.manager.query('INSERT INTO effects (message_id, order_id, n) VALUES ($1, $2, $3)', [
        envelope.id,
        envelope.payload.orderId,
        envelope.payload.n,
      ]);
    },
  };
  const consumer = new InboxConsumer({
    bus,
    dataSource: effectsDb,
    groupId: groups.effects,
    topicNamer: namer,
    handlers: [handler as MessageHandler],
    log: (level, message) => log(`consumer ${level}: ${message}`),
  });
  cleanups.push(() => consumer.stop());
  await consumer.start();
  await waitFor('the inbox consumer to join its group', () => consumer.status().joined, 60_000);

  const relayProducer = bus.producer();
  await relayProducer.connect();
  cleanups.push(() => relayProducer.disconnect());
  const relay = new OutboxRelay({
    connection: { connectionString: DATABASE_URL },
    schema: schemas.orders,
    producer: relayProducer,
    batchSize: BATCH,
    log: (level, message) => log(`relay ${level}: ${message}`),
  });
  cleanups.push(() => relay.stop());
  relay.start();
  await waitFor('the relay to become leader', () => relay.status().leader, 30_000);

  const publisher = new OutboxPublisher('bench', namer);
  // Warm the writers' pool: every connection open before the clock starts.
  await runConcurrently(WRITERS, WRITERS, () => ordersDb.query('SELECT 1').then(() => undefined));

  const start = now();
  let writesDoneMs = 0;
  let relayDoneMs = 0;
  let consumedMs = 0;
  let writeError: unknown = null;
  const writes = runConcurrently(MESSAGES, WRITERS, async (n) => {
    const payload = order(n);
    // One business transaction per message: the business row and its event commit together.
    await ordersDb.transaction(async (tx) => {
      await tx.query('INSERT INTO orders (id, n, note) VALUES ($1, $2, $3)', [payload.orderId, n, payload.note]);
      await publisher.publish(tx, { topic: BENCH_TOPIC, key: payload.orderId, caseId: payload.orderId, payload });
    });
  }).then(
    () => (writesDoneMs = now() - start),
    (error: unknown) => (writeError = error),
  );

  // In-process progress first (cheap), then the external proof: the outbox is drained, every
  // effect is there, and the group's committed offsets equal the topic's high-water marks.
  await waitFor('the relay to publish everything', async () => {
    if (writeError) throw writeError;
    if (consumer.status().processed >= MESSAGES && !consumedMs) consumedMs = now() - start;
    if (relay.status().published >= MESSAGES && !relayDoneMs) relayDoneMs = now() - start;
    return relayDoneMs > 0;
  });
  await writes;
  const done = async (): Promise<boolean> => {
    if (consumer.status().processed < MESSAGES) return false;
    if (!consumedMs) consumedMs = now() - start;
    const [outbox] = await ordersDb.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL');
    if (outbox.n !== 0) return false;
    const [effects] = await effectsDb.query('SELECT count(*)::int AS n FROM effects');
    if (effects.n < MESSAGES) return false;
    const high = await admin.partitionOffsets(topic);
    const committed = new Map((await admin.groupOffsets(groups.effects, topic)).map((o) => [o.partition, o.offset]));
    return high.every((p) => p.high === p.low || committed.get(p.partition) === p.high);
  };
  await waitFor('the consumer to process and commit everything', done, TIMEOUT_MS, 10);
  const ms = now() - start;

  // Exactly once in effect: every message has one effect, no more.
  const [check] = await effectsDb.query('SELECT count(*)::int AS rows, count(DISTINCT message_id)::int AS distinct_ids FROM effects');
  if (check.rows !== MESSAGES || check.distinct_ids !== MESSAGES) {
    throw new Error(`expected ${MESSAGES} effects, found ${check.rows} rows for ${check.distinct_ids} messages`);
  }
  const status = consumer.status();
  if (status.deadLettered > 0) throw new Error(`${status.deadLettered} messages were dead-lettered: ${status.lastError}`);

  await relay.stop();
  await consumer.stop();
  await relayProducer.disconnect();
  await ordersDb.destroy();
  await effectsDb.destroy();
  return { msgsPerSec: rate(MESSAGES, ms), ms, writesDoneMs, relayDoneMs, consumedMs };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const startedAt = now();
  log(`run ${runId}: ${MESSAGES} messages of ~${PAYLOAD_BYTES} B payload, ${WRITERS} writers, batches of ${BATCH}, ${PARTITIONS} partitions`);
  const admin = bus.admin();
  await admin.connect();
  try {
    await setUp(admin);
    const skipped = { msgsPerSec: NaN, ms: NaN, produceMs: NaN, writesDoneMs: NaN, relayDoneMs: NaN, consumedMs: NaN };
    const phase = async <T>(name: string, title: string, run: () => Promise<T>): Promise<T | typeof skipped> => {
      if (!PHASES.has(name)) return skipped;
      log(`${title}…`);
      return run();
    };
    const kafka = await phase('kafka', 'raw Kafka limit', rawKafka);
    const db = await phase('db', 'raw PostgreSQL limit', rawDatabase);
    const full = await phase('pipeline', 'full path', () => pipeline(admin));

    const limit = Math.min(kafka.msgsPerSec, db.msgsPerSec);
    const ratio = Math.round((full.msgsPerSec / limit) * 100) / 100;
    const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
    const all: [string, string, string][] = [
      ['raw Kafka (produce -> consume)', `${kafka.msgsPerSec}`, `${s(kafka.ms)} (produced in ${s(kafka.produceMs)})`],
      ['raw PostgreSQL (2 tx/message)', `${db.msgsPerSec}`, s(db.ms)],
      [
        'full path (tx -> outbox -> relay -> Kafka -> inbox)',
        `${full.msgsPerSec}`,
        `${s(full.ms)} (writes ${s(full.writesDoneMs)}, relayed ${s(full.relayDoneMs)}, consumed ${s(full.consumedMs)})`,
      ],
    ];
    const rows = all.filter(([, value]) => value !== 'NaN'); // phases left out with BENCH_PHASES
    const width = Math.max(...rows.map((r) => r[0].length));
    const out: string[] = [
      '',
      `${'measurement'.padEnd(width)}  ${'msgs/s'.padStart(7)}  time`,
      ...rows.map(([name, value, time]) => `${name.padEnd(width)}  ${value.padStart(7)}  ${time}`),
      '',
      `ratio full path / min(limits) = ${full.msgsPerSec} / ${limit} (${limit === db.msgsPerSec ? 'PostgreSQL' : 'Kafka'}) = ${ratio.toFixed(2)}`,
      `goal (>= 2000 msgs/s and ratio >= 0.5): ${full.msgsPerSec >= 2000 && ratio >= 0.5 ? 'met' : 'NOT met'}`,
      `messages ${MESSAGES}, writers ${WRITERS}, batch ${BATCH}, partitions ${PARTITIONS}, total runtime ${s(now() - startedAt)}`,
      JSON.stringify({
        rawKafkaMsgsPerSec: kafka.msgsPerSec,
        rawDbMsgsPerSec: db.msgsPerSec,
        pipelineMsgsPerSec: full.msgsPerSec,
        ratio,
      }),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await cleanUp();
    await admin.disconnect().catch(() => undefined);
  }
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (!interrupted) log(`failed: ${(error as Error).stack ?? String(error)}`);
    void cleanUp().finally(() => process.exit(interrupted ? 130 : 1));
  },
);
