// The whole system's speed against limits measured in the same run (issue 16, "Benchmarks";
// bench/README.md, "System"; docs/performance.md, "Benchmarks").
//
//   npm run bench [-- --quick] [-- --help]
//
// On a private broker and PostgreSQL cluster started for the run (or, with --shared-infra, on
// the shared ones, never killed): the limits (raw kafkajs, raw pg transactions of the shape a
// birth costs, one hop), the NestJS transport against raw kafkajs, then the seven services and
// the bank program as processes: births over HTTP, signed, stepped up to saturation; the latency
// at half of it; recovery after the broker and PostgreSQL are killed; and a national day of births
// queued while the consumers are stopped, then drained. A readable table, then one JSON line.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { BirthPlanner, HospitalsLoad } from './births';
import { Completions } from './completions';
import { cpuBetween, CpuSampler, type CountedProcess } from './cpu';
import { round } from './figures';
import { privateInfrastructure, sharedInfrastructure } from './infrastructure';
import { countersBetween, databaseCounters, measureHop, replayTransactions, shapeOf } from './limits';
import { measureLatency, saturationOf, searchSaturation, type LoadContext } from './load-steps';
import { parseOptions, UsageError, USAGE, type BenchOptions } from './options';
import { measureRecovery, type RecoveryResult } from './recovery';
import { report, type Figures } from './report';
import { servicesTransportRates } from './services-transport';
import { nestTransportRate, rawKafkaJsRate, type HandlerWork } from './transport';
import { CONSUMERS, WholeSystem } from './whole-system';
import { fillerMessages, measureRawKafka } from '../support/raw-kafka';
import { BenchRun } from '../support/run';

const log = (message: string): void => void process.stderr.write(`[bench] ${new Date().toISOString().slice(11, 19)} ${message}\n`);
const run = new BenchRun(log);

async function limitsOnTheBroker(system: WholeSystem, options: BenchOptions): Promise<Pick<Figures, 'rawKafkaMsgsPerSec' | 'hop' | 'transport'>> {
  log(`raw kafkajs: ${options.kafkaMessages} messages of 1.5 KiB, produce → consume`);
  const raw = await measureRawKafka({ bus: system.bus, groupId: system.benchGroup('raw'), messages: fillerMessages(await system.benchTopic('raw', 6), options.kafkaMessages, 1_536), batch: 500 });
  log(`raw kafkajs: ${raw.msgsPerSec} msgs/s`);
  log(`one hop (produce → consume → commit a row), ${options.hops} in a row`);
  const hop = await measureHop(system.bus, await system.benchTopic('hop', 1), system.benchGroup('hop'), system.databaseUrl, 'bench_hop', options.hops);
  log(`one hop: p50 ${hop.p50Ms.toFixed(1)} ms, p99 ${hop.p99Ms.toFixed(1)} ms`);

  const plain = await transportRates(system, 'transport', options.kafkaMessages);
  log(`transport, a handler without I/O: raw kafkajs ${Math.round(plain.raw)} msgs/s, NestJS ${Math.round(plain.nest)} msgs/s`);
  // The same handler committing a row per message, as a consumer that writes does: what the transport costs it.
  const db = new Client({ connectionString: system.databaseUrl });
  await db.connect();
  try {
    await db.query('CREATE SCHEMA bench_transport');
    await db.query('CREATE TABLE bench_transport.handled (side text NOT NULL, n int NOT NULL, PRIMARY KEY (side, n))');
    const workOf = (side: string): HandlerWork => async (n) => void (await db.query('INSERT INTO bench_transport.handled (side, n) VALUES ($1, $2)', [side, n]));
    const committing = await transportRates(system, 'transport-commit', options.commitMessages, workOf);
    log(`transport, a handler committing a row: raw kafkajs ${Math.round(committing.raw)} msgs/s, NestJS ${Math.round(committing.nest)} msgs/s`);
    // What the services run: NestJS with InboxTransport, against kafkajs with the same inbox written by hand.
    const services = await servicesTransportRates(system, options.servicesTransportMessages);
    log(`the services' transport (InboxTransport), a handler writing a row exactly once: raw kafkajs with an inbox ${Math.round(services.raw)} msgs/s, NestJS ${Math.round(services.nest)} msgs/s`);
    return {
      rawKafkaMsgsPerSec: raw.msgsPerSec,
      hop,
      transport: {
        rawMsgsPerSec: plain.raw,
        nestMsgsPerSec: plain.nest,
        rawCommitMsgsPerSec: committing.raw,
        nestCommitMsgsPerSec: committing.nest,
        rawInboxMsgsPerSec: services.raw,
        servicesMsgsPerSec: services.nest,
      },
    };
  } finally {
    await db.end();
  }
}

/** The NestJS transport and raw kafkajs over one prefilled topic: twice each, alternating, the better of each kept (the machine's load moves between measurements). */
async function transportRates(system: WholeSystem, name: string, messages: number, workFor?: (side: string) => HandlerWork): Promise<{ raw: number; nest: number }> {
  const topic = await system.benchTopic(name, 6);
  const producer = system.bus.producer();
  await producer.connect();
  const prefill = fillerMessages(topic, messages, 1_536);
  for (let i = 0; i < prefill.length; i += 500) await producer.send(prefill.slice(i, i + 500));
  await producer.disconnect();
  const brokers = system.infra.kafkaBrokers.split(',');
  const rates = { raw: 0, nest: 0 };
  for (const round of [1, 2]) {
    const rawSide = `${name}-raw-${round}`;
    const nestSide = `${name}-nest-${round}`;
    rates.raw = Math.max(rates.raw, await rawKafkaJsRate(brokers, topic, system.benchGroup(rawSide), messages, 180_000, workFor?.(rawSide)));
    rates.nest = Math.max(rates.nest, await nestTransportRate(brokers, topic, system.benchGroup(nestSide), messages, 180_000, workFor?.(nestSide)));
  }
  return rates;
}


async function drainNationalDay(ctx: LoadContext, options: BenchOptions): Promise<Figures['drain']> {
  const births = options.drainBirths;
  log(`lag drain: consumers stopped, ${births} births queued through the gateway`);
  await ctx.system.stop(CONSUMERS);
  const batch = ctx.planner.take(births);
  await ctx.system.openAccounts(batch.accounts);
  const before = await ctx.completions.completed();
  const queueStarted = performance.now();
  // Offered faster than the gateway takes them; the answers say what it accepted.
  const sent = await ctx.load.send(batch.births, 400, undefined, ctx.interrupted);
  const accepted = sent.filter((s) => s.caseId !== null).length;
  const queueSeconds = (performance.now() - queueStarted) / 1000;
  log(`lag drain: ${accepted} of ${sent.length} accepted in ${queueSeconds.toFixed(1)} s; starting the consumers`);
  // The clock runs from the consumers' start (their processes' start-up included: the honest figure).
  const started = performance.now();
  await ctx.system.start(CONSUMERS);
  const startSeconds = (performance.now() - started) / 1000;
  const reached = await ctx.completions.waitFor(before + accepted, options.drainTimeoutSeconds * 1000, ctx.interrupted);
  const elapsed = (performance.now() - started) / 1000;
  const completed = reached - before;
  const seconds = completed >= accepted ? elapsed : null;
  log(`lag drain: ${completed} of ${accepted} completed in ${elapsed.toFixed(1)} s (consumers ready after ${startSeconds.toFixed(1)} s)`);
  if (seconds === null) log(`lag drain: steps of open cases not done: ${await ctx.completions.openSteps()}`);
  return { births: accepted, seconds, completed, birthsPerSec: completed / elapsed, queueSeconds, startSeconds };
}


async function main(): Promise<void> {
  let options: BenchOptions | null;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  if (!options) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const startedAt = performance.now();
  const loadBefore = loadavg();
  const runId = `bsys${randomBytes(3).toString('hex')}`;
  const infra = options.infra === 'shared' ? sharedInfrastructure() : await privateInfrastructure((line) => log(`private infra: ${line}`));
  run.onCleanUp(() => infra.dispose());
  log(`run ${runId} on the ${infra.kind} infrastructure (${infra.kafkaBrokers})`);
  const system = new WholeSystem(runId, infra, log);
  run.onCleanUp(() => system.dispose());
  await system.prepare();

  const onBroker = await limitsOnTheBroker(system, options);

  log('starting the seven services and the bank program');
  await system.start();
  const completions = await Completions.open(system.databaseUrl, system.schemaOf('case-saga'));
  run.onCleanUp(() => completions.close());
  const ctx: LoadContext = {
    system,
    planner: new BirthPlanner(options.seed, runId.toUpperCase()),
    load: new HospitalsLoad(system.gatewayUrl, system.hospitals),
    completions,
    log,
    interrupted: () => run.interrupted,
    cpu: new CpuSampler(() => {
      const parts = new Map<string, CountedProcess>([...system.pids()].map(([name, pid]) => [name, { pid }]));
      for (const [name, counted] of infra.processes()) parts.set(name, counted);
      parts.set('bench', { pid: process.pid });
      return parts;
    }),
  };
  // Warm-up: every consumer has joined and compiled its paths before the first step.
  const warm = ctx.planner.take(10);
  await system.openAccounts(warm.accounts);
  await ctx.load.send(warm.births, 5);
  await completions.waitFor(warm.births.length, 120_000, ctx.interrupted);

  log(`saturation search: ${options.rates.join(', ')} births/s, ${options.stepSeconds} s each`);
  // The services' own commits while no birth moves (relay polls, timer ticks): part of what a birth costs at low rates.
  const idleStart = await databaseCounters(infra.serverUrl, runId);
  const idleCpuStart = ctx.cpu!.snapshot();
  const idleStartedAt = performance.now();
  await new Promise((r) => setTimeout(r, options.quick ? 5_000 : 10_000));
  const idleCommitsPerSec = countersBetween(idleStart, await databaseCounters(infra.serverUrl, runId)).commits / ((performance.now() - idleStartedAt) / 1000);
  // The same seconds' CPU by process, "per birth" of one a second: CPU ms a second with no load.
  const idleCpu = cpuBetween(idleCpuStart, ctx.cpu!.snapshot(), (performance.now() - idleStartedAt) / 1000, ctx.cpu!.cores);
  log(`idle: machine ${Math.round(idleCpu.machineBusy * 100)}% busy, ${Math.round(idleCpu.totalMsPerBirth)} ms CPU a second, ${Math.round(idleCommitsPerSec)} commits a second`);
  const countersBefore = await databaseCounters(infra.serverUrl, runId);
  const searchStartedAt = performance.now();
  const queriesBefore = completions.queries;
  const messagesBefore = await system.messagesOnTopics();
  const completedBefore = await completions.completed();
  const steps = await searchSaturation(ctx, options.rates, options.stepSeconds);
  // Every accepted birth of the search done (or a minute passed), and the backends' statistics flushed (at most a second late when busy).
  await completions.waitFor(completedBefore + steps.reduce((sum, s) => sum + s.accepted, 0), 60_000, ctx.interrupted);
  await new Promise((r) => setTimeout(r, 1_500));
  const completedInSearch = (await completions.completed()) - completedBefore;
  const counters = countersBetween(countersBefore, await databaseCounters(infra.serverUrl, runId));
  counters.commits -= completions.queries - queriesBefore;
  const messagesPerBirth = ((await system.messagesOnTopics()) - messagesBefore) / Math.max(1, completedInSearch);
  const transactionsPerBirth = counters.commits / Math.max(1, completedInSearch);
  const idleTransactionsPerBirth = (idleCommitsPerSec * ((performance.now() - searchStartedAt) / 1000)) / Math.max(1, completedInSearch);
  const birthsPerSec = saturationOf(steps);
  const shape = shapeOf(counters);
  log(`saturation ${birthsPerSec.toFixed(1)} births/s; per birth ${messagesPerBirth.toFixed(1)} messages, ${transactionsPerBirth.toFixed(1)} transactions`);

  log(`raw pg: transactions of the same shape, ${options.replaySeconds} s on 16 connections`);
  const replay = await replayTransactions(system.databaseUrl, 'bench_replay', shape, 16, options.replaySeconds * 1000);
  log(`raw pg: ${replay.txPerSec.toFixed(0)} tx/s`);

  // Half of saturation; when not even the lowest rate was sustained, half of that (said in the log and the table).
  const halfRate = round(Math.max(birthsPerSec, options.rates[0]!) / 2, 1);
  if (birthsPerSec === 0) log(`no step sustained: latency and recovery at half the lowest offered rate, ${halfRate} births/s`);
  let latency: Figures['latency'] = null;
  if (!run.interrupted) {
    const rate = halfRate;
    log(`latency at half of saturation: ${rate} births/s for ${options.latencySeconds} s`);
    const measured = await measureLatency(ctx, rate, options.latencySeconds);
    latency = { rate, p50Ms: measured.p50Ms, p99Ms: measured.p99Ms, measured: measured.measured };
    log(`latency: p50 ${measured.p50Ms.toFixed(0)} ms, p99 ${measured.p99Ms.toFixed(0)} ms over ${measured.measured} cases`);
  }

  let broker: RecoveryResult | null = null;
  let database: RecoveryResult | null = null;
  const faults = infra.faults;
  if (faults && !run.interrupted) {
    const rate = halfRate;
    log(`recovery: the broker killed (kill -9) and restarted under ${rate} births/s`);
    broker = await measureRecovery(ctx, rate, options.recoveryWindowSeconds, async () => {
      await faults.killBroker();
      await faults.startBroker();
    });
    log(`recovery after the broker: ${broker.seconds ?? 'not within the watch'} s (outage ${broker.outageSeconds.toFixed(1)} s)`);
    log(`recovery: PostgreSQL stopped immediately and started under ${rate} births/s`);
    database = await measureRecovery(ctx, rate, options.recoveryWindowSeconds, async () => {
      await faults.crashDatabase();
      await faults.startDatabase();
    });
    log(`recovery after PostgreSQL: ${database.seconds ?? 'not within the watch'} s (outage ${database.outageSeconds.toFixed(1)} s)`);
  } else if (!faults) {
    log('recovery: not measured on the shared infrastructure (it is never killed); run with --private-infra');
  }

  const drain = await drainNationalDay(ctx, options);

  report(
    {
      ...onBroker,
      steps,
      birthsPerSec,
      messagesPerBirth,
      transactionsPerBirth,
      idleTransactionsPerBirth,
      idleCpu,
      shape,
      rawDbTxPerSec: replay.txPerSec,
      latency,
      broker,
      database,
      drain,
    },
    infra,
    options,
    (performance.now() - startedAt) / 1000,
    loadBefore,
  );
}

run.start(main);
