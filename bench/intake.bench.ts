// Hospital intake throughput and latency, on this machine (bench/README.md, "Intake").
//
//   npm run bench:intake
//
// Starts the real gateway (its own process, schema and topic prefix) with the outbox relay
// running, then drives it open loop (bench/intake/open-loop.ts) at fixed rates:
//   1. baseline: the same server answering an unsigned no-op (GET /health/live), rates stepped
//      up to the highest it sustains;
//   2. births: signed POST /api/v1/births, rates stepped up; after each step, how long the
//      outbox takes to drain (the relay keeping up or not);
//   3. births at exactly half the best accepted rate: the latency figures.
// At the end every accepted birth must be on birth.registered.v1 (high-water marks). The last
// line printed is one JSON object for tracking.
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { TOPIC_REGISTRY, Topics } from '@birth/contracts';
import { KafkaJsMessageBus, TopicNamer, topicSpecsOf } from '@birth/messaging';
import { migrateServiceSchema } from '@birth/platform';
import { service as gateway } from '../apps/gateway/src/service';
import { sampleBirth } from '../test/support/sample-birth';
import { CpuMeter, type CpuUse } from './intake/cpu';
import { OpenLoopClient, type PreparedRequest, type StepResult } from './intake/open-loop';
import { sqlOnce as sql, stepUp } from './support/run';

// ---------------------------------------------------------------------------------------------
// Settings (environment overrides for experiments; the defaults are the tracked configuration)

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return value;
}

function ratesEnv(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (!raw) return fallback;
  const rates = raw.split(',').map((r) => Number(r.trim()));
  if (rates.some((r) => !Number.isInteger(r) || r <= 0)) throw new Error(`${name} must be a comma-separated list of positive integers, got ${raw}`);
  return rates;
}

/** Offered birth rates, stepped up until one is not sustained (then one step halfway back, if the gap is wide). */
const BIRTH_RATES = ratesEnv('BENCH_BIRTH_RATES', [100, 150, 200, 250, 300, 400, 500, 650, 800, 1000, 1250, 1500, 2000]);
const BIRTH_STEP_MS = intEnv('BENCH_BIRTH_STEP_MS', 6_000);
/** Offered no-op rates for the baseline, stepped up the same way. */
const BASELINE_RATES = ratesEnv('BENCH_BASELINE_RATES', [1000, 2000, 4000, 8000, 12000, 16000, 20000, 24000]);
const BASELINE_STEP_MS = intEnv('BENCH_BASELINE_STEP_MS', 3_000);
/** Keep-alive connections of the client (requests beyond them queue in the client, and that counts). */
const CONNECTIONS = intEnv('BENCH_CONNECTIONS', 64);
/** A step is sustained when at least this share of its offered rate is answered as expected… */
const SUSTAINED_SHARE = 0.95;
/** …its p99 stays under this (ms)… */
const SUSTAINED_P99_MS = intEnv('BENCH_SUSTAINED_P99_MS', 500);
/** …and (births) the outbox is empty again within this after its last answer. */
const OUTBOX_DRAIN_LIMIT_MS = intEnv('BENCH_OUTBOX_DRAIN_MS', 2_000);
/** The goal. */
const GOAL = { acceptedPerSec: 1000, p99Ms: 50 };
/** Extra node flags for the gateway process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof". */
const GATEWAY_NODE_ARGS = (process.env['BENCH_GATEWAY_NODE_ARGS'] ?? '').split(' ').filter(Boolean);

const REPO_ROOT = join(__dirname, '..');
const BROKERS = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
const SERVER_URL = process.env['BENCH_SERVER_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = process.env['BENCH_DATABASE'] ?? 'birth_bench';
const DATABASE_URL = withDatabase(SERVER_URL, DATABASE);
const HOSPITAL = { id: 'H210202001', name: '大连市妇女儿童医疗中心', region: '210202' };

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

// ---------------------------------------------------------------------------------------------
// Helpers

const now = (): number => performance.now();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);

interface Spawned {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** A TypeScript entry point of the repo in its own process, as infra/run-node.sh runs it. */
function spawnEntry(entry: string, env: Record<string, string>, args: string[] = [], nodeArgs: string[] = []): Spawned {
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--enable-source-maps', '--disable-warning=TimeoutNegativeWarning', '-r', '@swc-node/register', join(REPO_ROOT, entry), ...args],
    { cwd: REPO_ROOT, env: { ...process.env, SWC_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.base.json'), ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function stopProcess(process: Spawned, graceMs = 15_000): Promise<void> {
  if (process.child.exitCode !== null || process.child.signalCode !== null) return;
  process.child.kill('SIGTERM');
  const timer = setTimeout(() => process.child.kill('SIGKILL'), graceMs);
  await process.exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------------
// Setup and cleanup: a schema, a topic prefix and a consumer group of this run's own

const runId = `bench${randomBytes(3).toString('hex')}`;
const schema = `${runId}_gateway`;
const namer = new TopicNamer(`${runId}.`);
const topicSpecs = topicSpecsOf(TOPIC_REGISTRY, namer);
const admin = new KafkaJsMessageBus({ clientId: runId, brokers: BROKERS.split(','), log: (level, ns, message) => log(`kafka ${level} ${ns}: ${message}`) }).admin();
const cleanups: (() => Promise<unknown>)[] = [];

/** A port free now (the gateway logs its "listening on" line at level log, which LOG_LEVEL=warn hides). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function gatewayEnv(port = 0): Record<string, string> {
  return {
    NODE_ENV: 'test',
    PORT: String(port),
    DATABASE_URL,
    DATABASE_SCHEMA: schema,
    KAFKA_BROKERS: BROKERS,
    KAFKA_TOPIC_PREFIX: namer.prefix,
    LOG_FORMAT: 'text',
    LOG_LEVEL: 'warn',
    // The per-hospital limiter protects from a runaway client; here the client is the load.
    INTAKE_RATE_PER_SECOND: '1000000',
    INTAKE_RATE_BURST: '1000000',
  };
}

interface Credentials {
  hospitalId: string;
  keyId: string;
  secret: string;
}

async function setUp(): Promise<{ gateway: Spawned; url: string; credentials: Credentials }> {
  const [exists] = await sql(SERVER_URL, 'SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
  if (!exists) await sql(SERVER_URL, `CREATE DATABASE "${DATABASE}"`);
  cleanups.push(() => sql(DATABASE_URL, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
  await migrateServiceSchema({ url: DATABASE_URL, schema, migrations: gateway.migrations });
  await admin.connect();
  cleanups.push(() => admin.disconnect());
  cleanups.push(() => admin.deleteTopics(topicSpecs.map((t) => t.name)));
  await admin.ensureTopics(topicSpecs);
  cleanups.push(() => admin.deleteGroup(namer.physical(gateway.name)));

  // The hospital through the administrators' CLI (as test/support/hospital-client.ts does), while the gateway boots.
  const cli = spawnEntry('apps/gateway/src/cli/main.ts', gatewayEnv(), ['hospital', 'add', '--id', HOSPITAL.id, '--name', HOSPITAL.name, '--region', HOSPITAL.region]);
  const port = await freePort();
  const server = spawnEntry('apps/gateway/src/main.ts', gatewayEnv(port), [], GATEWAY_NODE_ARGS);
  cleanups.push(() => stopProcess(server));
  const code = await cli.exited;
  if (code !== 0) throw new Error(`hospital add failed (${code}): ${cli.output()}`);
  const printed = JSON.parse(cli.output().split('\n').find((l) => l.startsWith('{'))!) as { keyId?: string; secret?: string; key?: { keyId: string; secret: string } };
  const key = printed.key ?? (printed as { keyId: string; secret: string });

  const url = `http://127.0.0.1:${port}`;
  // Ready: listening, the database answers and the schema is at head (the relay started with the application).
  let exited = false;
  void server.exited.then(() => (exited = true));
  const deadline = Date.now() + 90_000;
  while ((await fetch(`${url}/health/ready`).then((r) => r.status, () => 0)) !== 200) {
    if (exited) throw new Error(`the gateway exited:\n${server.output().slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`the gateway did not become ready within 90 s:\n${server.output().slice(-3000)}`);
    await sleep(200);
  }
  return { gateway: server, url, credentials: { hospitalId: HOSPITAL.id, keyId: key.keyId, secret: key.secret } };
}

let cleaning: Promise<void> | null = null;
let interrupted = false;

/** Between steps: stop at once after SIGINT/SIGTERM (the cleanup is under way). */
function checkInterrupted(): void {
  if (interrupted) throw new Error('interrupted');
}

/** Idempotent: a signal and a failing run share one cleanup and both wait for its end. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    // Reverse order: the gateway before its group, the group before the topics, everything before the schema.
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  })();
  return cleaning;
}

// ---------------------------------------------------------------------------------------------
// Requests, prepared before a step so the client's hashing does not disturb the schedule

const BIRTHS_PATH = '/api/v1/births';

/** A signed POST of a new birth (unique birth record and delivery), as docs/hospital-integration.md says. */
function signedBirth(credentials: Credentials): PreparedRequest {
  const birth = sampleBirth({ hospital: { institutionId: credentials.hospitalId, name: HOSPITAL.name, regionCode: HOSPITAL.region } });
  const body = Buffer.from(JSON.stringify(birth), 'utf8');
  const timestamp = String(Date.now());
  const nonce = randomUUID();
  const canonical = ['POST', BIRTHS_PATH, timestamp, nonce, createHash('sha256').update(body).digest('hex')].join('\n');
  return {
    method: 'POST',
    path: BIRTHS_PATH,
    body,
    headers: {
      'content-type': 'application/json',
      'content-length': String(body.length),
      'x-hospital-id': credentials.hospitalId,
      'x-key-id': credentials.keyId,
      'x-timestamp': timestamp,
      'x-nonce': nonce,
      'x-signature': createHmac('sha256', credentials.secret).update(canonical, 'utf8').digest('hex'),
    },
  };
}

const NOOP: PreparedRequest = { method: 'GET', path: '/health/live', headers: {} };

// ---------------------------------------------------------------------------------------------
// The steps

interface MeasuredStep extends StepResult {
  cpu: CpuUse;
}

interface BirthStep extends MeasuredStep {
  /** Most unpublished outbox rows seen during the step (sampled). */
  outboxPeak: number;
  /** From the step's last answer until the outbox had no unpublished row; -1: not within the limit's 5x. */
  drainMs: number;
  sustained: boolean;
}

function sustained(step: StepResult): boolean {
  return step.achievedPerSec >= SUSTAINED_SHARE * step.offeredPerSec && step.ok >= SUSTAINED_SHARE * step.sent && step.p99Ms <= SUSTAINED_P99_MS;
}

async function baselineStep(client: OpenLoopClient, meter: CpuMeter, rate: number): Promise<MeasuredStep> {
  const count = Math.round((rate * BASELINE_STEP_MS) / 1000);
  const before = meter.snapshot();
  const step = await client.run({ rate, durationMs: BASELINE_STEP_MS, requests: Array.from({ length: count }, () => NOOP), expectStatus: 200, drainLimitMs: 5_000 });
  checkInterrupted();
  return { ...step, cpu: meter.since(before) };
}

async function birthStep(client: OpenLoopClient, meter: CpuMeter, outbox: Client, credentials: Credentials, rate: number, durationMs = BIRTH_STEP_MS): Promise<BirthStep> {
  const requests = Array.from({ length: Math.round((rate * durationMs) / 1000) }, () => signedBirth(credentials));
  const unpublished = async (): Promise<number> =>
    ((await outbox.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".outbox WHERE published_at IS NULL`)).rows[0]!.n);
  let outboxPeak = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      outboxPeak = Math.max(outboxPeak, await unpublished().catch(() => 0));
      await sleep(250);
    }
  })();
  await meter.findBackends(outbox);
  const before = meter.snapshot();
  const step = await client.run({ rate, durationMs, requests, expectStatus: 202, drainLimitMs: 10_000 });
  const cpu = meter.since(before);
  sampling = false;
  await sampler;
  const answeredAt = now();
  let drainMs = -1;
  while (now() - answeredAt < OUTBOX_DRAIN_LIMIT_MS * 5) {
    if ((await unpublished()) === 0) {
      drainMs = Math.round(now() - answeredAt);
      break;
    }
    await sleep(25);
  }
  checkInterrupted();
  const ok = sustained(step) && drainMs >= 0 && drainMs <= OUTBOX_DRAIN_LIMIT_MS;
  return { ...step, cpu, outboxPeak, drainMs, sustained: ok };
}

// ---------------------------------------------------------------------------------------------
// Report

const fmt = (ms: number): string => (Number.isNaN(ms) ? '-' : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

const pct = (value: number): string => (Number.isNaN(value) ? '-' : `${value}%`);

function stepRow(label: string, s: MeasuredStep, extra: string[] = []): string[] {
  return [
    label,
    String(s.offeredPerSec),
    String(s.achievedPerSec),
    String(s.failed),
    fmt(s.p50Ms),
    fmt(s.p90Ms),
    fmt(s.p99Ms),
    fmt(s.maxMs),
    fmt(s.maxSendLagMs),
    `${s.clientCpuPct}%`,
    pct(s.cpu.gatewayPct),
    pct(s.cpu.postgresPct),
    pct(s.cpu.machinePct),
    ...extra,
  ];
}

function logStep(what: string, s: MeasuredStep, extra = ''): void {
  log(
    `${what} @${s.offeredPerSec}/s: ${s.achievedPerSec}/s ok (${s.ok}/${s.sent}), p50 ${fmt(s.p50Ms)} ms, p99 ${fmt(s.p99Ms)} ms, ` +
      `cpu: client ${s.clientCpuPct}% gateway ${pct(s.cpu.gatewayPct)} postgres ${pct(s.cpu.postgresPct)} machine ${pct(s.cpu.machinePct)}${extra}` +
      (s.failed ? `; failed ${s.failed} ${JSON.stringify(s.statuses)} ${s.failures.slice(0, 2).join(' | ')}` : ''),
  );
}

function birthColumns(s: BirthStep): string[] {
  const perBirth = s.cpu.gatewayAndPostgresMs / Math.max(1, s.ok);
  return [Number.isNaN(perBirth) ? '-' : perBirth.toFixed(2), String(s.outboxPeak), String(s.drainMs)];
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const startedAt = now();
  log(`run ${runId}: schema ${schema}, topic prefix ${namer.prefix}, ${CONNECTIONS} connections; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`);
  try {
    const { gateway: server, url, credentials } = await setUp();
    log(`gateway (pid ${server.child.pid}) on ${url} (set up in ${((now() - startedAt) / 1000).toFixed(1)} s)`);
    const meter = new CpuMeter(server.child.pid!, Number(new URL(DATABASE_URL).port || 5432));
    const client = new OpenLoopClient(url, CONNECTIONS);
    cleanups.push(async () => client.close());
    const outbox = new Client({ connectionString: DATABASE_URL });
    await outbox.connect();
    cleanups.push(() => outbox.end());
    await client.warmUp('/health/live');

    // 1. The baseline: the same server, an unsigned no-op.
    await client.run({ rate: 1000, durationMs: 1_000, requests: Array.from({ length: 1000 }, () => NOOP), expectStatus: 200, drainLimitMs: 5_000 });
    const baseline: MeasuredStep[] = [];
    for (const rate of BASELINE_RATES) {
      const step = await baselineStep(client, meter, rate);
      baseline.push(step);
      logStep('baseline', step);
      if (!sustained(step)) break;
      await sleep(300);
    }
    const bestBaseline = baseline.filter(sustained).at(-1);
    const baselinePerSec = bestBaseline?.achievedPerSec ?? 0;

    // 2. Births, stepped up. A short warm-up first (JIT, pools, the relay's producer), not reported.
    const warmUp = await birthStep(client, meter, outbox, credentials, 100, 2_000);
    logStep('births warm-up', warmUp);
    const births: BirthStep[] = [];
    const runBirths = async (rate: number): Promise<BirthStep> => {
      const step = await birthStep(client, meter, outbox, credentials, rate);
      births.push(step);
      logStep('births', step, `, outbox peak ${step.outboxPeak}, drained ${step.drainMs} ms after the last answer`);
      await sleep(500);
      return step;
    };
    // Up until a rate is not sustained, then halfway back when the gap is wide.
    await stepUp(BIRTH_RATES, runBirths);
    const best = births.filter((s) => s.sustained).sort((a, b) => a.offeredPerSec - b.offeredPerSec).at(-1);
    const acceptedPerSec = best?.achievedPerSec ?? 0;

    // 3. Latency at exactly half the best accepted rate.
    const halfRate = Math.max(1, Math.round((acceptedPerSec || births[0]!.achievedPerSec) / 2));
    await sleep(500);
    const half = await birthStep(client, meter, outbox, credentials, halfRate);
    logStep('births at half', half, `, outbox peak ${half.outboxPeak}, drained ${half.drainMs} ms after the last answer`);

    // Every accepted birth was published by the relay: the topic holds exactly the registrations.
    const topic = namer.physical(Topics.birthRegisteredV1.name);
    const [{ n: records }] = await sql<{ n: number }>(DATABASE_URL, `SELECT count(*)::int AS n FROM "${schema}".intake_records`);
    const answered202 = [warmUp, ...births, half].reduce((sum, s) => sum + (s.statuses['202'] ?? 0), 0);
    let onKafka = 0;
    const deadline = Date.now() + 30_000;
    for (;;) {
      onKafka = (await admin.partitionOffsets(topic)).reduce((sum, o) => sum + Number(BigInt(o.high) - BigInt(o.low)), 0);
      if (onKafka >= records || Date.now() > deadline) break;
      await sleep(200);
    }
    if (onKafka !== records) throw new Error(`${records} births accepted but ${onKafka} on ${topic}: the relay did not publish them all`);
    if (records < answered202) throw new Error(`${answered202} answers 202 but only ${records} intake records`);
    const serverExit = server.child.exitCode;
    if (serverExit !== null) throw new Error(`the gateway exited (${serverExit}) during the run:\n${server.output().slice(-3000)}`);

    const ratio = baselinePerSec ? Math.round((acceptedPerSec / baselinePerSec) * 1000) / 1000 : 0;
    const header = ['step', 'offered/s', 'ok/s', 'failed', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'send lag', 'client', 'gateway', 'postgres', 'machine'];
    const out = [
      '',
      'baseline: GET /health/live (unsigned no-op), answered 200',
      table(header, baseline.map((s) => stepRow(sustained(s) ? 'sustained' : 'NOT sustained', s))),
      '',
      'births: signed POST /api/v1/births, answered 202; cpu ms/birth = gateway + PostgreSQL CPU per accepted birth;',
      'outbox = peak unpublished rows during the step (sampled), drain ms = from the last answer to an empty outbox',
      table(
        [...header, 'cpu ms/birth', 'outbox', 'drain ms'],
        [
          ...births.map((s) => stepRow(s.sustained ? 'sustained' : 'NOT sustained', s, birthColumns(s))),
          stepRow(`half of ${acceptedPerSec}`, half, birthColumns(half)),
        ],
      ),
      '',
      `cpu during a step: client and gateway in % of one core, postgres summed over the gateway's backends (pool and relay), machine in % of all ${cpus().length} cores`,
      `sustained = ok/s >= ${SUSTAINED_SHARE * 100}% of offered, p99 <= ${SUSTAINED_P99_MS} ms and (births) outbox empty within ${OUTBOX_DRAIN_LIMIT_MS} ms of the last answer`,
      `births accepted ${records} (${answered202} answered 202 in time), on ${Topics.birthRegisteredV1.name}: ${onKafka} (all published)`,
      `acceptedPerSec ${acceptedPerSec}, at half (${halfRate}/s) p50 ${fmt(half.p50Ms)} ms p99 ${fmt(half.p99Ms)} ms; baseline ${baselinePerSec}/s; ratio ${ratio}`,
      `goal (>= ${GOAL.acceptedPerSec} births/s with the outbox keeping up, p99 < ${GOAL.p99Ms} ms at half): ` +
        `${acceptedPerSec >= GOAL.acceptedPerSec && half.p99Ms < GOAL.p99Ms && half.sustained ? 'met' : 'NOT met'}`,
      `${CONNECTIONS} connections, steps of ${BIRTH_STEP_MS / 1000} s (births) and ${BASELINE_STEP_MS / 1000} s (baseline), total runtime ${((now() - startedAt) / 1000).toFixed(1)} s, load average ${loadavg()[0]!.toFixed(2)} (1 min)`,
      JSON.stringify({
        acceptedPerSec,
        p50Ms: Math.round(half.p50Ms * 100) / 100,
        p99Ms: Math.round(half.p99Ms * 100) / 100,
        baselinePerSec,
        ratio,
      }),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await cleanUp();
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

process.on('unhandledRejection', (error) => {
  log(`unhandled: ${(error as Error)?.stack ?? String(error)}`);
  void cleanUp().finally(() => process.exit(interrupted ? 130 : 1));
});

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (!interrupted) log(`failed: ${(error as Error).stack ?? String(error)}`);
    void cleanUp().finally(() => process.exit(interrupted ? 130 : 1));
  },
);
