// The system bench's report: the saturation steps, the CPU by process, every figure against its
// goal, what each recovery was made of, and the last line of flat JSON (docs/performance.md).
import { loadavg } from 'node:os';
import type { CpuUse } from './cpu';
import { cpuJson, cpuRows, cpuSteps, type CpuColumn } from './cpu-report';
import { birthLimit, efficiency, round } from './figures';
import type { TransactionShape } from './limits';
import type { BenchInfrastructure } from './infrastructure';
import type { StepResult } from './load-steps';
import type { BenchOptions } from './options';
import type { RecoveryResult } from './recovery';

export const GOALS = { birthsPerSec: 100, efficiency: 0.6, p99Ms: 1000, transportRatio: 0.8, drainSeconds: 300, recoverySeconds: 30 };
const out = (line = ''): void => void process.stdout.write(`${line}\n`);

export interface Figures {
  rawKafkaMsgsPerSec: number;
  hop: { p50Ms: number; p99Ms: number };
  transport: { rawMsgsPerSec: number; nestMsgsPerSec: number; rawCommitMsgsPerSec: number; nestCommitMsgsPerSec: number; rawInboxMsgsPerSec: number; servicesMsgsPerSec: number };
  steps: StepResult[];
  birthsPerSec: number;
  messagesPerBirth: number;
  transactionsPerBirth: number;
  /** Of those, the services' idle commits (measured with no load before the search) spread over the search's births. */
  idleTransactionsPerBirth: number;
  /** CPU by process over the same idle seconds, as ms a second (`msPerBirth` of one birth a second). */
  idleCpu: CpuUse;
  shape: TransactionShape;
  rawDbTxPerSec: number;
  latency: { rate: number; p50Ms: number; p99Ms: number; measured: number } | null;
  broker: RecoveryResult | null;
  database: RecoveryResult | null;
  drain: { births: number; seconds: number | null; completed: number; birthsPerSec: number; queueSeconds: number; startSeconds: number };
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
}

const fmt = (value: number | null | undefined, digits = 1): string => (value === null || value === undefined || Number.isNaN(value) ? '—' : round(value, digits).toLocaleString('en-US'));
/** Seconds from the fault until the last program was working again; null when one never was within the watch. */
const lastBack = (r: RecoveryResult | null): number | null => {
  const back = Object.values(r?.backSeconds ?? {});
  return r === null || back.length === 0 || back.includes(null) ? null : Math.max(...(back as number[]));
};
const goal = (met: boolean | null): string => (met === null ? 'not measured' : met ? 'met' : 'NOT met');

export function report(figures: Figures, infra: BenchInfrastructure, options: BenchOptions, runSeconds: number, loadBefore: number[]): void {
  const limits = { kafkaMsgsPerSec: figures.rawKafkaMsgsPerSec, messagesPerBirth: figures.messagesPerBirth, dbTxPerSec: figures.rawDbTxPerSec, transactionsPerBirth: figures.transactionsPerBirth };
  const limit = birthLimit(limits);
  const eff = figures.birthsPerSec > 0 ? efficiency(figures.birthsPerSec, limits) : 0;
  const transportRatio = figures.transport.nestMsgsPerSec / figures.transport.rawMsgsPerSec;
  const commitRatio = figures.transport.nestCommitMsgsPerSec / figures.transport.rawCommitMsgsPerSec;
  const servicesRatio = figures.transport.servicesMsgsPerSec / figures.transport.rawInboxMsgsPerSec;
  // Every rate offered was sustained: saturation lies above the list.
  const capped = figures.steps.length > 0 && figures.steps.at(-1)!.sustained && figures.steps.at(-1)!.offeredPerSec >= Math.max(...options.rates);

  out('saturation search (births over HTTP, signed; done = the saga says every step of the case is done)');
  out(
    table([
      ['offered/s', 'sent', 'accepted', 'done/s', 'latency ms, first → last quarter', 'all done after', 'verdict'],
      ...figures.steps.map((s) => [
        fmt(s.offeredPerSec),
        String(s.sent),
        String(s.accepted),
        fmt(s.completedPerSec),
        `${fmt(s.latencyFirstQuarterMs, 0)} → ${fmt(s.latencyLastQuarterMs, 0)}`,
        s.drainSeconds === null ? 'no' : `${fmt(s.drainSeconds)} s`,
        s.sustained ? 'sustained' : `not: ${s.reasons.join('; ')}`,
      ]),
    ]),
  );
  const { saturation, above } = cpuSteps(figures.steps);
  if (saturation?.cpu) {
    out();
    out('CPU by process (each step from its first birth until its births were done, ÷ its births)');
    const columns: CpuColumn[] = [{ label: `${fmt(saturation.offeredPerSec)}/s (saturation)`, cpu: saturation.cpu }];
    if (above?.cpu) columns.push({ label: `${fmt(above.offeredPerSec)}/s (not sustained)`, cpu: above.cpu });
    columns.push({ label: 'no load: ms a second', cpu: figures.idleCpu, perSecond: true });
    out(table(cpuRows(columns)));
  }
  out();
  out(
    table([
      ['figure', 'value', 'against', 'goal'],
      ['raw kafkajs, produce → consume', `${fmt(figures.rawKafkaMsgsPerSec, 0)} msgs/s`, '', ''],
      [
        'raw pg transactions of the birth shape',
        `${fmt(figures.rawDbTxPerSec, 0)} tx/s`,
        `${fmt(figures.shape.insertsPerTx, 2)} ins, ${fmt(figures.shape.updatesPerTx, 2)} upd, ${fmt(figures.shape.deletesPerTx, 2)} del per tx`,
        '',
      ],
      ['one hop (Kafka round trip + a commit)', `p50 ${fmt(figures.hop.p50Ms)} / p99 ${fmt(figures.hop.p99Ms)} ms`, '', ''],
      ['messages per birth (all topics)', fmt(figures.messagesPerBirth, 1), `Kafka allows ${fmt(limit.kafka)} births/s`, ''],
      ['transactions per birth (xact_commit)', fmt(figures.transactionsPerBirth, 1), `PostgreSQL allows ${fmt(limit.database)} births/s`, ''],
      ['  of which the services idling (polls)', fmt(figures.idleTransactionsPerBirth, 1), 'commits/s with no load × the search\'s time ÷ its births', ''],
      ['saturation', `${capped ? '≥ ' : ''}${fmt(figures.birthsPerSec)} births/s${capped ? ' (the highest rate offered; --rates)' : ''}`, `limit ${fmt(limit.birthsPerSec)} births/s (${limit.bound})`, `≥ ${GOALS.birthsPerSec}: ${goal(figures.birthsPerSec >= GOALS.birthsPerSec)}`],
      ['efficiency', fmt(eff, 2), 'saturation ÷ limit', `≥ ${GOALS.efficiency}: ${goal(eff >= GOALS.efficiency)}`],
      [
        'latency at half load, request → last step done',
        figures.latency ? `p50 ${fmt(figures.latency.p50Ms, 0)} / p99 ${fmt(figures.latency.p99Ms, 0)} ms` : '—',
        figures.latency ? `at ${fmt(figures.latency.rate)}/s, ${figures.latency.measured} cases` : '',
        `p99 ≤ ${GOALS.p99Ms} ms: ${goal(figures.latency ? figures.latency.p99Ms <= GOALS.p99Ms : null)}`,
      ],
      ['NestJS Kafka transport ÷ raw kafkajs', fmt(transportRatio, 2), `${fmt(figures.transport.nestMsgsPerSec, 0)} ÷ ${fmt(figures.transport.rawMsgsPerSec, 0)} msgs/s (handler without I/O)`, `≥ ${GOALS.transportRatio}: ${goal(transportRatio >= GOALS.transportRatio)}`],
      ['  the same, the handler committing a row', fmt(commitRatio, 2), `${fmt(figures.transport.nestCommitMsgsPerSec, 0)} ÷ ${fmt(figures.transport.rawCommitMsgsPerSec, 0)} msgs/s`, ''],
      [
        "the services' transport (NestJS, InboxTransport) ÷ raw kafkajs with an inbox by hand",
        fmt(servicesRatio, 2),
        `${fmt(figures.transport.servicesMsgsPerSec, 0)} ÷ ${fmt(figures.transport.rawInboxMsgsPerSec, 0)} msgs/s (a row written exactly once)`,
        '',
      ],
      [
        `lag drain (${figures.drain.births} births queued)`,
        figures.drain.seconds === null ? `not drained (${figures.drain.completed} done)` : `${fmt(figures.drain.seconds)} s`,
        `${fmt(figures.drain.birthsPerSec)} births/s (saturation ${fmt(figures.birthsPerSec)}); start-up ${fmt(figures.drain.startSeconds)} s`,
        `< ${GOALS.drainSeconds} s for 26,000: ${goal(figures.drain.seconds === null ? false : (figures.drain.seconds * 26_000) / Math.max(1, figures.drain.births) < GOALS.drainSeconds)}`,
      ],
      ...([['broker', figures.broker], ['PostgreSQL', figures.database]] as const).map(([what, r]) => [
        `recovery after ${what} killed and restarted`,
        r === null ? 'not measured' : r.seconds === null ? 'not within the watch' : `${fmt(r.seconds, 0)} s`,
        r === null ? (infra.kind === 'shared' ? 'shared infrastructure: never killed' : '') : `to 90% of ${fmt(r.offeredPerSec)} births/s offered (${fmt(r.ratePerSecBefore)}/s done before); outage ${fmt(r.outageSeconds)} s`,
        `< ${GOALS.recoverySeconds} s: ${goal(r === null ? null : r.seconds !== null && r.seconds < GOALS.recoverySeconds)}`,
      ]),
    ]),
  );
  for (const [what, r] of [['broker', figures.broker], ['PostgreSQL', figures.database]] as const) {
    if (!r) continue;
    const back = Object.entries(r.backSeconds).sort(([, a], [, b]) => (a ?? Infinity) - (b ?? Infinity));
    out(`after ${what} killed: outage ${fmt(r.outageSeconds)} s; each program handling or publishing again after (s from the kill): ${back.map(([name, s]) => `${name} ${s === null ? 'not seen' : fmt(s)}`).join(', ')}`);
  }
  out();
  out(`${infra.kind} infrastructure (${infra.kafkaBrokers}); ${options.quick ? 'quick run (--quick): figures for a smoke test only' : 'full run'}; ${fmt(runSeconds, 0)} s; load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  out(
    JSON.stringify({
      birthsPerSec: round(figures.birthsPerSec, 1),
      saturationAboveRates: capped,
      efficiency: round(eff, 3),
      p50Ms: figures.latency ? round(figures.latency.p50Ms, 0) : null,
      p99Ms: figures.latency ? round(figures.latency.p99Ms, 0) : null,
      transportRatio: round(transportRatio, 3),
      transportRatioWithCommit: round(commitRatio, 3),
      servicesTransportRatio: round(servicesRatio, 3),
      drainSeconds: figures.drain.seconds === null ? null : round(figures.drain.seconds, 1),
      brokerRecoverySeconds: figures.broker?.seconds ?? null,
      databaseRecoverySeconds: figures.database?.seconds ?? null,
      rawKafkaMsgsPerSec: figures.rawKafkaMsgsPerSec,
      rawDbTxPerSec: round(figures.rawDbTxPerSec, 0),
      hopP50Ms: round(figures.hop.p50Ms, 1),
      hopP99Ms: round(figures.hop.p99Ms, 1),
      messagesPerBirth: round(figures.messagesPerBirth, 2),
      transactionsPerBirth: round(figures.transactionsPerBirth, 2),
      idleTransactionsPerBirth: round(figures.idleTransactionsPerBirth, 2),
      kafkaBirthLimit: round(limit.kafka, 1),
      dbBirthLimit: round(limit.database, 1),
      nestMsgsPerSec: round(figures.transport.nestMsgsPerSec, 0),
      rawKafkaJsMsgsPerSec: round(figures.transport.rawMsgsPerSec, 0),
      servicesTransportMsgsPerSec: round(figures.transport.servicesMsgsPerSec, 0),
      rawInboxMsgsPerSec: round(figures.transport.rawInboxMsgsPerSec, 0),
      latencyRate: figures.latency ? round(figures.latency.rate, 1) : null,
      drainBirths: figures.drain.births,
      drainBirthsPerSec: round(figures.drain.birthsPerSec, 1),
      brokerOutageSeconds: figures.broker ? round(figures.broker.outageSeconds, 1) : null,
      brokerProgramsBackSeconds: lastBack(figures.broker),
      databaseOutageSeconds: figures.database ? round(figures.database.outageSeconds, 1) : null,
      databaseProgramsBackSeconds: lastBack(figures.database),
      ...cpuJson(saturation),
      idleCpuMsPerSec: round(figures.idleCpu.totalMsPerBirth, 0),
      idleMachineBusy: round(figures.idleCpu.machineBusy, 2),
      infra: infra.kind,
      quick: options.quick,
    }),
  );
}
