// The four department services, items done per second, on this machine (bench/README.md, "Departments").
//
//   npm run bench:departments
//
// Starts birth-certificate, household-registration, medical-insurance and social-security-card
// as real processes (each its own schema in the bench database, a topic prefix of this run; each
// service's outbox relay runs inside it) and drives births with a name, the four items applied
// for, straight onto birth.registered.v1 as valid envelopes, open loop at stepped rates. Items
// done per second are counted from the services' items tables (state `done`). A step is
// sustained when its backlog did not grow: at its last birth at most a second's worth of its
// items is pending, and all are done within BENCH_DRAIN_MS. After each step, a slice of the raw baseline of the same length: plain `pg`,
// the same inserts and updates per item (bench/departments/raw-items.ts), as many clients as the
// services have consumers, no trigger. The last line printed is one JSON object for tracking.
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { Client } from 'pg';
import { TOPIC_REGISTRY, Topics, type BirthRegisteredV1, type EventEnvelope } from '@birth/contracts';
import { KafkaJsMessageBus, TopicNamer, topicSpecsOf, type OutgoingMessage } from '@birth/messaging';
import { migrateServiceSchema, type ServiceDescriptor } from '@birth/platform';
import { service as birthCertificate } from '../apps/birth-certificate/src/service';
import { service as householdRegistration } from '../apps/household-registration/src/service';
import { service as medicalInsurance } from '../apps/medical-insurance/src/service';
import { service as socialSecurityCard } from '../apps/social-security-card/src/service';
import { spawnNode, type NodeProcess } from '../libs/testing/src/node-process';
import { registeredBirthV1 } from '../libs/testing/src/registered-birth';
import { rawBirth, type RawSchemas } from './departments/raw-items';
import { intEnv } from './support/env';
import { BenchRun, sqlOnce as sql, stepUp, withDatabase } from './support/run';

// ---------------------------------------------------------------------------------------------
// Settings (environment overrides for experiments; the defaults are the tracked configuration)

const RATES = (process.env['BENCH_BIRTH_RATES'] ?? '5,10,15,20,25,30,40,60,80').split(',').map(Number);
const STEP_MS = intEnv('BENCH_STEP_MS', 8_000);
/** A step is sustained when, at its last birth, no more items are pending than it offers in BENCH_MAX_LAG_MS… */
const MAX_LAG_MS = intEnv('BENCH_MAX_LAG_MS', 1_000);
/** …and all are done within BENCH_DRAIN_MS of it: the backlog did not grow. */
const DRAIN_MS = intEnv('BENCH_DRAIN_MS', 2_000);
/** Raw clients: one per service, as each service's inbox consumer writes one transaction at a time. */
const RAW_CLIENTS = intEnv('BENCH_RAW_CLIENTS', 4);
const GOAL_RATIO = 0.5;
/** Extra Node options for the four services only (not this process), e.g. to profile them. */
const SERVICE_NODE_OPTIONS = process.env['BENCH_SERVICE_NODE_OPTIONS'] ?? '';
const BROKERS = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
const SERVER_URL = process.env['BENCH_SERVER_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = process.env['BENCH_DATABASE'] ?? 'birth_bench';
const DATABASE_URL = withDatabase(SERVER_URL, DATABASE);
const INSTITUTION = 'H210202001';
const ITEMS = ['birth-certificate', 'household-registration', 'medical-insurance', 'social-security-card'] as const;
const DEPARTMENTS: { key: keyof RawSchemas; descriptor: ServiceDescriptor; entry: string }[] = [
  { key: 'certificate', descriptor: birthCertificate, entry: 'apps/birth-certificate/src/main.ts' },
  { key: 'household', descriptor: householdRegistration, entry: 'apps/household-registration/src/main.ts' },
  { key: 'insurance', descriptor: medicalInsurance, entry: 'apps/medical-insurance/src/main.ts' },
  { key: 'card', descriptor: socialSecurityCard, entry: 'apps/social-security-card/src/main.ts' },
];

// ---------------------------------------------------------------------------------------------
// Helpers

const now = (): number => performance.now();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);
const runId = `bench${randomBytes(3).toString('hex')}`;
const namer = new TopicNamer(`${runId}.`);
const fullSchema = (key: string): string => `${runId}_${key}`;
const rawSchema = (key: string): string => `${runId}_raw_${key}`;

const run = new BenchRun(log);

// ---------------------------------------------------------------------------------------------
// CPU per process, from /proc: the four services, their PostgreSQL backends (by application_name),
// the raw clients' backends, this process, the broker, and the machine.

const TICKS_PER_SECOND = 100;
type Part = (typeof ITEMS)[number] | `${(typeof ITEMS)[number]} pg` | 'raw pg' | 'bench' | 'kafka';
const secondsOf = (pid: number | string): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
};
const kafkaPid = readdirSync('/proc').find((p) => /^\d+$/.test(p) && (() => {
  try {
    return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('kafka.Kafka');
  } catch {
    return false;
  }
})());

class CpuMeter {
  private pids = new Map<number, Part>();
  constructor(private readonly services: Map<(typeof ITEMS)[number], number>) {}

  /** The backends now open, by the application_name the services and raw clients connect with. */
  async findBackends(monitor: Client): Promise<void> {
    this.pids = new Map([[process.pid, 'bench']]);
    if (kafkaPid) this.pids.set(Number(kafkaPid), 'kafka');
    for (const [item, pid] of this.services) this.pids.set(pid, item);
    const { rows } = await monitor.query<{ pid: number; application_name: string }>(`SELECT pid, application_name FROM pg_stat_activity WHERE application_name LIKE $1`, [`${runId}%`]);
    for (const row of rows) this.pids.set(row.pid, (row.application_name.endsWith('raw') ? 'raw pg' : `${row.application_name.slice(runId.length + 1)} pg`) as Part);
  }

  snapshot(): { at: number; seconds: Map<number, number>; busy: number; all: number } {
    const seconds = new Map<number, number>();
    for (const pid of this.pids.keys()) {
      try {
        seconds.set(pid, secondsOf(pid));
      } catch {
        // gone
      }
    }
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const all = cpu.reduce((a, b) => a + b, 0);
    return { at: now(), seconds, busy: all - cpu[3]! - cpu[4]!, all };
  }

  since(before: ReturnType<CpuMeter['snapshot']>): { byPart: Map<Part, number>; machinePct: number } {
    const after = this.snapshot();
    const byPart = new Map<Part, number>();
    for (const [pid, s] of after.seconds) {
      const part = this.pids.get(pid)!;
      byPart.set(part, (byPart.get(part) ?? 0) + s - (before.seconds.get(pid) ?? s));
    }
    return { byPart, machinePct: Math.round(((after.busy - before.busy) / Math.max(1, after.all - before.all)) * 100) };
  }
}

// ---------------------------------------------------------------------------------------------
// Set-up: schemas, a block of certificate numbers, topics, the four services

async function setUp(): Promise<{ services: Map<(typeof ITEMS)[number], NodeProcess>; raw: RawSchemas }> {
  const [exists] = await sql(SERVER_URL, 'SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
  if (!exists) await sql(SERVER_URL, `CREATE DATABASE "${DATABASE}"`);
  const raw = {} as RawSchemas;
  for (const { key, descriptor } of DEPARTMENTS) {
    for (const schema of [fullSchema(key), rawSchema(key)]) {
      run.onCleanUp(() => sql(DATABASE_URL, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
      await migrateServiceSchema({ url: DATABASE_URL, schema, migrations: descriptor.migrations });
    }
    raw[key] = rawSchema(key);
    await sql(DATABASE_URL, `DROP TRIGGER outbox_notify ON "${rawSchema(key)}".outbox`);
  }
  // A block large enough for the run (the demo block has 1,000), loaded as the CLI would.
  for (const schema of [fullSchema('certificate'), rawSchema('certificate')]) {
    await sql(DATABASE_URL, `INSERT INTO "${schema}".certificate_number_blocks (institution_id, prefix, first_serial, last_serial, next_serial, loaded_by) VALUES ($1, 'B', 1, 99999999, 1, 'bench')`, [INSTITUTION]);
  }
  const admin = bus.admin();
  await admin.connect();
  run.onCleanUp(() => admin.disconnect());
  const specs = topicSpecsOf(TOPIC_REGISTRY, namer);
  run.onCleanUp(() => admin.deleteTopics(specs.map((t) => t.name)));
  await admin.ensureTopics(specs);
  for (const { descriptor } of DEPARTMENTS) run.onCleanUp(() => admin.deleteGroup(namer.physical(descriptor.name)));

  const services = new Map<(typeof ITEMS)[number], NodeProcess>();
  for (const { key, descriptor, entry } of DEPARTMENTS) {
    const child = spawnNode(entry, {
      NODE_ENV: 'test',
      DATABASE_URL,
      DATABASE_SCHEMA: fullSchema(key),
      KAFKA_BROKERS: BROKERS,
      KAFKA_TOPIC_PREFIX: namer.prefix,
      LOG_FORMAT: 'text',
      PORT: '0',
      PGAPPNAME: `${runId}-${descriptor.name}`,
      // e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`: a profile per service, written when it stops.
      ...(SERVICE_NODE_OPTIONS ? { NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} ${SERVICE_NODE_OPTIONS}`.trim() } : {}),
    });
    run.onCleanUp(async () => {
      child.kill('SIGTERM');
      await child.exited;
    });
    services.set(descriptor.name as (typeof ITEMS)[number], child);
  }
  for (const child of services.values()) await child.waitForOutput(/listening on http/, 120_000);
  return { services, raw };
}

const bus = new KafkaJsMessageBus({ clientId: runId, brokers: BROKERS.split(','), log: (level, ns, message) => level === 'error' && log(`kafka ${ns}: ${message}`) });

// ---------------------------------------------------------------------------------------------
// The full path: births onto birth.registered.v1, items done counted in the services' tables

let births = 0;
function birthMessage(): OutgoingMessage {
  const serial = (births += 1);
  const caseId = randomUUID();
  const sample = registeredBirthV1();
  const acceptedAt = Date.now();
  // Spread over 60 China dates and both sexes: a county has 500 sequences per date and sex.
  const bornAt = new Date(acceptedAt - (serial % 60) * 86_400_000 - 3_600_000).toISOString();
  const birth: BirthRegisteredV1 = {
    ...sample,
    newborn: { ...sample.newborn, sex: serial % 2 === 0 ? '1' : '2', bornAt },
    application: { ...sample.application, items: [...ITEMS] },
    caseNumber: `210202-20261201-${String(serial % 1_000_000).padStart(6, '0')}-7`,
  };
  // The gateway's envelope (EventEnvelope), as its relay would publish it.
  const { type, version, name } = Topics.birthRegisteredV1;
  const envelope: EventEnvelope<BirthRegisteredV1> = { id: randomUUID(), type, version, occurredAt: new Date(acceptedAt).toISOString(), caseId, correlationId: caseId, causationId: null, producer: 'gateway', payload: birth };
  return { topic: namer.physical(name), key: caseId, value: JSON.stringify(envelope), headers: { 'content-type': 'application/json' } };
}

async function doneCount(monitor: Client): Promise<number> {
  const counts = DEPARTMENTS.map(({ key }) => `(SELECT count(*) FROM "${fullSchema(key)}".items WHERE state = 'done')`).join(' + ');
  return Number((await monitor.query<{ n: string }>(`SELECT ${counts} AS n`)).rows[0]!.n);
}

async function notDone(monitor: Client): Promise<string> {
  const parts = DEPARTMENTS.map(({ key }) => `SELECT '${key}' AS s, state, reason_code, count(*)::int AS n FROM "${fullSchema(key)}".items WHERE state <> 'done' GROUP BY 2, 3`);
  const { rows } = await monitor.query<{ s: string; state: string; reason_code: string | null; n: number }>(parts.join(' UNION ALL '));
  return rows.map((r) => `${r.s} ${r.state}${r.reason_code ? `/${r.reason_code}` : ''} ${r.n}`).join(', ') || 'none';
}

interface FullStep {
  rate: number;
  items: number;
  itemsPerSec: number;
  backlogAtLastBirth: number;
  drainMs: number;
  sustained: boolean;
  cpu: ReturnType<CpuMeter['since']>;
}

async function fullStep(producer: ReturnType<typeof bus.producer>, monitor: Client, meter: CpuMeter, rate: number, durationMs = STEP_MS): Promise<FullStep> {
  const before = await doneCount(monitor);
  const cpuBefore = meter.snapshot();
  const started = now();
  let sent = 0;
  // Open loop: every 100 ms, the births due by then.
  while (now() - started < durationMs) {
    const due = Math.floor(((now() - started) / 1000) * rate) + 1;
    const batch = Array.from({ length: Math.max(0, Math.min(due, Math.round((rate * durationMs) / 1000)) - sent) }, birthMessage);
    sent += batch.length;
    if (batch.length) await producer.send(batch);
    await sleep(Math.max(0, 100 - ((now() - started) % 100)));
  }
  const lastBirth = now();
  const expected = sent * ITEMS.length;
  const backlogAtLastBirth = expected - ((await doneCount(monitor)) - before);
  let done = 0;
  for (;;) {
    done = (await doneCount(monitor)) - before;
    if (done >= expected || now() - lastBirth > DRAIN_MS * 6 || run.interrupted) break;
    await sleep(100);
  }
  const finished = now();
  const drainMs = Math.round(finished - lastBirth);
  const cpu = meter.since(cpuBefore);
  if (done < expected) log(`  ${expected - done} items of the step not done after ${drainMs} ms; not done overall: ${await notDone(monitor)}`);
  return { rate, items: done, itemsPerSec: Math.round((done / (finished - started)) * 1000), backlogAtLastBirth, drainMs, sustained: done >= expected && backlogAtLastBirth <= (rate * ITEMS.length * MAX_LAG_MS) / 1000 && drainMs <= DRAIN_MS, cpu };
}

// ---------------------------------------------------------------------------------------------
// The raw baseline: RAW_CLIENTS clients, each doing whole births (four items) back to back

async function rawSlice(clients: Client[], raw: RawSchemas, meter: CpuMeter, durationMs: number): Promise<{ items: number; ms: number; cpu: FullStep['cpu'] }> {
  const cpuBefore = meter.snapshot();
  const started = now();
  let done = 0;
  let serial = 0;
  await Promise.all(
    clients.map(async (client) => {
      while (now() - started < durationMs && !run.interrupted) {
        await rawBirth(client, raw, (serial += 1), INSTITUTION);
        done += ITEMS.length;
      }
    }),
  );
  const ms = now() - started;
  return { items: done, ms, cpu: meter.since(cpuBefore) };
}

// ---------------------------------------------------------------------------------------------

const PARTS: Part[] = [...ITEMS, ...ITEMS.map((i) => `${i} pg` as Part), 'raw pg', 'bench', 'kafka'];
const short = (part: Part): string => part.replace('birth-certificate', 'cert').replace('household-registration', 'hukou').replace('medical-insurance', 'insur').replace('social-security-card', 'card');
const cpuPerItem = (cpu: FullStep['cpu'], items: number): string[] => PARTS.map((p) => ((1000 * (cpu.byPart.get(p) ?? 0)) / Math.max(1, items)).toFixed(2));

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const startedAt = now();
  const loadBefore = loadavg().map((l) => l.toFixed(2)).join(' ');
  log(`run ${runId}: load average ${loadBefore} on ${cpus().length} cores; starting the four services`);
  const { services, raw } = await setUp();
  const monitor = new Client({ connectionString: DATABASE_URL });
  await monitor.connect();
  run.onCleanUp(() => monitor.end());
  const rawClients = await Promise.all(Array.from({ length: RAW_CLIENTS }, async () => {
    const client = new Client({ connectionString: DATABASE_URL, application_name: `${runId}-raw` });
    await client.connect();
    run.onCleanUp(() => client.end());
    return client;
  }));
  const producer = bus.producer();
  await producer.connect();
  run.onCleanUp(() => producer.disconnect());
  const meter = new CpuMeter(new Map([...services].map(([item, p]) => [item, p.child.pid!])));
  log(`services up in ${((now() - startedAt) / 1000).toFixed(1)} s; warm-up`);

  // Warm-up (JIT, pools, consumer groups settled), not reported.
  await meter.findBackends(monitor);
  const warm = await fullStep(producer, monitor, meter, 5, 3_000);
  if (!warm.sustained) log(`warm-up: ${warm.items} items, drained in ${warm.drainMs} ms`);
  await rawSlice(rawClients, raw, meter, 2_000);

  const steps: FullStep[] = [];
  const rawSlices: Awaited<ReturnType<typeof rawSlice>>[] = [];
  const measure = async (rate: number): Promise<FullStep> => {
    if (run.interrupted) throw new Error('interrupted');
    await meter.findBackends(monitor);
    const step = await fullStep(producer, monitor, meter, rate);
    steps.push(step);
    const slice = await rawSlice(rawClients, raw, meter, STEP_MS);
    rawSlices.push(slice);
    log(`${rate} births/s: ${step.itemsPerSec} items/s ${step.sustained ? 'sustained' : 'NOT sustained'} (backlog ${step.backlogAtLastBirth} at the last birth, drained in ${step.drainMs} ms, machine ${step.cpu.machinePct}%); raw ${Math.round((slice.items / slice.ms) * 1000)} items/s`);
    return step;
  };
  await stepUp(RATES, measure);

  const best = steps.filter((s) => s.sustained).sort((x, y) => x.rate - y.rate).at(-1);
  const peakItemsPerSec = Math.max(0, ...steps.map((s) => s.itemsPerSec));
  const itemsPerSec = best?.itemsPerSec ?? 0;
  const rawItems = rawSlices.reduce((s, r) => s + r.items, 0);
  const rawMs = rawSlices.reduce((s, r) => s + r.ms, 0);
  const rawDbTxPerSec = Math.round((rawItems / rawMs) * 1000);
  const ratio = Math.round((itemsPerSec / Math.max(1, rawDbTxPerSec)) * 100) / 100;
  for (const [item, child] of services) if (child.child.exitCode !== null) throw new Error(`${item} exited during the run:\n${child.output().slice(-2000)}`);

  const out = [
    '',
    `full path: births (4 items each) onto ${Topics.birthRegisteredV1.name}, items done/s; raw: ${RAW_CLIENTS} plain pg clients, same statements, no trigger`,
    table(
      ['step births/s', 'offered items/s', 'done items/s', 'backlog', 'drain ms', 'machine', 'raw items/s', 'raw machine', ''],
      steps.map((s, i) => [
        String(s.rate),
        String(s.rate * ITEMS.length),
        String(s.itemsPerSec),
        String(s.backlogAtLastBirth),
        String(s.drainMs),
        `${s.cpu.machinePct}%`,
        String(Math.round((rawSlices[i]!.items / rawSlices[i]!.ms) * 1000)),
        `${rawSlices[i]!.cpu.machinePct}%`,
        s.sustained ? 'sustained' : 'NOT sustained',
      ]),
    ),
    '',
    'CPU ms per item done, by process (services, their PostgreSQL backends, the raw clients\' backends, this process, the broker):',
    table(
      ['step', ...PARTS.map(short)],
      steps.flatMap((s, i) => [
        [`full ${s.rate}/s`, ...cpuPerItem(s.cpu, s.items)],
        [`raw after ${s.rate}/s`, ...cpuPerItem(rawSlices[i]!.cpu, rawSlices[i]!.items)],
      ]),
    ),
    '',
    `sustained = backlog (items not yet done at the step's last birth) <= ${MAX_LAG_MS} ms of the offered items, and every item done within ${DRAIN_MS} ms of the last birth`,
    `itemsPerSec ${itemsPerSec} (highest sustained step: ${best ? `${best.rate} births/s` : 'none'}), peak ${peakItemsPerSec} items/s (any step); raw ${rawDbTxPerSec} items/s over ${(rawMs / 1000).toFixed(1)} s; ratio ${ratio}`,
    `goal (ratio >= ${GOAL_RATIO}): ${ratio >= GOAL_RATIO ? 'met' : 'NOT met'}`,
    `steps of ${STEP_MS / 1000} s, total runtime ${((now() - startedAt) / 1000).toFixed(1)} s, load average before ${loadBefore}, after ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    JSON.stringify({ itemsPerSec, rawDbTxPerSec, ratio, peakItemsPerSec }),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

run.start(main);
