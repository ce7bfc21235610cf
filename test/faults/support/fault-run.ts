// One fault run: private infrastructure, the whole system as processes, a steady load of signed
// births, faults injected at random moments (seeded), then the load stops, the system settles,
// and the independent checker judges what came of it. Used by `npm run test:faults` and by the
// CI's short form (faults.outage-spec.ts).
import { mkdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { Client } from 'pg';
import { hospitalCredentials, type HospitalCredentials } from '../../../tools/simulator/hospitals';
import { SeededRandom } from '../../../tools/simulator/random';
import { SEED_REGIONS } from '../../../tools/simulator/seed-regions';
import { check, type CheckResult } from '../checker';
import { AppProcesses, SERVICE_NAMES } from './app-processes';
import { BirthLoad, type LoadCounts } from './birth-load';
import { FaultInjector, type FaultKind } from './fault-injector';
import { PrivateInfra } from './private-infra';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

export interface FaultRunOptions {
  /** How long the load runs with faults injected. */
  faultPhaseMs: number;
  seed: number;
  /** Deliveries per second of the load. */
  ratePerSecond: number;
  kinds: readonly FaultKind[];
  /** How long the broker stays frozen by a broker-pause. */
  brokerPauseMs: number;
  /** Pause between two faults: drawn between these (ms). */
  gapMs: [number, number];
  /** How long the system may take to settle once the load stopped. */
  settleTimeoutMs: number;
  /** Where the run writes its logs and records (default tmp/faults/run-<time>-<seed>). */
  runDir?: string;
  kafkaPort?: number;
  kafkaControllerPort?: number;
  postgresPort?: number;
  basePort?: number;
  note: (text: string) => void;
  /** Called after the check, before the infrastructure goes (a test proving the checker can fail uses it). */
  inspect?: (infra: PrivateInfra, runDir: string) => Promise<void>;
}

export interface FaultRunResult {
  runDir: string;
  load: LoadCounts;
  faults: Record<string, number>;
  poisonByTopic: Record<string, number>;
  settledInMs: number | null;
  check: CheckResult;
}

export async function runFaults(options: FaultRunOptions): Promise<FaultRunResult> {
  const runDir = options.runDir ?? join(REPO_ROOT, 'tmp', 'faults', `run-${new Date().toISOString().replace(/[:.]/g, '-')}-${options.seed}`);
  mkdirSync(runDir, { recursive: true });
  const timeline = join(runDir, 'faults.log');
  const note = (text: string) => {
    appendFileSync(timeline, `${new Date().toISOString()} ${text}\n`);
    options.note(text);
  };
  note(`seed ${options.seed}; run directory ${runDir}`);
  const rng = new SeededRandom(options.seed);
  const infra = await PrivateInfra.start({
    kafkaPort: options.kafkaPort,
    kafkaControllerPort: options.kafkaControllerPort,
    postgresPort: options.postgresPort,
    log: (line) => note(`infra: ${line}`),
  });
  const apps = new AppProcesses({
    infra,
    logDir: join(runDir, 'logs'),
    basePort: options.basePort,
    // Payments the bank has not answered are reconciled within the settle time, not after a minute.
    env: { PAYMENT_RECONCILE_AFTER_MS: '15000', PAYMENT_RECONCILE_INTERVAL_MS: '5000', INTAKE_RATE_PER_SECOND: '200', INTAKE_RATE_BURST: '400' },
  });
  let injector: FaultInjector | null = null;
  try {
    await apps.startAll();
    note('all programs ready');
    const credentials = await registerHospitals(apps, infra, join(runDir, 'hospitals.json'), note);
    injector = new FaultInjector({ infra, apps, rng, credentials, poisonFile: join(runDir, 'poison.jsonl'), brokerPauseMs: options.brokerPauseMs, note });
    const load = new BirthLoad({
      gatewayUrl: apps.url('gateway'),
      bankUrl: apps.url('bank-simulator'),
      bankAdminToken: 'demo-bank-admin-token',
      bankDatabaseUrl: infra.databaseAdminUrl,
      credentials,
      seed: options.seed,
      ratePerSecond: options.ratePerSecond,
      recordFile: join(runDir, 'acknowledged.jsonl'),
      note,
    });
    load.start();
    note(`load: ${options.ratePerSecond} deliveries/s`);

    // Every kind once, in a seeded order, then more of them until the phase ends.
    const phaseEnd = Date.now() + options.faultPhaseMs;
    const plan: FaultKind[] = shuffled(rng, options.kinds);
    for (let done = 0; done < plan.length || Date.now() < phaseEnd; done += 1) {
      if (done >= plan.length) plan.push(...shuffled(rng, options.kinds));
      const gap = rng.int(options.gapMs[0], options.gapMs[1]);
      await sleep(Math.min(gap, Math.max(0, phaseEnd - Date.now())));
      const kind = plan[done]!;
      const started = Date.now();
      try {
        const what = await injector.inject(kind);
        note(`fault ${kind}: ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (error) {
        note(`fault ${kind} FAILED to inject: ${(error as Error).message}`);
        await recover(apps, infra, note);
      }
    }
    note('faults done; stopping the load');
    await load.stop();
    note(`load: ${JSON.stringify(load.counts)}`);
    writeFileSync(join(runDir, 'faults.json'), `${JSON.stringify(injector.counts)}\n`);
    writeFileSync(join(runDir, 'poison-by-topic.json'), `${JSON.stringify(injector.poisonByTopic)}\n`);

    const settleStarted = Date.now();
    const settled = await settle(infra, options.settleTimeoutMs, note);
    const settledInMs = settled ? Date.now() - settleStarted : null;
    note(settled ? `settled in ${((settledInMs ?? 0) / 1000).toFixed(1)} s` : `NOT settled within ${options.settleTimeoutMs / 1000} s: checking anyway`);

    const result = await check({ dir: runDir, databaseUrl: infra.databaseAdminUrl, brokers: [infra.kafkaBrokers] }, (line) => note(`check: ${line}`));
    writeFileSync(join(runDir, 'result.json'), `${JSON.stringify(result)}\n`);
    await options.inspect?.(infra, runDir);
    return { runDir, load: load.counts, faults: injector.counts, poisonByTopic: injector.poisonByTopic, settledInMs, check: result };
  } finally {
    await injector?.close();
    await apps.stopAll();
    // FAULTS_KEEP_INFRA=1 leaves the broker and PostgreSQL running for a look (kafka.sh stop, pg_ctl stop by hand).
    if (process.env['FAULTS_KEEP_INFRA'] === '1') note(`infra kept: ${infra.dir}, ${infra.kafkaBrokers}, ${infra.databaseAdminUrl}`);
    else await infra.dispose();
  }
}

/** The simulated hospitals, registered on this run's gateway through its CLI (npm run cli -- hospital add). */
async function registerHospitals(apps: AppProcesses, infra: PrivateInfra, file: string, note: (t: string) => void): Promise<Map<string, HospitalCredentials>> {
  // The simulator's CLI call runs with this process's environment: point it at the private gateway schema.
  const saved = { ...process.env };
  Object.assign(process.env, apps.envOf('gateway'));
  delete process.env['NODE_ENV'];
  try {
    return await hospitalCredentials(file, SEED_REGIONS, note);
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    void infra;
  }
}

/** After a fault that failed half-way: the broker and PostgreSQL up, every program running. */
async function recover(apps: AppProcesses, infra: PrivateInfra, note: (t: string) => void): Promise<void> {
  try {
    infra.resumeBroker();
    if (infra.brokerPid() === undefined) await infra.startBroker();
    await infra.startPostgres().catch(() => undefined);
    for (const name of [...SERVICE_NAMES, 'bank-simulator' as const]) if (!apps.isRunning(name)) await apps.start(name);
  } catch (error) {
    note(`recovery failed: ${(error as Error).message}`);
  }
}

/**
 * Waits until nothing is in flight: every outbox published, every consumer group at the end of
 * every topic it reads, no payment unanswered at the bank or unsettled at the allowance, no timer due.
 * Two consecutive quiet looks, 2 s apart. False when `timeoutMs` passes first.
 */
async function settle(infra: PrivateInfra, timeoutMs: number, note: (t: string) => void): Promise<boolean> {
  const kafka = new Kafka({ clientId: 'fault-settle', brokers: [infra.kafkaBrokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const db = new Client({ connectionString: infra.databaseAdminUrl });
  await db.connect();
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  let last = '';
  try {
    while (Date.now() < deadline) {
      const busy = await inFlight(db, admin);
      if (busy.length === 0) {
        quiet += 1;
        if (quiet >= 2) return true;
      } else {
        quiet = 0;
        const text = busy.join('; ');
        if (text !== last) note(`settling: ${text}`);
        last = text;
      }
      await sleep(2_000);
    }
    return false;
  } finally {
    await db.end();
    await admin.disconnect();
  }
}

async function inFlight(db: Client, admin: Admin): Promise<string[]> {
  const busy: string[] = [];
  const schemas = (await db.query<{ table_schema: string }>(`SELECT table_schema FROM information_schema.tables WHERE table_name = 'outbox'`)).rows.map((r) => r.table_schema);
  for (const schema of schemas) {
    const n = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".outbox WHERE published_at IS NULL`)).rows[0]!.n);
    if (n > 0) busy.push(`${schema} outbox ${n}`);
  }
  const payments = (
    await db.query<{ orders: string; bank: string }>(
      `SELECT (SELECT count(*) FROM maternity_allowance.payment_orders WHERE state IN ('pending', 'sent')) AS orders,
              (SELECT count(*) FROM bank_simulator.payments WHERE state = 'accepted') AS bank`,
    )
  ).rows[0]!;
  if (Number(payments.orders) > 0) busy.push(`${payments.orders} payment orders open`);
  if (Number(payments.bank) > 0) busy.push(`${payments.bank} bank payments unsettled`);
  const timers = Number(
    (await db.query<{ n: string }>(`SELECT count(*) AS n FROM case_saga.timers, case_saga.saga_clock WHERE state = 'pending' AND due_at <= now() + clock_offset`)).rows[0]!.n,
  );
  if (timers > 0) busy.push(`${timers} timers due`);
  for (const group of SERVICE_NAMES) {
    const offsets = await admin.fetchOffsets({ groupId: group });
    for (const { topic, partitions } of offsets) {
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
      const lag = partitions.reduce((sum, p) => sum + (Number(p.offset) < 0 ? 0n : (ends.get(p.partition) ?? 0n) - BigInt(p.offset)), 0n);
      if (lag > 0n) busy.push(`${group} lag ${lag} on ${topic}`);
    }
  }
  return busy;
}

function shuffled<T>(rng: SeededRandom, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = rng.int(0, i);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
