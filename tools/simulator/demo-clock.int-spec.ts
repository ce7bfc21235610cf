import { expectEventually, TestNamespace } from '@birth/testing';
import { service as caseSaga } from '../../apps/case-saga/src/service';
import { SagaDemoClock } from './demo-clock';

/** --days-per-minute on a real saga schema: the saga's database clock runs ahead as fast as asked. */
describe('the simulator\'s demo clock (the saga\'s test clock, PostgreSQL)', () => {
  let ns: TestNamespace;
  let schema: string;

  beforeAll(async () => {
    ns = await TestNamespace.create([]);
    schema = await ns.createSchema('case_saga', caseSaga.migrations);
  });

  afterAll(async () => {
    await ns?.dispose();
  });

  const sagaAheadMs = async () => Number((await ns.query<{ ms: string }>(`SELECT extract(epoch FROM clock_offset) * 1000 AS ms FROM "${schema}".saga_clock`))[0]!.ms);

  it('moves the saga\'s clock ahead by about N days per minute, and leaves it there when stopped', async () => {
    expect(await sagaAheadMs()).toBe(0);
    // 60 days a minute: a day a second.
    const clock = await SagaDemoClock.connect(ns.databaseUrl, schema, 60);
    expect(clock.speed).toBe(86_400);
    clock.start();
    try {
      await expectEventually(async () => expect(await sagaAheadMs()).toBeGreaterThan(2 * 86_400_000), { timeoutMs: 60_000, message: 'two days ahead' });
    } finally {
      await clock.stop();
    }
    const ahead = await sagaAheadMs();
    expect(Math.abs(ahead - clock.movedMs)).toBeLessThan(1);
    await new Promise((done) => setTimeout(done, 1_500));
    expect(await sagaAheadMs()).toBe(ahead);
  });

  it('is refused with NODE_ENV=production (the saga\'s setTestClock refuses)', async () => {
    const clock = await SagaDemoClock.connect(ns.databaseUrl, schema, 60);
    const before = process.env['NODE_ENV'];
    process.env['NODE_ENV'] = 'production';
    try {
      await expect(clock.advanceOnce(1_000)).rejects.toThrow(/TEST_CLOCK_REFUSED|refuses to run with NODE_ENV=production/);
    } finally {
      process.env['NODE_ENV'] = before;
      await clock.stop();
    }
  });
});
