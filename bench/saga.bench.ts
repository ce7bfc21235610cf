// The case saga's timer scan, on this machine (bench/README.md, "Saga timer benchmark").
//
//   npm run bench:saga
//
// 1. Tick time: the same stream of due timers is fired by TimerTicker.tick() in a schema with
//    1,000 open cases and in one with 1,000,000 (each case with its timers, due days ahead); the
//    two take turns, round by round, so both meet the same load of this shared machine. Ticks
//    with nothing due count too. p99 at 1,000,000 and its ratio to 1,000 are the figures.
// 2. Rate: 10,000 timers due at the same moment, among the 1,000,000 open cases, fired by two
//    saga instances (two processes, each its own pool and ticker), from the moment both are told
//    to go until no due timer is left; every timer is checked fired once with one outbox row.
// The last line printed is one JSON object for tracking.
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { Calendar, loadYearFiles } from '@birth/calendar';
import { OutboxPublisher, TopicNamer } from '@birth/messaging';
import { createServiceDataSource, migrateServiceSchema } from '@birth/platform';
import { loadPolicyDirectory } from '@birth/policy';
import { CreateCases1764000000200 } from '../apps/case-saga/src/migrations/1764000000200-create-cases';
import { CreateTimers1764000000300 } from '../apps/case-saga/src/migrations/1764000000300-create-timers';
import { CreateStepClocks1764000000400 } from '../apps/case-saga/src/migrations/1764000000400-create-step-clocks';
import { CaseTimeline } from '../apps/case-saga/src/ports/step-clock-port';
import { DEFAULT_SLA_SETTINGS, SlaTimerHandlers } from '../apps/case-saga/src/sla';
import { setTestClock } from '../apps/case-saga/src/timers/test-clock';
import { TimerTicker } from '../apps/case-saga/src/timers';
import { intEnv } from './support/env';

// ---------------------------------------------------------------------------------------------
// Settings (environment overrides for experiments; the defaults are the tracked configuration)

const SMALL_CASES = intEnv('BENCH_SMALL_CASES', 1_000);
const LARGE_CASES = intEnv('BENCH_LARGE_CASES', 1_000_000);
/** Measured ticks per size, after WARMUP_TICKS unmeasured ones. */
const TICKS = intEnv('BENCH_TICKS', 2_000);
const WARMUP_TICKS = intEnv('BENCH_WARMUP_TICKS', 100);
/** Ticks per turn: the sizes alternate every ROUND ticks. */
const ROUND = intEnv('BENCH_ROUND', 100);
const RATE_TIMERS = intEnv('BENCH_RATE_TIMERS', 10_000);
const INSTANCES = intEnv('BENCH_INSTANCES', 2);
/** The ticker's claim size (its default). */
const BATCH = intEnv('BENCH_BATCH', 200);
const migrations = [CreateCases1764000000200, CreateTimers1764000000300, CreateStepClocks1764000000400];

const SERVER_URL = process.env['BENCH_SERVER_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = process.env['BENCH_DATABASE'] ?? 'birth_bench';
const DATABASE_URL = (() => {
  const parsed = new URL(SERVER_URL);
  parsed.pathname = `/${DATABASE}`;
  return parsed.toString();
})();

/**
 * The timers each open case has while nothing is due: the allowance step's at-risk and breach
 * timers and a stuck-step timer, due 1 to 15 days ahead (the measured ticks stay within the first
 * hour, so none of them falls due).
 */
const OPEN_TIMERS = [
  ['maternity-allowance', 'at-risk'],
  ['maternity-allowance', 'breach'],
  ['maternity-allowance', 'stuck'],
] as const;

/** Timers due per tick, in turn: a quarter of the ticks find nothing, the busiest find 12. */
const DUE_PER_TICK = [0, 1, 3, 0, 2, 5, 1, 0, 4, 12, 2, 0, 1, 6, 3, 2];
/** Saga-clock seconds between ticks; the k-th tick's timers fall due in its second. */
const TICK_STEP_S = 1;
/** The measured stream starts this long after the seeding's now; the open timers are days away. */
const STREAM_START_S = 600;

// ---------------------------------------------------------------------------------------------
// Helpers

const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);
const now = (): number => performance.now();

async function sql<T = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  return (await statements<T>(url, [text], params)).at(-1)!;
}

/** Statements one after another on one session (VACUUM cannot share a multi-statement string); `params` go with each. */
async function statements<T = Record<string, unknown>>(url: string, texts: string[], params: unknown[] = []): Promise<T[][]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET maintenance_work_mem = '256MB'`);
    const results: T[][] = [];
    for (const text of texts) results.push((await client.query(text, params)).rows as T[]);
    return results;
  } finally {
    await client.end();
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/**
 * The cases side's timeline as far as the SLA handlers use it: the entries of a tick in one
 * statement, in the tick's transaction (the real one, apps/case-saga/src/cases, also flags the
 * case on at-risk and breach).
 */
class BenchTimeline extends CaseTimeline {
  async record(manager: EntityManager, caseId: string, entry: { at: string; type: string; cause: string }): Promise<void> {
    await this.recordAll(manager, [{ caseId, ...entry }]);
  }

  override async recordAll(manager: EntityManager, entries: readonly { caseId: string; at: string; type: string; cause: string }[]): Promise<void> {
    await manager.query(`INSERT INTO bench_timeline (case_id, at, type, cause) SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[])`, [
      entries.map((e) => e.caseId),
      entries.map((e) => e.at),
      entries.map((e) => e.type),
      entries.map((e) => e.cause),
    ]);
  }
}

/** A ticker with the saga's own SLA handlers (src/sla): each re-reads the step's clock, marks it, publishes through the outbox and records on the timeline. */
function tickerFor(dataSource: DataSource, runId: string): TimerTicker {
  const deps = {
    settings: DEFAULT_SLA_SETTINGS,
    calendar: new Calendar(loadYearFiles()),
    policy: loadPolicyDirectory(),
    publisher: new OutboxPublisher('case-saga', new TopicNamer(`${runId}.`)),
  };
  return new TimerTicker(dataSource, new SlaTimerHandlers(deps, new BenchTimeline()).handlers(), { batchSize: BATCH });
}

/**
 * Running step clocks for these (case, item) pairs, one per timer, due at `dueAt` (the breach's
 * deadline; at-risk two days before), so the SLA handlers find a reason to act on every timer.
 */
function clocksFor(casesSql: string, item: string, dueAtSql: string, table = 'step_clocks'): string {
  return `INSERT INTO ${table} (case_id, item, region_code, rule_version, state, target_working_days, started_at, deadline,
            last_working_day, at_risk_at, calendar_version, last_change_at)
          SELECT c.case_id, '${item}', '220100', '1', 'in_progress', 10, now() - interval '10 days', c.due,
            (c.due AT TIME ZONE 'Asia/Shanghai')::date, c.due - interval '2 days', '2026.1', now() - interval '10 days'
          FROM (SELECT case_id, ${dueAtSql} AS due FROM (${casesSql}) AS x) AS c`;
}

// ---------------------------------------------------------------------------------------------
// Worker: one saga instance of the rate measurement (this file, forked with `worker <schema> <runId>`)

async function worker(schema: string, runId: string): Promise<void> {
  const dataSource = await createServiceDataSource({ url: DATABASE_URL, schema, migrations, poolSize: 4 }).initialize();
  const ticker = tickerFor(dataSource, runId);
  await ticker.tick(); // Connects and warms the pool; nothing is due yet.
  process.send!({ ready: true });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const started = now();
  let fired = 0;
  let ticks = 0;
  for (;;) {
    const result = await ticker.tick();
    ticks += 1;
    fired += result.fired;
    if (result.fired === 0 && result.failed === 0) break;
  }
  process.send!({ fired, ticks, ms: now() - started });
  await dataSource.destroy();
}

// ---------------------------------------------------------------------------------------------
// Setup and cleanup

const cleanups: (() => Promise<unknown>)[] = [];
let cleaning: Promise<void> | null = null;

function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  })();
  return cleaning;
}

/**
 * A schema with `cases` open cases and their OPEN_TIMERS, seeded by generate_series. The two
 * secondary indexes are dropped for the load and built again after it (the same definitions as
 * the migration's), which is several times faster than maintaining them row by row.
 */
async function seed(schema: string, cases: number): Promise<void> {
  cleanups.push(() => sql(DATABASE_URL, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
  await migrateServiceSchema({ url: DATABASE_URL, schema, migrations });
  const started = now();
  const kinds = OPEN_TIMERS.map(([step, kind]) => `('${step}', '${kind}')`).join(', ');
  await statements(DATABASE_URL, [
    `SET search_path = "${schema}"`,
    `ALTER TABLE timers DROP CONSTRAINT timers_one_per_case_step_kind`,
    `DROP INDEX timers_pending_due`,
    `INSERT INTO cases (case_id, hospital_id, birth_record_id, delivery_id, accepted_at, opened_by_message)
     SELECT md5('case' || g)::uuid, 'H' || (g % 500), 'R' || g, 'D' || g, now() - interval '1 day', md5('msg' || g)::uuid
     FROM generate_series(1, ${cases}) AS g`,
    `INSERT INTO timers (case_id, step, kind, due_at, scheduled_at)
     SELECT c.case_id, k.step, k.kind, now() + interval '1 day' + random() * interval '14 days', now()
     FROM cases c CROSS JOIN (VALUES ${kinds}) AS k (step, kind)`,
    `ALTER TABLE step_clocks DROP CONSTRAINT step_clocks_pkey`,
    clocksFor(`SELECT case_id FROM cases`, 'maternity-allowance', `now() + interval '15 days'`),
    `ALTER TABLE step_clocks ADD PRIMARY KEY (case_id, item)`,
    `CREATE TABLE bench_timeline (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, case_id uuid NOT NULL, at timestamptz NOT NULL, type text NOT NULL, cause text NOT NULL)`,
    `ALTER TABLE timers ADD CONSTRAINT timers_one_per_case_step_kind UNIQUE NULLS NOT DISTINCT (case_id, step, kind)`,
    `CREATE INDEX timers_pending_due ON timers (due_at) WHERE state = 'pending'`,
    `VACUUM ANALYZE cases`,
    `VACUUM ANALYZE timers`,
    `VACUUM ANALYZE step_clocks`,
  ]);
  log(`${schema}: ${cases.toLocaleString('en')} cases, ${(cases * OPEN_TIMERS.length).toLocaleString('en')} timers in ${((now() - started) / 1000).toFixed(1)} s`);
}

/** The measured stream: for tick k (from 0, warm-up included), DUE_PER_TICK timers due at start + k seconds. */
async function seedStream(schema: string, ticks: number): Promise<number> {
  const dueAt: string[] = [];
  const base = await streamStart(schema);
  for (let k = 0; k < ticks; k++) {
    const n = DUE_PER_TICK[k % DUE_PER_TICK.length]!;
    // In the last half second before the clock's position for tick k: the claim may come up to
    // half a second after the clock was set and still find exactly tick k's timers.
    for (let i = 0; i < n; i++) dueAt.push(new Date(base + (k * TICK_STEP_S - 0.5 + (0.5 * (i + 1)) / (n + 1)) * 1000).toISOString());
  }
  const stream = `SELECT md5('stream' || i)::uuid AS case_id, d FROM unnest($1::timestamptz[]) WITH ORDINALITY AS s (d, i)`;
  await statements(
    DATABASE_URL,
    [
      `INSERT INTO "${schema}".timers (case_id, step, kind, due_at, scheduled_at) SELECT case_id, 'medical-insurance', 'breach', d, now() FROM (${stream}) AS s`,
      clocksFor(stream, 'medical-insurance', 'd', `"${schema}".step_clocks`),
    ],
    [dueAt],
  );
  return dueAt.length;
}

const streamStarts = new Map<string, number>();
async function streamStart(schema: string): Promise<number> {
  if (!streamStarts.has(schema)) {
    const [row] = await sql<{ now: Date }>(DATABASE_URL, `SELECT now() AS now`);
    streamStarts.set(schema, row!.now.getTime() + STREAM_START_S * 1000);
  }
  return streamStarts.get(schema)!;
}

// ---------------------------------------------------------------------------------------------
// Measurements

interface TickFigures {
  ticks: number;
  fired: number;
  all: number[];
  empty: number[];
}

function summary(label: string, f: TickFigures): { p99: number; row: string } {
  const all = [...f.all].sort((a, b) => a - b);
  const empty = [...f.empty].sort((a, b) => a - b);
  const mean = all.reduce((s, v) => s + v, 0) / Math.max(1, all.length);
  const p99 = percentile(all, 99);
  const cells = [label, f.ticks, f.fired, mean.toFixed(2), percentile(all, 50).toFixed(2), percentile(all, 90).toFixed(2), p99.toFixed(2), all.at(-1)!.toFixed(2), percentile(empty, 99).toFixed(2)];
  return { p99, row: `| ${cells.join(' | ')} |` };
}

/**
 * What a tick cannot beat on this machine at this moment, whatever the table, on pools of their
 * own and taking turns with the ticks: one read (an empty tick is one), and a transaction that
 * writes one row (a tick that fires is one: its COMMIT waits for the WAL flush).
 */
const FLOORS: { label: string; run: (dataSource: DataSource) => Promise<number> }[] = [
  { label: 'floor: SELECT 1', run: async (d) => ((await d.query('SELECT 1')) as unknown[]).length },
  {
    label: 'floor: BEGIN; INSERT one row; COMMIT',
    run: (d) => d.transaction(async (m) => ((await m.query(`INSERT INTO bench_floor (at) VALUES (now()) RETURNING 1`)) as unknown[]).length),
  },
];

/** The ticks of each schema and the floors, taking turns ROUND ticks at a time. */
async function measureTicks(runId: string, schemas: string[], expected: number): Promise<{ sizes: TickFigures[]; floors: TickFigures[] }> {
  const sides = await Promise.all(
    [...schemas, ...FLOORS.map(() => schemas[0]!)].map(async (schema, index) => {
      const dataSource = await createServiceDataSource({ url: DATABASE_URL, schema, migrations, poolSize: 2 }).initialize();
      cleanups.push(() => dataSource.destroy());
      const floor = FLOORS[index - schemas.length];
      const ticker = tickerFor(dataSource, runId);
      const run = floor ? async () => ({ fired: (await floor.run(dataSource)) - 1, failed: 0 }) : () => ticker.tick();
      return { isFloor: floor !== undefined, dataSource, run, base: await streamStart(schema), k: 0, total: 0, figures: { ticks: 0, fired: 0, all: [], empty: [] } as TickFigures };
    }),
  );
  const tickOnce = async (side: (typeof sides)[number], measured: boolean) => {
    // The saga's clock moves to this tick's second (not timed): its timers are now due.
    if (!side.isFloor) await setTestClock(side.dataSource, { at: new Date(side.base + side.k * TICK_STEP_S * 1000) });
    const started = now();
    const result = await side.run();
    const ms = now() - started;
    // Each tick normally fires its own second's timers (DUE_PER_TICK); a stall of more than half a
    // second between setting the clock and the claim (a COMMIT waiting on a busy disk) lets it take
    // the next second's too, so only the total is checked, at the end.
    if (result.failed !== 0) throw new Error(`tick ${side.k}: ${result.failed} timers failed`);
    side.k += 1;
    side.total += result.fired;
    if (!measured) return;
    side.figures.ticks += 1;
    side.figures.fired += result.fired;
    side.figures.all.push(ms);
    if (result.fired === 0) side.figures.empty.push(ms);
  };
  for (const side of sides) for (let i = 0; i < WARMUP_TICKS; i++) await tickOnce(side, false);
  for (let done = 0; done < TICKS; done += ROUND) {
    for (const side of sides) for (let i = 0; i < Math.min(ROUND, TICKS - done); i++) await tickOnce(side, true);
  }
  for (const side of sides.filter((s) => !s.isFloor)) {
    if (side.total !== expected) throw new Error(`fired ${side.total} timers of the stream, expected ${expected}`);
  }
  return { sizes: sides.filter((s) => !s.isFloor).map((s) => s.figures), floors: sides.filter((s) => s.isFloor).map((s) => s.figures) };
}

/** The claim's plan and timing on the large schema, at the saga clock's current position (nothing due): for the notes. */
async function explainClaim(schema: string): Promise<string> {
  const rows = await statements<{ 'QUERY PLAN': string }>(DATABASE_URL, [
    `SET search_path = "${schema}"`,
    `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT id FROM timers
     WHERE state = 'pending' AND due_at <= (now() + (SELECT clock_offset FROM saga_clock)) ORDER BY due_at LIMIT 200 FOR UPDATE SKIP LOCKED`,
  ]);
  return rows[1]!.map((r) => r['QUERY PLAN']).join('\n');
}

async function measureRate(schema: string, runId: string): Promise<{ perSec: number; ms: number; lines: string[] }> {
  const [row] = await sql<{ now: Date }>(DATABASE_URL, `SELECT now() + (SELECT clock_offset FROM "${schema}".saga_clock) AS now`);
  const dueAt = new Date(row!.now.getTime() + 60_000);
  const rate = `SELECT md5('rate' || g)::uuid AS case_id FROM generate_series(1, ${RATE_TIMERS}) AS g`;
  await sql(
    DATABASE_URL,
    `INSERT INTO "${schema}".timers (case_id, step, kind, due_at, scheduled_at) SELECT case_id, 'social-security-card', 'at-risk', $1, now() FROM (${rate}) AS r`,
    [dueAt.toISOString()],
  );
  await sql(DATABASE_URL, clocksFor(rate, 'social-security-card', `'${dueAt.toISOString()}'::timestamptz + interval '2 days'`, `"${schema}".step_clocks`));
  await sql(DATABASE_URL, `ANALYZE "${schema}".timers`);
  const children: ChildProcess[] = [];
  cleanups.push(async () => children.forEach((c) => c.exitCode === null && c.kill()));
  const results: Promise<{ fired: number; ticks: number; ms: number }>[] = [];
  const ready: Promise<void>[] = [];
  for (let i = 0; i < INSTANCES; i++) {
    const child = fork(__filename, ['worker', schema, runId], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.push(child);
    ready.push(new Promise((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`saga instance ${i} exited with ${code}`)));
    }));
  }
  await Promise.all(ready);
  for (const child of children) {
    results.push(new Promise((resolve) => child.once('message', (m) => resolve(m as { fired: number; ticks: number; ms: number }))));
  }
  // Past the due moment on the saga's clock, then both instances go at once.
  const clockDs = await createServiceDataSource({ url: DATABASE_URL, schema, migrations, poolSize: 1 }).initialize();
  await setTestClock(clockDs, { at: new Date(dueAt.getTime() + 1_000) });
  await clockDs.destroy();
  const started = now();
  for (const child of children) child.send({ go: true });
  const per = await Promise.all(results);
  const ms = now() - started;
  const [check] = await sql<{ fired: string; once: string; outbox: string; keys: string }>(
    DATABASE_URL,
    `SELECT (SELECT count(*) FROM "${schema}".timers WHERE step = 'social-security-card' AND state = 'fired') AS fired,
            (SELECT count(*) FROM "${schema}".timers WHERE step = 'social-security-card' AND state = 'fired' AND attempts = 1) AS once,
            (SELECT count(*) FROM "${schema}".outbox WHERE message_key IN (SELECT case_id::text FROM "${schema}".timers WHERE step = 'social-security-card')) AS outbox,
            (SELECT count(DISTINCT message_key) FROM "${schema}".outbox WHERE message_key IN (SELECT case_id::text FROM "${schema}".timers WHERE step = 'social-security-card')) AS keys`,
  );
  const counts = [check!.fired, check!.once, check!.outbox, check!.keys].map(Number);
  if (counts.some((c) => c !== RATE_TIMERS)) throw new Error(`rate check: fired ${counts[0]}, once ${counts[1]}, outbox ${counts[2]}, distinct ${counts[3]}; expected ${RATE_TIMERS} each`);
  const lines = per.map((p, i) => `| instance ${i + 1} | ${p.fired} | ${p.ticks} | ${p.ms.toFixed(0)} |`);
  return { perSec: Math.round((RATE_TIMERS / ms) * 1000), ms, lines };
}

async function main(): Promise<void> {
  const runId = `bench${randomBytes(3).toString('hex')}`;
  const [exists] = await sql(SERVER_URL, 'SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
  if (!exists) await sql(SERVER_URL, `CREATE DATABASE "${DATABASE}"`);
  const small = `${runId}_saga_small`;
  const large = `${runId}_saga_large`;
  log(`load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}; seeding`);
  await seed(small, SMALL_CASES);
  await seed(large, LARGE_CASES);
  const streamTimers = await seedStream(small, WARMUP_TICKS + TICKS);
  await seedStream(large, WARMUP_TICKS + TICKS);
  await sql(DATABASE_URL, `ANALYZE "${small}".timers; ANALYZE "${large}".timers`);
  log(`stream: ${streamTimers} timers over ${WARMUP_TICKS + TICKS} ticks per size; ticking`);

  await sql(DATABASE_URL, `CREATE TABLE "${small}".bench_floor (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz NOT NULL)`);
  const { sizes: [f1k, f1m], floors } = await measureTicks(runId, [small, large], streamTimers);
  const s1k = summary(`${SMALL_CASES.toLocaleString('en')} open cases`, f1k!);
  const s1m = summary(`${LARGE_CASES.toLocaleString('en')} open cases`, f1m!);
  const sFloors = floors.map((f, i) => summary(FLOORS[i]!.label, f));
  log(`the claim on ${large}, nothing due:\n${await explainClaim(large)}`);
  log(`rate: ${RATE_TIMERS} timers due at once among ${LARGE_CASES.toLocaleString('en')} open cases, ${INSTANCES} instances`);
  const rate = await measureRate(large, runId);

  const ratio = round2(s1m.p99 / s1k.p99);
  const out = [
    `Saga timer benchmark (${TICKS} measured ticks per size, turns of ${ROUND}; ${OPEN_TIMERS.length} timers per open case; claim size ${BATCH})`,
    '',
    '| tick | ticks | timers fired | mean ms | p50 ms | p90 ms | p99 ms | max ms | p99 empty ms |',
    '|---|---|---|---|---|---|---|---|---|',
    s1k.row,
    s1m.row,
    ...sFloors.map((f) => f.row),
    '',
    `| rate: ${RATE_TIMERS} due at once | fired | ticks | ms |`,
    '|---|---|---|---|',
    ...rate.lines,
    `| both | ${RATE_TIMERS} | | ${rate.ms.toFixed(0)} (${rate.perSec}/s) |`,
    '',
    `goals: p99 at 1m < 20 ms: ${s1m.p99 < 20 ? 'met' : 'MISSED'}; ratio < 1.5: ${ratio < 1.5 ? 'met' : 'MISSED'}; >= 1,000 timers/s: ${rate.perSec >= 1000 ? 'met' : 'MISSED'}`,
    JSON.stringify({ tickP99Ms1k: round2(s1k.p99), tickP99Ms1m: round2(s1m.p99), ratio1mTo1k: ratio, timersPerSec: rate.perSec, readFloorP99Ms: round2(sFloors[0]!.p99), writeFloorP99Ms: round2(sFloors[1]!.p99) }),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

if (process.argv[2] === 'worker') {
  worker(process.argv[3]!, process.argv[4]!).then(
    () => process.exit(0),
    (error: unknown) => {
      log(`saga instance failed: ${(error as Error).stack ?? String(error)}`);
      process.exit(1);
    },
  );
} else {
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupted) process.exit(130);
      interrupted = true;
      log(`${signal}: cleaning up`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  main()
    .then(() => cleanUp())
    .then(
      () => process.exit(0),
      (error: unknown) => {
        if (!interrupted) log(`failed: ${(error as Error).stack ?? String(error)}`);
        void cleanUp().finally(() => process.exit(interrupted ? 130 : 1));
      },
    );
}
