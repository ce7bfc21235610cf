import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { Topics, type CaseSlaBreachedV1 } from '@birth/contracts';
import { OutboxPublisher, OutboxRelay, type Producer } from '@birth/messaging';
import { expectEventually, TestNamespace } from '@birth/testing';
import { CreateCases1764000000200 } from '../migrations/1764000000200-create-cases';
import { CreateTimers1764000000300 } from '../migrations/1764000000300-create-timers';
import { sagaNow } from './saga-clock';
import { setTestClock, TestClockRefusedError } from './test-clock';
import { TimerScheduler, type ScheduleRequest } from './timer-scheduler';
import { TimerTicker, type FiredTimer, type TimerHandler } from './timer-ticker';

const migrations = [CreateCases1764000000200, CreateTimers1764000000300];
const topic = Topics.caseSlaBreachedV1;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The handler a breach timer will have: one `case.sla-breached.v1` per timer, through the outbox, in the tick's transaction. */
function breachHandler(publisher: OutboxPublisher, seen: FiredTimer[]): TimerHandler {
  return async (manager: EntityManager, timers: FiredTimer[]) => {
    await publisher.publishAll(
      manager,
      timers.map((timer) => ({
        topic,
        key: timer.caseId,
        caseId: timer.caseId,
        payload: {
          item: 'maternity-allowance',
          responsibleDepartment: 'maternity-allowance',
          startedAt: '2026-03-02T09:00:00+08:00',
          deadline: timer.dueAt.toISOString(),
          provisional: false,
          calendarVersion: '2026.1',
          pausedWorkingDays: 0,
          state: 'in_progress',
          breachedAt: timer.firedAt.toISOString(),
        } satisfies CaseSlaBreachedV1,
      })),
    );
    seen.push(...timers);
  };
}

describe('the saga timer engine (real PostgreSQL and Kafka)', () => {
  let ns: TestNamespace;
  let schema: string;
  let db: DataSource;
  const scheduler = new TimerScheduler();
  let publisher: OutboxPublisher;
  const tickers: TimerTicker[] = [];

  const ticker = (dataSource: DataSource, seen: FiredTimer[], options = {}): TimerTicker => {
    const made = new TimerTicker(dataSource, { breach: breachHandler(publisher, seen) }, options);
    tickers.push(made);
    return made;
  };
  const schedule = (request: Partial<ScheduleRequest> & Pick<ScheduleRequest, 'dueAt'>, dataSource = db) =>
    dataSource.transaction((m) => scheduler.schedule(m, { caseId: randomUUID(), step: 'maternity-allowance', kind: 'breach', ...request }));
  const count = async (sql: string): Promise<number> => Number((await ns.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".${sql}`))[0]!.n);

  beforeEach(async () => {
    ns = await TestNamespace.create([topic]);
    schema = await ns.createSchema('saga', migrations);
    db = await ns.dataSource(schema, migrations);
    publisher = new OutboxPublisher('case-saga', ns.namer);
  });

  afterEach(async () => {
    jest.useRealTimers();
    await Promise.all(tickers.splice(0).map((t) => t.stop()));
    await ns.dispose();
  });

  it('fires a timer once the saga clock passes its due time, not before, and only once', async () => {
    const now = await sagaNow(db);
    const caseId = randomUUID();
    expect(await schedule({ caseId, dueAt: new Date(now.getTime() + 3 * DAY) })).toBe('scheduled');
    const seen: FiredTimer[] = [];
    const t = ticker(db, seen);

    expect(await t.tick()).toEqual({ fired: 0, failed: 0 });
    await setTestClock(db, { advanceByMs: 3 * DAY - MINUTE });
    expect(await t.tick()).toEqual({ fired: 0, failed: 0 });
    await setTestClock(db, { advanceByMs: 2 * MINUTE });
    expect(await t.tick()).toEqual({ fired: 1, failed: 0 });
    expect(await t.tick()).toEqual({ fired: 0, failed: 0 });

    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ caseId, step: 'maternity-allowance', kind: 'breach', attempts: 1 });
    expect(seen[0]!.firedAt.getTime()).toBeGreaterThanOrEqual(now.getTime() + 3 * DAY);
    expect(await count(`timers WHERE state = 'fired'`)).toBe(1);
    expect(await count(`outbox`)).toBe(1);
  });

  it('is idempotent per (case, step, kind): scheduling again moves the due time, a fired timer stays fired unless re-armed', async () => {
    const now = await sagaNow(db);
    const caseId = randomUUID();
    const at = (ms: number) => new Date(now.getTime() + ms);
    expect(await schedule({ caseId, dueAt: at(DAY), payload: { v: 1 } })).toBe('scheduled');
    expect(await schedule({ caseId, dueAt: at(DAY), payload: { v: 1 } })).toBe('unchanged');
    // A pause moved the deadline by two days.
    expect(await schedule({ caseId, dueAt: at(3 * DAY), payload: { v: 2 } })).toBe('moved');
    expect(await count(`timers`)).toBe(1);

    const seen: FiredTimer[] = [];
    const t = ticker(db, seen);
    await setTestClock(db, { advanceByMs: 2 * DAY });
    expect((await t.tick()).fired).toBe(0);
    await setTestClock(db, { advanceByMs: 2 * DAY });
    expect((await t.tick()).fired).toBe(1);
    expect(seen[0]!.payload).toEqual({ v: 2 });
    expect(seen[0]!.dueAt.getTime()).toBe(at(3 * DAY).getTime());

    expect(await schedule({ caseId, dueAt: at(5 * DAY) })).toBe('already-fired');
    await setTestClock(db, { advanceByMs: 2 * DAY });
    expect((await t.tick()).fired).toBe(0);
    expect(await db.transaction((m) => scheduler.schedule(m, { caseId, step: 'maternity-allowance', kind: 'breach', dueAt: at(5 * DAY) }, { rearm: true }))).toBe('moved');
    expect((await t.tick()).fired).toBe(1);
    expect(seen.map((s) => s.attempts)).toEqual([1, 2]);
  });

  it('cancel prevents firing; scheduling a cancelled timer again arms it', async () => {
    const now = await sagaNow(db);
    const caseId = randomUUID();
    const key = { caseId, step: 'maternity-allowance', kind: 'breach' } as const;
    await schedule({ caseId, dueAt: new Date(now.getTime() + DAY) });
    await schedule({ caseId, step: null, kind: 'breach', dueAt: new Date(now.getTime() + DAY) });
    expect(await db.transaction((m) => scheduler.cancel(m, key))).toBe(true);
    expect(await db.transaction((m) => scheduler.cancel(m, key))).toBe(false);

    const seen: FiredTimer[] = [];
    const t = ticker(db, seen);
    await setTestClock(db, { advanceByMs: 2 * DAY });
    expect((await t.tick()).fired).toBe(1);
    expect(seen.map((s) => s.step)).toEqual([null]);
    expect(await count(`timers WHERE state = 'cancelled'`)).toBe(1);

    expect(await schedule({ caseId, dueAt: new Date(now.getTime() + DAY) })).toBe('moved');
    expect((await t.tick()).fired).toBe(1);
    await expect(scheduler.cancel(db.manager, key)).rejects.toThrow(/inside the caller's transaction/);
  });

  it('ignores the process clock: a Date far ahead fires nothing early, and jumping back and forth fires nothing twice', async () => {
    const now = await sagaNow(db);
    await schedule({ dueAt: new Date(now.getTime() + 10 * DAY) });
    const seen: FiredTimer[] = [];
    const t = ticker(db, seen);

    // Only Date is faked: the database driver's sockets and timers run as usual.
    const onlyDate: Parameters<typeof jest.useFakeTimers>[0] = {
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
      now: now.getTime() + 365 * DAY,
    };
    jest.useFakeTimers(onlyDate);
    expect(Date.now()).toBeGreaterThan(now.getTime() + 300 * DAY);
    expect((await t.tick()).fired).toBe(0);

    jest.setSystemTime(now.getTime() - 365 * DAY);
    await setTestClock(db, { advanceByMs: 11 * DAY });
    expect((await t.tick()).fired).toBe(1);
    jest.setSystemTime(now.getTime() + 365 * DAY);
    expect((await t.tick()).fired).toBe(0);
    jest.useRealTimers();

    expect(seen).toHaveLength(1);
    expect(seen[0]!.firedAt.getTime()).toBeGreaterThanOrEqual(now.getTime() + 10 * DAY);
    expect(seen[0]!.firedAt.getTime()).toBeLessThan(now.getTime() + 12 * DAY);
  });

  it('timers survive a restart: scheduled under one DataSource and ticker, fired once by the next', async () => {
    const first = await ns.dataSource(schema, migrations);
    const now = await sagaNow(first);
    const caseId = randomUUID();
    await schedule({ caseId, dueAt: new Date(now.getTime() + DAY) }, first);
    const before: FiredTimer[] = [];
    const old = ticker(first, before, { idleMs: 50 });
    old.start();
    await old.stop();
    await first.destroy();
    expect(before).toHaveLength(0);

    const second = await ns.dataSource(schema, migrations);
    const after: FiredTimer[] = [];
    const restarted = ticker(second, after, { idleMs: 50 });
    restarted.start();
    await setTestClock(second, { advanceByMs: 2 * DAY });
    await expectEventually(() => expect(after).toHaveLength(1));
    await restarted.stop();
    expect(after[0]!.caseId).toBe(caseId);
    expect(await count(`timers WHERE state = 'fired'`)).toBe(1);
    expect(await count(`outbox`)).toBe(1);
  });

  it('two saga instances (two DataSources) fire 2,000 timers due at once exactly once each, and the events reach Kafka once each', async () => {
    const N = 2_000;
    const now = await sagaNow(db);
    const dueAt = new Date(now.getTime() + DAY);
    const caseIds = Array.from({ length: N }, () => randomUUID());
    await db.query(
      `INSERT INTO timers (case_id, step, kind, due_at, scheduled_at) SELECT id, 'maternity-allowance', 'breach', $2, now() FROM unnest($1::uuid[]) AS id`,
      [caseIds, dueAt.toISOString()],
    );
    const [a, b] = [await ns.dataSource(schema, migrations), await ns.dataSource(schema, migrations)];
    const seenA: FiredTimer[] = [];
    const seenB: FiredTimer[] = [];
    const tickerA = ticker(a, seenA, { batchSize: 50, idleMs: 20 });
    const tickerB = ticker(b, seenB, { batchSize: 50, idleMs: 20 });
    const producer: Producer = ns.bus.producer();
    await producer.connect();
    const relay = new OutboxRelay({ connection: { connectionString: ns.databaseUrl }, schema, producer });
    relay.start();
    try {
      tickerA.start();
      tickerB.start();
      await setTestClock(db, { advanceByMs: DAY + MINUTE });
      await expectEventually(async () => expect(await count(`timers WHERE state = 'pending'`)).toBe(0), { timeoutMs: 60_000 });
      await tickerA.stop();
      await tickerB.stop();

      expect(seenA.length + seenB.length).toBe(N);
      expect(seenA.length).toBeGreaterThan(0);
      expect(seenB.length).toBeGreaterThan(0);
      expect(new Set([...seenA, ...seenB].map((t) => t.caseId)).size).toBe(N);
      expect(await count(`timers WHERE state = 'fired' AND attempts = 1`)).toBe(N);
      expect(await count(`outbox`)).toBe(N);
      const [keyCount] = await ns.query<{ n: string }>(`SELECT count(DISTINCT message_key) AS n FROM "${schema}".outbox`);
      expect(Number(keyCount!.n)).toBe(N);
      await expectEventually(async () => expect(await ns.messageCount(topic.name)).toBe(N), { timeoutMs: 60_000 });
      const keys = new Set((await ns.readAll(topic.name)).map((m) => m.key?.toString()));
      expect(keys).toEqual(new Set(caseIds));
    } finally {
      await relay.stop();
      await producer.disconnect();
    }
  });

  it('a handler that fails rolls its batch back; the others fire one by one and the failing timer is put back with a backoff', async () => {
    const now = await sagaNow(db);
    const bad = randomUUID();
    for (const caseId of [randomUUID(), bad, randomUUID()]) await schedule({ caseId, dueAt: new Date(now.getTime() + MINUTE) });
    const seen: FiredTimer[] = [];
    const failures: string[] = [];
    const handler = breachHandler(publisher, seen);
    const t = new TimerTicker(
      db,
      {
        breach: async (manager, timers) => {
          if (timers.some((timer) => timer.caseId === bad)) throw new Error('department unknown');
          await handler(manager, timers);
        },
      },
      { backoffMs: 60_000, onFailure: (timer) => failures.push(timer.caseId) },
    );
    await setTestClock(db, { advanceByMs: 2 * MINUTE });
    expect(await t.tick()).toEqual({ fired: 2, failed: 1 });
    expect(failures).toEqual([bad]);
    expect(await count(`outbox`)).toBe(2);
    const [row] = await ns.query<{ state: string; attempts: number; last_error: string; due_at: Date }>(
      `SELECT state, attempts, last_error, due_at FROM "${schema}".timers WHERE case_id = $1`,
      [bad],
    );
    expect(row).toMatchObject({ state: 'pending', attempts: 1, last_error: 'department unknown' });
    expect(row!.due_at.getTime()).toBeGreaterThan(now.getTime() + 2 * MINUTE + 50_000);
    expect(await t.tick()).toEqual({ fired: 0, failed: 0 });
  });

  it('the test clock refuses to run with NODE_ENV=production, and the table refuses any session but the test clock', async () => {
    const saved = process.env['NODE_ENV'];
    process.env['NODE_ENV'] = 'production';
    try {
      await expect(setTestClock(db, { advanceByMs: DAY })).rejects.toBeInstanceOf(TestClockRefusedError);
    } finally {
      process.env['NODE_ENV'] = saved;
    }
    await expect(db.query(`UPDATE saga_clock SET clock_offset = interval '1 day'`)).rejects.toThrow(/saga_clock is set only by the test-only setTestClock/);
    const before = await sagaNow(db);
    expect(Math.abs(before.getTime() - Date.now())).toBeLessThan(MINUTE);
    const moved = await setTestClock(db, { at: new Date('2030-01-02T00:00:00Z') });
    expect(Math.abs(moved.getTime() - Date.parse('2030-01-02T00:00:00Z'))).toBeLessThan(1_000);
    await setTestClock(db, { reset: true });
    expect(Math.abs((await sagaNow(db)).getTime() - Date.now())).toBeLessThan(MINUTE);
  });
});
