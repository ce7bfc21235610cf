import type { DataSource } from 'typeorm';

// Test-only: moves the saga's clock (saga_clock.clock_offset) so deadline tests run in seconds.
// Production code never imports this file; the function refuses to run with NODE_ENV=production,
// and the table's trigger refuses any session that did not set `saga.test_clock` (only this does).

export class TestClockRefusedError extends Error {
  readonly code = 'TEST_CLOCK_REFUSED';
  constructor() {
    super('setTestClock is test-only and refuses to run with NODE_ENV=production / 测试时钟仅用于测试，生产环境（NODE_ENV=production）拒绝执行');
    this.name = 'TestClockRefusedError';
  }
}

export type TestClockSetting = { advanceByMs: number } | { at: Date } | { reset: true };

/**
 * Sets the saga's clock for every connection to this schema: `at` makes the saga's now that
 * instant (the offset to the database's `now()` is stored, so the clock keeps running from
 * there), `advanceByMs` adds to the current offset, `reset` returns to the database's clock.
 * Returns the saga's new now.
 */
export async function setTestClock(dataSource: DataSource, setting: TestClockSetting): Promise<Date> {
  if (process.env['NODE_ENV'] === 'production') throw new TestClockRefusedError();
  return dataSource.transaction(async (manager) => {
    await manager.query(`SELECT set_config('saga.test_clock', 'allowed', true)`);
    const offset =
      'reset' in setting
        ? { sql: `interval '0'`, params: [] }
        : 'at' in setting
          ? { sql: `$1::timestamptz - now()`, params: [setting.at.toISOString()] }
          : { sql: `clock_offset + make_interval(secs => $1::double precision / 1000)`, params: [setting.advanceByMs] };
    const rows: { now: Date }[] = await manager.query(
      `WITH moved AS (UPDATE saga_clock SET clock_offset = ${offset.sql} RETURNING now() + clock_offset AS now) SELECT now FROM moved`,
      offset.params,
    );
    return rows[0]!.now;
  });
}
