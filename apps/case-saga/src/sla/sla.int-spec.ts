import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { Calendar, loadYearFiles } from '@birth/calendar';
import {
  Topics,
  type CaseSlaAtRiskV1,
  type CaseSlaBreachedV1,
  type CaseStepEscalatedV1,
  type DepartmentCommandV1,
  type EventEnvelope,
  type TopicDefinition,
} from '@birth/contracts';
import { OutboxPublisher, OutboxRelay, type Producer } from '@birth/messaging';
import { ReferenceDataFeed } from '@birth/platform';
import { loadPolicyDirectory } from '@birth/policy';
import { calendarYearMessage, expectEventually, TestNamespace } from '@birth/testing';
import { CreateCases1764000000200 } from '../migrations/1764000000200-create-cases';
import { CreateTimers1764000000300 } from '../migrations/1764000000300-create-timers';
import { CreateStepClocks1764000000400 } from '../migrations/1764000000400-create-step-clocks';
import { CaseTimeline, type StepSnapshot } from '../ports/step-clock-port';
import { TimerTicker } from '../timers';
import { setTestClock } from '../timers/test-clock';
import { ProvisionalDeadlines } from './provisional-deadlines';
import { DEFAULT_SLA_SETTINGS, type SlaSettings } from './sla-settings';
import { SlaStepClocks, type SlaDependencies } from './sla-step-clocks';
import { SlaTimerHandlers } from './sla-timer-handlers';
import { allowanceStep, YEAR_2027 } from './test/sla-fixtures';

// The SLA half of the saga over real PostgreSQL and Kafka: StepClocks driven directly (as the
// cases side calls it), timers fired by TimerTickers on the saga's test clock, events and
// commands relayed from the outbox to Kafka and read back there.

const migrations = [CreateCases1764000000200, CreateTimers1764000000300, CreateStepClocks1764000000400];
const TOPICS: TopicDefinition[] = [
  Topics.caseSlaAtRiskV1,
  Topics.caseSlaBreachedV1,
  Topics.caseStepEscalatedV1,
  Topics.maternityAllowanceCommandsV1,
  Topics.householdRegistrationCommandsV1,
  Topics.birthCertificateCommandsV1,
  Topics.calendarYearsV1,
  Topics.policyVersionsV1,
];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The cases side's timeline, recorded in memory (the real one lives in src/cases). */
class RecordingTimeline extends CaseTimeline {
  readonly entries: { caseId: string; at: string; type: string; cause: string }[] = [];
  async record(_manager: EntityManager, caseId: string, entry: { at: string; type: string; cause: string }): Promise<void> {
    this.entries.push({ caseId, ...entry });
  }
  typesOf(caseId: string): string[] {
    return this.entries.filter((e) => e.caseId === caseId).map((e) => e.type);
  }
}

interface SagaInstance {
  db: DataSource;
  clocks: SlaStepClocks;
  ticker: TimerTicker;
}

describe('the SLA clocks and timers (real PostgreSQL and Kafka)', () => {
  let ns: TestNamespace;
  let schema: string;
  let db: DataSource;
  let producer: Producer;
  let relay: OutboxRelay;
  const timeline = new RecordingTimeline();
  const tickers: TimerTicker[] = [];
  const policy = loadPolicyDirectory();

  const instance = async (settings: Partial<SlaSettings> = {}, calendar = new Calendar(loadYearFiles())): Promise<SagaInstance> => {
    const own = await ns.dataSource(schema, migrations);
    const deps: SlaDependencies = { settings: { ...DEFAULT_SLA_SETTINGS, ...settings }, calendar, policy, publisher: new OutboxPublisher('case-saga', ns.namer) };
    const ticker = new TimerTicker(own, new SlaTimerHandlers(deps, timeline).handlers(), { batchSize: 20, idleMs: 50 });
    tickers.push(ticker);
    return { db: own, clocks: new SlaStepClocks(deps), ticker };
  };
  const change = (saga: SagaInstance, step: StepSnapshot) => saga.db.transaction((m) => saga.clocks.onStepChanged(m, null, step));
  const clocksOf = (saga: SagaInstance, caseId: string) => saga.db.transaction((m) => saga.clocks.clocksOf(m, [caseId]));
  const clockAt = (text: string) => setTestClock(db, { at: new Date(text) });
  const step = allowanceStep;
  const eventsOn = async <P extends object>(topic: TopicDefinition): Promise<EventEnvelope<P>[]> =>
    (await ns.readAll(topic.name)).map((m) => JSON.parse(m.value!.toString('utf8')) as EventEnvelope<P>);
  const relayed = async (topic: TopicDefinition, expected: number) =>
    expectEventually(async () => expect(await ns.messageCount(topic.name)).toBe(expected), { timeoutMs: 60_000 });
  const pendingTimers = async (caseId: string) =>
    (await ns.query<{ kind: string; step: string; due_at: Date }>(`SELECT kind, step, due_at FROM "${schema}".timers WHERE case_id = $1 AND state = 'pending' ORDER BY kind`, [caseId]));

  beforeEach(async () => {
    ns = await TestNamespace.create(TOPICS);
    schema = await ns.createSchema('sla', migrations);
    db = await ns.dataSource(schema, migrations);
    producer = ns.bus.producer();
    await producer.connect();
    relay = new OutboxRelay({ connection: { connectionString: ns.databaseUrl }, schema, producer, pollIntervalMs: 200 });
    relay.start();
    timeline.entries.length = 0;
  });

  afterEach(async () => {
    await Promise.all(tickers.splice(0).map((t) => t.stop()));
    await relay.stop();
    await producer.disconnect();
    await ns.dispose();
  });

  it('at-risk and breach fire once per step with two saga instances; a late completion keeps the breach and clears at-risk', async () => {
    const N = 30;
    const settings = { stuckAfterMs: 60 * 24 * HOUR };
    const [a, b] = [await instance(settings), await instance(settings)];
    await clockAt('2026-03-02T09:00:00+08:00');
    const caseIds = Array.from({ length: N }, () => randomUUID());
    for (const [i, caseId] of caseIds.entries()) await change(i % 2 ? a : b, step({ caseId }));

    // One minute before the at-risk instant (the end of working day 8, Thu 12 Mar): nothing.
    await clockAt('2026-03-12T23:59:00+08:00');
    expect(await a.ticker.tick()).toEqual({ fired: 0, failed: 0 });

    a.ticker.start();
    b.ticker.start();
    await clockAt('2026-03-13T00:00:30+08:00');
    await expectEventually(async () => expect(Number((await ns.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".step_clocks WHERE at_risk`))[0]!.n)).toBe(N));
    await clockAt('2026-03-17T00:00:30+08:00');
    await expectEventually(async () => expect(Number((await ns.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".step_clocks WHERE breached_at IS NOT NULL`))[0]!.n)).toBe(N));

    await relayed(Topics.caseSlaAtRiskV1, N);
    await relayed(Topics.caseSlaBreachedV1, N);
    const atRisk = await eventsOn<CaseSlaAtRiskV1>(Topics.caseSlaAtRiskV1);
    const breached = await eventsOn<CaseSlaBreachedV1>(Topics.caseSlaBreachedV1);
    expect(new Set(atRisk.map((e) => e.caseId))).toEqual(new Set(caseIds));
    expect(new Set(breached.map((e) => e.caseId))).toEqual(new Set(caseIds));
    expect(atRisk[0]!.payload).toMatchObject({
      item: 'maternity-allowance',
      responsibleDepartment: 'maternity-allowance',
      startedAt: '2026-03-02T09:00:00+08:00',
      deadline: '2026-03-17T00:00:00+08:00',
      provisional: false,
      calendarVersion: '2026.1',
      pausedWorkingDays: 0,
      workingDaysLeft: 2,
    });
    expect(breached[0]!.payload).toMatchObject({ responsibleDepartment: 'maternity-allowance', deadline: '2026-03-17T00:00:00+08:00', state: 'in_progress' });
    expect(timeline.typesOf(caseIds[0]!)).toEqual(['sla-at-risk', 'sla-breached']);

    // Completed late: the breach stays, at-risk goes.
    await change(a, step({ caseId: caseIds[0]!, state: 'done', changedAt: '2026-03-18T10:00:00+08:00' }));
    const [clock] = await clocksOf(a, caseIds[0]!);
    expect(clock).toMatchObject({ atRisk: false, breachedAt: expect.stringMatching(/^2026-03-16T16:0/) });
    expect(await pendingTimers(caseIds[0]!)).toEqual([]);
    await clockAt('2026-04-30T00:00:00+08:00');
    await a.ticker.stop();
    await b.ticker.stop();
    expect(await a.ticker.tick()).toEqual({ fired: 0, failed: 0 });
    await relayed(Topics.caseSlaBreachedV1, N);
    expect(await ns.messageCount(Topics.caseSlaAtRiskV1.name)).toBe(N);
  });

  it('a pause moves the deadline by exactly the working days it covers, and nothing fires while paused', async () => {
    const saga = await instance({ stuckAfterMs: 60 * 24 * HOUR });
    const [resumed, stillPaused] = [randomUUID(), randomUUID()];
    await clockAt('2026-03-02T09:00:00+08:00');
    await change(saga, step({ caseId: resumed }));
    await change(saga, step({ caseId: stillPaused }));
    // Wed 4 Mar 10:00 to Mon 9 Mar 15:00: Thu 5, Fri 6 and Mon 9 are covered, 3 working days.
    await change(saga, step({ caseId: resumed, state: 'awaiting_applicant', waitingFor: ['bank-account'], reasonCode: 'ACCOUNT_CLOSED', changedAt: '2026-03-04T10:00:00+08:00' }));
    await change(saga, step({ caseId: stillPaused, state: 'awaiting_applicant', waitingFor: ['bank-account'], reasonCode: 'ACCOUNT_CLOSED', changedAt: '2026-03-04T10:00:00+08:00' }));
    await change(saga, step({ caseId: resumed, state: 'in_progress', changedAt: '2026-03-09T15:00:00+08:00' }));

    const [clock] = await clocksOf(saga, resumed);
    expect(clock).toEqual({
      caseId: resumed,
      item: 'maternity-allowance',
      startedAt: '2026-03-02T01:00:00.000Z',
      deadline: '2026-03-19T16:00:00.000Z',
      provisional: false,
      pausedWorkingDays: 3,
      pauses: [{ from: '2026-03-04T10:00:00+08:00', to: '2026-03-09T15:00:00+08:00', reason: 'ACCOUNT_CLOSED' }],
      atRisk: false,
      breachedAt: null,
    });
    expect((await pendingTimers(resumed)).map((t) => [t.kind, t.due_at.toISOString()])).toEqual([
      ['at-risk', '2026-03-17T16:00:00.000Z'],
      ['breach', '2026-03-19T16:00:00.000Z'],
      ['stuck', expect.any(String)],
    ]);
    expect(await pendingTimers(stillPaused)).toEqual([]);

    // The unpaused deadline (Tue 17 Mar 00:00) passes: nothing fires, for either step.
    await clockAt('2026-03-17T00:00:30+08:00');
    expect(await saga.ticker.tick()).toEqual({ fired: 0, failed: 0 });
    // The moved deadline (Fri 20 Mar 00:00) passes: at-risk and breach, once each, for the resumed step only.
    await clockAt('2026-03-20T00:00:30+08:00');
    expect(await saga.ticker.tick()).toEqual({ fired: 2, failed: 0 });
    await relayed(Topics.caseSlaBreachedV1, 1);
    const [breach] = await eventsOn<CaseSlaBreachedV1>(Topics.caseSlaBreachedV1);
    expect(breach!.caseId).toBe(resumed);
    expect(breach!.payload).toMatchObject({ deadline: '2026-03-20T00:00:00+08:00', pausedWorkingDays: 3, breachedAt: expect.stringMatching(/^2026-03-20T00:0/) });
    expect((await clocksOf(saga, stillPaused))[0]).toMatchObject({ atRisk: false, breachedAt: null, pausedWorkingDays: 0 });
  });

  it('a step at risk that pauses is not at risk while paused, and at risk again when it resumes, without a second event', async () => {
    const saga = await instance({ stuckAfterMs: 60 * 24 * HOUR });
    const caseId = randomUUID();
    await clockAt('2026-03-02T09:00:00+08:00');
    await change(saga, step({ caseId }));
    await clockAt('2026-03-13T00:00:30+08:00');
    expect(await saga.ticker.tick()).toEqual({ fired: 1, failed: 0 });
    expect((await clocksOf(saga, caseId))[0]!.atRisk).toBe(true);

    await clockAt('2026-03-13T10:00:00+08:00');
    await change(saga, step({ caseId, state: 'awaiting_applicant', waitingFor: ['bank-account'], reasonCode: 'ACCOUNT_CLOSED', changedAt: '2026-03-13T10:00:00+08:00' }));
    expect((await clocksOf(saga, caseId))[0]!.atRisk).toBe(false);
    await clockAt('2026-03-18T09:00:00+08:00');
    expect(await saga.ticker.tick()).toEqual({ fired: 0, failed: 0 });

    // Resumed Wed 18 Mar: Mon 16, Tue 17 and Wed 18 were paused; the same 2 working days are left as when it paused.
    await change(saga, step({ caseId, state: 'in_progress', changedAt: '2026-03-18T09:00:00+08:00' }));
    expect((await clocksOf(saga, caseId))[0]).toMatchObject({ pausedWorkingDays: 3, deadline: '2026-03-19T16:00:00.000Z' });
    expect(await saga.ticker.tick()).toEqual({ fired: 1, failed: 0 });
    expect((await clocksOf(saga, caseId))[0]!.atRisk).toBe(true);
    expect(timeline.typesOf(caseId)).toEqual(['sla-at-risk', 'sla-at-risk']);
    await relayed(Topics.caseSlaAtRiskV1, 1);
  });

  it('timers survive a restart: scheduled by one instance, fired once by the next', async () => {
    const first = await instance();
    const caseId = randomUUID();
    await clockAt('2026-03-02T09:00:00+08:00');
    await change(first, step({ caseId, item: 'birth-certificate' }));
    first.ticker.start();
    await first.ticker.stop();
    await first.db.destroy();

    const second = await instance();
    second.ticker.start();
    // The certificate's target is 1 working day: due Tue 3 Mar 24:00.
    await clockAt('2026-03-04T00:00:30+08:00');
    await relayed(Topics.caseSlaBreachedV1, 1);
    const [breach] = await eventsOn<CaseSlaBreachedV1>(Topics.caseSlaBreachedV1);
    expect(breach!.payload).toMatchObject({ item: 'birth-certificate', responsibleDepartment: 'birth-certificate', deadline: '2026-03-04T00:00:00+08:00' });
  });

  it('a voided case: a step not revoked in time gets revoke, then an escalation; a revoked step gets nothing', async () => {
    const saga = await instance({ revokeAfterMs: HOUR, revokeEscalateAfterMs: 24 * HOUR });
    const caseId = randomUUID();
    await clockAt('2026-03-03T09:00:00+08:00');
    const certificate = step({ caseId, item: 'birth-certificate', state: 'done', changedAt: '2026-03-02T10:00:00+08:00' });
    const allowance = step({ caseId });
    await change(saga, certificate);
    await change(saga, allowance);
    await saga.db.transaction((m) => saga.clocks.onCaseVoided(m, caseId, '2026-03-03T09:00:00+08:00', [certificate, allowance]));
    expect((await pendingTimers(caseId)).map((t) => [t.kind, t.step])).toEqual([
      ['compensation-due', 'birth-certificate'],
      ['compensation-due', 'maternity-allowance'],
    ]);
    await change(saga, { ...certificate, state: 'revoked', changedAt: '2026-03-03T09:20:00+08:00' });

    await clockAt('2026-03-03T10:01:00+08:00');
    expect(await saga.ticker.tick()).toEqual({ fired: 1, failed: 0 });
    await relayed(Topics.maternityAllowanceCommandsV1, 1);
    const [revoke] = await eventsOn<DepartmentCommandV1>(Topics.maternityAllowanceCommandsV1);
    expect(revoke!.caseId).toBe(caseId);
    expect(revoke!.payload).toMatchObject({ command: 'revoke', reasonCode: 'BIRTH_VOIDED' });
    expect(await ns.messageCount(Topics.birthCertificateCommandsV1.name)).toBe(0);

    await clockAt('2026-03-04T10:02:00+08:00');
    expect(await saga.ticker.tick()).toEqual({ fired: 1, failed: 0 });
    await relayed(Topics.caseStepEscalatedV1, 1);
    const [escalation] = await eventsOn<CaseStepEscalatedV1>(Topics.caseStepEscalatedV1);
    expect(escalation!.payload).toMatchObject({ reason: 'compensation-unconfirmed', item: 'maternity-allowance', responsibleDepartment: 'maternity-allowance', commandsSent: 1 });
    expect(timeline.typesOf(caseId)).toEqual(['revoke-sent', 'step-escalated']);
    // No SLA event for a voided case, however late.
    await clockAt('2026-04-30T00:00:00+08:00');
    expect(await saga.ticker.tick()).toEqual({ fired: 0, failed: 0 });
    expect(await ns.messageCount(Topics.caseSlaBreachedV1.name)).toBe(0);
  });

  it('a stuck step gets retry-step, then an escalation; a step that moves on after its retry does not', async () => {
    const saga = await instance({ stuckAfterMs: 24 * HOUR, stuckEscalateAfterMs: 24 * HOUR });
    const [stuck, unstuck] = [randomUUID(), randomUUID()];
    await clockAt('2026-03-02T09:00:00+08:00');
    await change(saga, step({ caseId: stuck, item: 'household-registration' }));
    await change(saga, step({ caseId: unstuck, item: 'household-registration' }));

    await clockAt('2026-03-03T09:01:00+08:00');
    expect(await saga.ticker.tick()).toEqual({ fired: 2, failed: 0 });
    await relayed(Topics.householdRegistrationCommandsV1, 2);
    const retries = await eventsOn<DepartmentCommandV1>(Topics.householdRegistrationCommandsV1);
    expect(retries.map((r) => r.payload.command)).toEqual(['retry-step', 'retry-step']);
    expect(new Set(retries.map((r) => r.caseId))).toEqual(new Set([stuck, unstuck]));

    // The retry helped one of them: it reports progress.
    await clockAt('2026-03-03T12:00:00+08:00');
    await change(saga, step({ caseId: unstuck, item: 'household-registration', changedAt: '2026-03-03T12:00:00+08:00' }));
    await clockAt('2026-03-04T09:02:00+08:00');
    expect(await saga.ticker.tick()).toEqual({ fired: 1, failed: 0 });
    await relayed(Topics.caseStepEscalatedV1, 1);
    const [escalation] = await eventsOn<CaseStepEscalatedV1>(Topics.caseStepEscalatedV1);
    expect(escalation!.caseId).toBe(stuck);
    expect(escalation!.payload).toMatchObject({ reason: 'step-stuck', item: 'household-registration', responsibleDepartment: 'household-registration', commandsSent: 1, state: 'in_progress' });
    expect(timeline.typesOf(stuck)).toEqual(['retry-step-sent', 'step-escalated']);
    expect(timeline.typesOf(unstuck)).toEqual(['retry-step-sent']);
  });

  it('a deadline in a year with no calendar is provisional and escalated; loading the year on calendar.years.v1 recomputes it and records it on the case', async () => {
    const calendar = new Calendar(loadYearFiles());
    const saga = await instance({}, calendar);
    const provisional = new ProvisionalDeadlines(saga.db, saga.clocks, timeline);
    const recomputed: number[] = [];
    const feed = new ReferenceDataFeed({ bus: ns.bus, namer: ns.namer, serviceName: 'case-saga', calendar, policy });
    feed.onChange((c) => {
      if (c.kind === 'calendar') void provisional.recompute(`calendar ${c.year}.${c.version}`).then((n) => recomputed.push(n));
    });
    const caseId = randomUUID();
    await clockAt('2026-12-24T09:00:00+08:00');
    await change(saga, step({ caseId, prerequisitesMetAt: '2026-12-24T09:00:00+08:00', changedAt: '2026-12-24T09:00:00+08:00' }));
    // Fri 25 (1), Mon 28–Thu 31 (2–5), Fri 1 Jan 2027 counted as a weekday (6), Mon 4–Thu 7 (7–10).
    expect((await clocksOf(saga, caseId))[0]).toMatchObject({ deadline: '2027-01-07T16:00:00.000Z', provisional: true });
    await relayed(Topics.caseStepEscalatedV1, 1);
    const [escalation] = await eventsOn<CaseStepEscalatedV1>(Topics.caseStepEscalatedV1);
    expect(escalation!.payload).toMatchObject({ reason: 'calendar-year-missing', item: 'maternity-allowance' });

    feed.start();
    try {
      await producer.send([calendarYearMessage(ns, YEAR_2027, { importedBy: 'cli:saga-test' })]);
      await expectEventually(async () => expect((await clocksOf(saga, caseId))[0]).toMatchObject({ deadline: '2027-01-08T16:00:00.000Z', provisional: false }), { timeoutMs: 60_000 });
    } finally {
      await feed.stop();
    }
    await expectEventually(() => expect(recomputed).toEqual([1]));
    expect(timeline.entries.filter((e) => e.type === 'deadline-recomputed')).toEqual([
      {
        caseId,
        at: expect.any(String),
        type: 'deadline-recomputed',
        cause: 'maternity-allowance: calendar 2027.1 loaded, deadline 2027-01-08T00:00:00+08:00 (provisional, 2026.1+2027.none) -> 2027-01-09T00:00:00+08:00 (2026.1+2027.1)',
      },
    ]);
    expect((await pendingTimers(caseId)).find((t) => t.kind === 'breach')!.due_at.toISOString()).toBe('2027-01-08T16:00:00.000Z');
    // Once is enough: the same year again finds nothing provisional.
    expect(await provisional.recompute('calendar 2027.1')).toBe(0);
    expect(await ns.messageCount(Topics.caseStepEscalatedV1.name)).toBe(1);
  });
});
