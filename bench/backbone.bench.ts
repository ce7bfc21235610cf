// The messaging backbone's throughput, end to end, on this machine (bench/README.md).
//
//   npm run bench:backbone
//
// Measurements with the same message (a ~1 KiB payload in the platform's envelope), acks=all
// and batches of BATCH on every side: raw Kafka, then raw PostgreSQL and the full path with one
// schema, then both again with BENCH_SCHEMAS (6) schemas publishing at once; each full path's
// ratio is to the smaller of raw Kafka and its raw PostgreSQL. The last line printed is one JSON
// object for tracking.
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { IsInt, IsString, IsUUID, Length } from 'class-validator';
import { Pool, type PoolClient } from 'pg';
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
import { intEnv } from './support/env';
import { sqlOnce as sql } from './support/run';
import { measureRawKafka, type RawKafkaFigure } from './support/raw-kafka';

// ---------------------------------------------------------------------------------------------
// Settings (environment overrides for experiments; the defaults are the tracked configuration)

const MESSAGES = intEnv('BENCH_MESSAGES', 20_000);
/** Concurrent business writers in the full path, and concurrent clients in the raw database limit. */
const WRITERS = intEnv('BENCH_WRITERS', 8);
/** The relay's batch size (its default); the raw Kafka producer sends batches of the same size. */
const BATCH = intEnv('BENCH_BATCH', 500);
const PARTITIONS = intEnv('BENCH_PARTITIONS', 6);
/** Schemas publishing at once in the multi-schema measurements, as the platform's services on one PostgreSQL. */
const SCHEMAS = intEnv('BENCH_SCHEMAS', 6);
/**
 * Raw PostgreSQL and the full path take turns, ROUNDS slices each, so that both meet the other
 * jobs of a shared machine alike (measured one after the other, their ratio swung 0.55–1.98).
 */
const ROUNDS = intEnv('BENCH_ROUNDS', 4);
/**
 * Writers (and raw clients) per schema with SCHEMAS schemas: 4, so 24 in all. Raw and full path
 * are open together while they take turns, and 8 per schema would need more than PostgreSQL's
 * default 100 connections.
 */
const SCHEMA_WRITERS = intEnv('BENCH_SCHEMA_WRITERS', 4);
const PAYLOAD_BYTES = 1024;
const TIMEOUT_MS = intEnv('BENCH_TIMEOUT_MS', 180_000);
/** For experiments: run only some of the measurements (comma-separated: kafka, one, six: the raw/full pairs with one and SCHEMAS schemas). */
const PHASES = new Set((process.env['BENCH_PHASES'] ?? 'kafka,one,six').split(',').map((p) => p.trim()));

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

/** CPU seconds of this process, the Kafka broker, this database's PostgreSQL backends, and the machine (from /proc). */
interface CpuSample {
  node: number;
  kafka: number;
  postgres: number;
  machineBusy: number;
  machineAll: number;
}

type CpuPart = 'node' | 'kafka' | 'postgres';

/** Per process: which part it is and its CPU seconds so far; plus the machine's. */
interface CpuSnapshot {
  processes: Map<string, { part: CpuPart; seconds: number }>;
  machineBusy: number;
  machineAll: number;
}

const TICKS_PER_SECOND = 100;

function cpuSample(): CpuSnapshot {
  const processes = new Map<string, { part: CpuPart; seconds: number }>();
  const secondsOf = (pid: string): number => {
    // Fields after the parenthesised command: utime and stime are the 14th and 15th of the line.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  };
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = pid === String(process.pid) ? '' : readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      // A backend's title names its database: `postgres: <user> <database> <client> <state>`.
      const part: CpuPart | null =
        pid === String(process.pid)
          ? 'node'
          : cmdline.includes('kafka.Kafka')
            ? 'kafka'
            : cmdline.startsWith('postgres: ') && cmdline.includes(` ${DATABASE} `)
              ? 'postgres'
              : null;
      if (part) processes.set(pid, { part, seconds: secondsOf(pid) });
    } catch {
      // The process ended while we looked.
    }
  }
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const machineAll = cpu.reduce((sum, v) => sum + v, 0) / TICKS_PER_SECOND;
  return { processes, machineAll, machineBusy: machineAll - (cpu[3]! + cpu[4]!) / TICKS_PER_SECOND };
}

function zeroCpu(): CpuSample {
  return { node: 0, kafka: 0, postgres: 0, machineBusy: 0, machineAll: 0 };
}

/**
 * Adds what was used between two samples to `total`, process by process: a backend that closed
 * in between (an idle pool connection) is left out rather than subtracted.
 */
function addCpu(total: CpuSample, before: CpuSnapshot, after: CpuSnapshot): void {
  for (const [pid, { part, seconds }] of after.processes) total[part] += seconds - (before.processes.get(pid)?.seconds ?? 0);
  total.machineBusy += after.machineBusy - before.machineBusy;
  total.machineAll += after.machineAll - before.machineAll;
}

/** CPU milliseconds per message of each part, and how busy the machine was. */
function cpuPerMessage(used: CpuSample): string {
  const per = (key: keyof CpuSample): string => ((used[key] * 1000) / MESSAGES).toFixed(2);
  const busy = Math.round((used.machineBusy / used.machineAll) * 100);
  return `node ${per('node')}, postgres ${per('postgres')}, kafka ${per('kafka')} ms/msg; machine ${busy}% busy`;
}

function rate(messages: number, ms: number): number {
  return Math.round((messages / ms) * 1000);
}

// ---------------------------------------------------------------------------------------------
// Setup and cleanup: a topic prefix, groups and schemas of this run's own
//
// A "service" of the bench is one schema that publishes to a topic of its own and consumes the
// topic of the service before it (a ring; with one service it consumes its own topic), as the
// platform's services each publish and consume on one PostgreSQL.

const runId = `bench${randomBytes(3).toString('hex')}`;
const namer = new TopicNamer(`${runId}.`);
const bus = new KafkaJsMessageBus({
  clientId: runId,
  brokers: BROKERS,
  log: (level, namespace, message) => log(`kafka ${level} ${namespace}: ${message}`),
});

interface BenchService {
  /** The schema: business table, outbox, inbox and effects table. */
  schema: string;
  /** Names its topic: the services' topics differ by prefix. */
  namer: TopicNamer;
  /** The group consuming this service's topic (the next service in the ring). */
  group: string;
  /** Concurrent writers (full path) and clients (raw PostgreSQL) of this schema. */
  writers: number;
}

function benchServices(mode: string, count: number, writers: number): BenchService[] {
  return Array.from({ length: count }, (_, i) => ({
    schema: `${runId}_${mode}${i}`,
    namer: new TopicNamer(`${runId}.${mode}${i}.`),
    group: `${runId}-${mode}${i}`,
    writers,
  }));
}

const services = {
  raw1: benchServices('raw1s', 1, WRITERS),
  raw6: benchServices('raw6s', SCHEMAS, SCHEMA_WRITERS),
  full1: benchServices('full1s', 1, WRITERS),
  full6: benchServices('full6s', SCHEMAS, SCHEMA_WRITERS),
};
const allServices = Object.values(services).flat();
const rawKafkaGroup = `${runId}-raw`;
const topicSpecs = [
  ...allServices.flatMap((s) => topicSpecsOf([BENCH_TOPIC], s.namer)),
  { name: namer.physical(RAW_TOPIC), partitions: PARTITIONS },
];
const cleanups: (() => Promise<unknown>)[] = [];

async function setUp(admin: Admin): Promise<void> {
  const [exists] = await sql(SERVER_URL, 'SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
  if (!exists) await sql(SERVER_URL, `CREATE DATABASE "${DATABASE}"`);
  for (const { schema } of allServices) {
    cleanups.push(() => sql(DATABASE_URL, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    await migrateServiceSchema({ url: DATABASE_URL, schema, migrations: [CreateBenchTables1764000009000] });
  }
  // The raw baseline has no trigger: plain INSERTs, nothing else.
  // BENCH_NO_TRIGGER=1 (experiments only) drops it in the full path's schemas too: the relay then publishes on its poll.
  const untriggered = process.env['BENCH_NO_TRIGGER'] === '1' ? allServices : [...services.raw1, ...services.raw6];
  for (const { schema } of untriggered) await sql(DATABASE_URL, `DROP TRIGGER outbox_notify ON "${schema}".outbox`);
  cleanups.push(() => admin.deleteTopics(topicSpecs.map((t) => t.name)));
  await admin.ensureTopics(topicSpecs);
  for (const group of [rawKafkaGroup, ...allServices.map((s) => s.group)]) cleanups.push(() => admin.deleteGroup(group));
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

/** Messages from..to-1 of a run: n belongs to service n % count; each service takes its share with its own writers. */
async function runPerService(ring: BenchService[], from: number, to: number, job: (service: number, n: number) => Promise<void>): Promise<void> {
  await Promise.all(
    ring.map((_, s) => {
      const first = from + ((s - (from % ring.length) + ring.length) % ring.length);
      const share = first < to ? Math.ceil((to - first) / ring.length) : 0;
      return runConcurrently(share, ring[s]!.writers, (i) => job(s, first + i * ring.length));
    }),
  );
}

/**
 * A PostgreSQL measurement run in slices: `slice(from, to)` carries messages from..to-1 and
 * resolves when they are done; `finish` proves the end state after the last slice (timed too).
 */
interface SlicedMeasurement {
  slice(from: number, to: number): Promise<void>;
  finish(): Promise<void>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Limit 1: raw Kafka, produce -> consume

async function rawKafka(): Promise<RawKafkaFigure> {
  const topic = namer.physical(RAW_TOPIC);
  const messages: OutgoingMessage[] = Array.from({ length: MESSAGES }, (_, n) => {
    const payload = order(n);
    const { value, headers } = envelopeOf(payload);
    return { topic, key: payload.orderId, value, headers };
  });
  return measureRawKafka({ bus, groupId: rawKafkaGroup, messages, batch: BATCH, timeoutMs: TIMEOUT_MS });
}

// ---------------------------------------------------------------------------------------------
// Limit 2: raw PostgreSQL, the same INSERT statements per message with plain pg, no trigger

async function openRawDatabase(ring: BenchService[]): Promise<SlicedMeasurement> {
  // One pool per schema, as many clients as the full path has writers.
  // Idle clients stay open between slices (the default closes them after 10 s).
  const pools = ring.map(
    ({ schema, writers }) => new Pool({ connectionString: DATABASE_URL, max: writers, idleTimeoutMillis: 0, options: `-c search_path=${schema}` }),
  );
  cleanups.push(...pools.map((p) => () => p.end()));
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
  await Promise.all(pools.flatMap((p, s) => Array.from({ length: ring[s]!.writers }, () => p.connect()))).then((clients) =>
    clients.forEach((c) => c.release()),
  );

  const slice = (from: number, to: number): Promise<void> =>
    runPerService(ring, from, to, async (s, n) => {
      const consumer = (s + 1) % ring.length;
      const topic = ring[s]!.namer.physical(BENCH_TOPIC.name);
      const payload = order(n);
      const { value, headers } = envelopeOf(payload);
      const id = (JSON.parse(value) as { id: string }).id;
      // The producer's business write and its outbox row (same statements as OutboxPublisher).
      await transaction(pools[s]!, async (c) => {
        await c.query('INSERT INTO orders (id, n, note) VALUES ($1, $2, $3)', [payload.orderId, n, payload.note]);
        await c.query('INSERT INTO outbox (id, topic, message_key, value, headers) VALUES ($1, $2, $3, $4, $5::jsonb)', [
          id,
          topic,
          payload.orderId,
          value,
          JSON.stringify(headers),
        ]);
      });
      // The consuming service's inbox row and its effect (same statements as InboxConsumer and the handler).
      await transaction(pools[consumer]!, async (c) => {
        const inserted = await c.query(
          `INSERT INTO inbox (consumer_group, message_id, topic, kafka_partition, kafka_offset)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1`,
          [ring[s]!.group, id, topic, n % PARTITIONS, n],
        );
        if (inserted.rowCount === 0) throw new Error(`duplicate message ${id}`);
        await c.query('INSERT INTO effects (message_id, order_id, n) VALUES ($1, $2, $3)', [id, payload.orderId, n]);
      });
    });
  return { slice, finish: async () => undefined, close: async () => void (await Promise.all(pools.map((p) => p.end()))) };
}

// ---------------------------------------------------------------------------------------------
// The full path: business transaction -> outbox -> relay -> Kafka -> inbox consumer

interface RunningService {
  db: DataSource;
  relay: OutboxRelay;
  /** Consumes the previous service's topic into this service's effects table. */
  consumer: InboxConsumer;
  publisher: OutboxPublisher;
}

async function startService(ring: BenchService[], s: number): Promise<RunningService> {
  const service = ring[s]!;
  const upstream = ring[(s - 1 + ring.length) % ring.length]!;
  const db: DataSource = await createServiceDataSource({
    url: DATABASE_URL,
    schema: service.schema,
    migrations: [CreateBenchTables1764000009000],
    // The writers, and the consumer's connection beside them.
    poolSize: service.writers + 1,
  }).initialize();
  cleanups.push(() => db.destroy());
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
    dataSource: db,
    groupId: upstream.group,
    topicNamer: upstream.namer,
    handlers: [handler as MessageHandler],
    log: (level, message) => log(`consumer ${level}: ${message}`),
  });
  cleanups.push(() => consumer.stop());
  await consumer.start();

  const relayProducer = bus.producer();
  await relayProducer.connect();
  cleanups.push(() => relayProducer.disconnect());
  const relay = new OutboxRelay({
    connection: { connectionString: DATABASE_URL },
    schema: service.schema,
    producer: relayProducer,
    batchSize: BATCH,
    log: (level, message) => log(`relay ${level}: ${message}`),
  });
  cleanups.push(() => relay.stop());
  relay.start();
  return { db, relay, consumer, publisher: new OutboxPublisher('bench', service.namer) };
}

interface PipelineMeasurement extends SlicedMeasurement {
  /** NOTIFYs the relays received. */
  notifications(): number;
  /** Summed over the slices: when the writers, the relays and the consumers were done. */
  timeline: { writesDoneMs: number; relayDoneMs: number; consumedMs: number };
}

async function openPipeline(admin: Admin, ring: BenchService[]): Promise<PipelineMeasurement> {
  const running = await Promise.all(ring.map((_, s) => startService(ring, s)));
  await waitFor('the inbox consumers to join their groups', () => running.every((r) => r.consumer.status().joined), 60_000);
  await waitFor('the relays to become leaders', () => running.every((r) => r.relay.status().leader), 30_000);
  // Warm the writers' pools: every connection open before the clock starts.
  for (const [s, { db }] of running.entries()) await runConcurrently(ring[s]!.writers, ring[s]!.writers, () => db.query('SELECT 1').then(() => undefined));

  const processed = (): number => running.reduce((sum, r) => sum + r.consumer.status().processed, 0);
  const published = (): number => running.reduce((sum, r) => sum + r.relay.status().published, 0);
  const timeline = { writesDoneMs: 0, relayDoneMs: 0, consumedMs: 0 };

  const slice = async (from: number, to: number): Promise<void> => {
    const start = now();
    let [writesDoneMs, relayDoneMs, consumedMs] = [0, 0, 0];
    let writeError: unknown = null;
    const writes = runPerService(ring, from, to, async (s, n) => {
      const { db, publisher } = running[s]!;
      const payload = order(n);
      // One business transaction per message: the business row and its event commit together.
      await db.transaction(async (tx) => {
        await tx.query('INSERT INTO orders (id, n, note) VALUES ($1, $2, $3)', [payload.orderId, n, payload.note]);
        await publisher.publish(tx, { topic: BENCH_TOPIC, key: payload.orderId, caseId: payload.orderId, payload });
      });
    }).then(
      () => (writesDoneMs = now() - start),
      (error: unknown) => (writeError = error),
    );
    // In-process progress (cheap): the relays published and the consumers processed the slice.
    await waitFor('the slice to be relayed and consumed', () => {
      if (writeError) throw writeError;
      if (published() >= to && !relayDoneMs) relayDoneMs = now() - start;
      if (processed() >= to && !consumedMs) consumedMs = now() - start;
      return relayDoneMs > 0 && consumedMs > 0;
    }, TIMEOUT_MS, 5);
    await writes;
    timeline.writesDoneMs += writesDoneMs;
    timeline.relayDoneMs += relayDoneMs;
    timeline.consumedMs += consumedMs;
  };

  // The external proof: the outboxes are drained, every effect is there once, and the groups'
  // committed offsets equal the topics' high-water marks.
  const finish = async (): Promise<void> => {
    const count = async (db: DataSource, text: string): Promise<number> => ((await db.query(text)) as { n: number }[])[0]!.n;
    const done = async (): Promise<boolean> => {
      let effects = 0;
      for (const { db } of running) {
        if ((await count(db, 'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL')) !== 0) return false;
        effects += await count(db, 'SELECT count(*)::int AS n FROM effects');
      }
      if (effects < MESSAGES) return false;
      for (const service of ring) {
        const topic = service.namer.physical(BENCH_TOPIC.name);
        const high = await admin.partitionOffsets(topic);
        const committed = new Map((await admin.groupOffsets(service.group, topic)).map((o) => [o.partition, o.offset]));
        if (!high.every((p) => p.high === p.low || committed.get(p.partition) === p.high)) return false;
      }
      return true;
    };
    await waitFor('the consumers to process and commit everything', done, TIMEOUT_MS, 10);
    let [rows, distinct] = [0, 0];
    for (const { db } of running) {
      const [check] = await db.query('SELECT count(*)::int AS rows, count(DISTINCT message_id)::int AS distinct_ids FROM effects');
      rows += check.rows;
      distinct += check.distinct_ids;
    }
    if (rows !== MESSAGES || distinct !== MESSAGES) throw new Error(`expected ${MESSAGES} effects, found ${rows} rows for ${distinct} messages`);
    for (const { consumer } of running) {
      const status = consumer.status();
      if (status.deadLettered > 0) throw new Error(`${status.deadLettered} messages were dead-lettered: ${status.lastError}`);
    }
  };

  const close = async (): Promise<void> => {
    for (const { relay, consumer, db } of running) {
      await relay.stop();
      await consumer.stop();
      await db.destroy();
    }
  };
  const notifications = (): number => running.reduce((sum, r) => sum + r.relay.status().notifications, 0);
  return { slice, finish, close, timeline, notifications };
}

/** The same number of messages through both, in alternating slices, so that both see the machine's other jobs alike. */
async function alternate(
  raw: SlicedMeasurement,
  full: SlicedMeasurement,
): Promise<{ raw: { ms: number; cpu: CpuSample }; full: { ms: number; cpu: CpuSample } }> {
  const totals = { raw: { ms: 0, cpu: zeroCpu() }, full: { ms: 0, cpu: zeroCpu() } };
  const timed = async (side: 'raw' | 'full', work: () => Promise<void>): Promise<void> => {
    const [before, at] = [cpuSample(), now()];
    await work();
    totals[side].ms += now() - at;
    addCpu(totals[side].cpu, before, cpuSample());
  };
  for (let round = 0; round < ROUNDS; round++) {
    const [from, to] = [Math.floor((MESSAGES * round) / ROUNDS), Math.floor((MESSAGES * (round + 1)) / ROUNDS)];
    await timed('raw', () => raw.slice(from, to));
    await timed('full', () => full.slice(from, to));
  }
  await timed('full', () => full.finish());
  return totals;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const startedAt = now();
  const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  log(`run ${runId}: ${MESSAGES} messages of ~${PAYLOAD_BYTES} B payload, ${WRITERS} writers, batches of ${BATCH}, ${PARTITIONS} partitions`);
  const admin = bus.admin();
  await admin.connect();
  try {
    await setUp(admin);
    const cpuUse = new Map<string, string>();
    let kafka = { msgsPerSec: NaN, ms: NaN, produceMs: NaN };
    if (PHASES.has('kafka')) {
      log('raw Kafka limit…');
      const [before, used] = [cpuSample(), zeroCpu()];
      kafka = await rawKafka();
      addCpu(used, before, cpuSample());
      cpuUse.set('raw Kafka', cpuPerMessage(used));
    }
    // Raw PostgreSQL and the full path in alternating slices, with one schema, then with SCHEMAS.
    const compare = async (mode: string, rawRing: BenchService[], fullRing: BenchService[]) => {
      log(`raw PostgreSQL and full path, ${mode}, ${ROUNDS} alternating slices each…`);
      const raw = await openRawDatabase(rawRing);
      const full = await openPipeline(admin, fullRing);
      const totals = await alternate(raw, full);
      await raw.close();
      await full.close();
      cpuUse.set(`raw, ${mode}`, cpuPerMessage(totals.raw.cpu));
      cpuUse.set(`full, ${mode}`, `${cpuPerMessage(totals.full.cpu)}; ${full.notifications()} NOTIFYs`);
      return {
        db: { msgsPerSec: rate(MESSAGES, totals.raw.ms), ms: totals.raw.ms },
        full: { msgsPerSec: rate(MESSAGES, totals.full.ms), ms: totals.full.ms, ...full.timeline },
      };
    };
    const skipped = { db: { msgsPerSec: NaN, ms: NaN }, full: { msgsPerSec: NaN, ms: NaN, writesDoneMs: NaN, relayDoneMs: NaN, consumedMs: NaN } };
    const one = PHASES.has('one') ? await compare('1 schema', services.raw1, services.full1) : skipped;
    const six = PHASES.has('six') ? await compare(`${SCHEMAS} schemas`, services.raw6, services.full6) : skipped;
    const [db, full, db6, full6] = [one.db, one.full, six.db, six.full];

    const ratioOf = (pipelineRate: number, dbRate: number): number => Math.round((pipelineRate / Math.min(kafka.msgsPerSec, dbRate)) * 100) / 100;
    const limit = Math.min(kafka.msgsPerSec, db.msgsPerSec);
    const ratio = ratioOf(full.msgsPerSec, db.msgsPerSec);
    const limit6 = Math.min(kafka.msgsPerSec, db6.msgsPerSec);
    const ratio6 = ratioOf(full6.msgsPerSec, db6.msgsPerSec);
    const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
    const timeline = (r: typeof full): string =>
      `${s(r.ms)} (writes ${s(r.writesDoneMs)}, relayed ${s(r.relayDoneMs)}, consumed ${s(r.consumedMs)})`;
    const all: [string, string, string][] = [
      ['raw Kafka (produce -> consume)', `${kafka.msgsPerSec}`, `${s(kafka.ms)} (produced in ${s(kafka.produceMs)})`],
      ['raw PostgreSQL, 1 schema (2 tx/message, no trigger)', `${db.msgsPerSec}`, s(db.ms)],
      ['full path, 1 schema (tx -> outbox -> relay -> Kafka -> inbox)', `${full.msgsPerSec}`, timeline(full)],
      [`raw PostgreSQL, ${SCHEMAS} schemas (2 tx/message, no trigger)`, `${db6.msgsPerSec}`, s(db6.ms)],
      [`full path, ${SCHEMAS} schemas`, `${full6.msgsPerSec}`, timeline(full6)],
    ];
    const rows = all.filter(([, value]) => value !== 'NaN'); // phases left out with BENCH_PHASES
    const width = Math.max(...rows.map((r) => r[0].length));
    const source = (l: number, dbRate: number): string => (l === dbRate ? 'PostgreSQL' : 'Kafka');
    const out: string[] = [
      '',
      `${'measurement'.padEnd(width)}  ${'msgs/s'.padStart(7)}  time`,
      ...rows.map(([name, value, time]) => `${name.padEnd(width)}  ${value.padStart(7)}  ${time}`),
      '',
      `ratio full path / min(limits), 1 schema = ${full.msgsPerSec} / ${limit} (${source(limit, db.msgsPerSec)}) = ${ratio.toFixed(2)}`,
      `ratio full path / min(limits), ${SCHEMAS} schemas = ${full6.msgsPerSec} / ${limit6} (${source(limit6, db6.msgsPerSec)}) = ${ratio6.toFixed(2)}`,
      `goal (ratio >= 0.9 with 1 and with ${SCHEMAS} schemas): ${ratio >= 0.9 && ratio6 >= 0.9 ? 'met' : 'NOT met'}`,
      `goal (>= 2000 msgs/s through the full path, 1 schema): ${full.msgsPerSec >= 2000 ? 'met' : 'NOT met'}`,
      `messages ${MESSAGES}, writers ${WRITERS} (1 schema) and ${SCHEMA_WRITERS} per schema (${SCHEMAS} schemas), rounds ${ROUNDS}, batch ${BATCH}, partitions ${PARTITIONS}, total runtime ${s(now() - startedAt)}`,
      'CPU per message (this process, its database\'s PostgreSQL backends, the broker) and the machine:',
      ...[...cpuUse].map(([name, use]) => `  ${name.padEnd(16)} ${use}`),
      `load average before the run: ${loadBefore}`,
      JSON.stringify({
        rawKafkaMsgsPerSec: kafka.msgsPerSec,
        rawDbMsgsPerSec: db.msgsPerSec,
        pipelineMsgsPerSec: full.msgsPerSec,
        ratio,
        sixSchemaPipelineMsgsPerSec: full6.msgsPerSec,
        sixSchemaRawDbMsgsPerSec: db6.msgsPerSec,
        sixSchemaRatio: ratio6,
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
