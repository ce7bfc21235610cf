import { DataSource } from 'typeorm';
import { setTestClock } from '../../apps/case-saga/src/timers/test-clock';

// --days-per-minute: the saga's clock (its database clock, saga_clock.clock_offset) moved ahead
// through the saga's test-only setTestClock, a little every second, so N days pass per minute of
// the run and deadlines, at-risk and breach timers fire within it. Demo configuration only:
// the arguments refuse the flag with NODE_ENV=production, and so does setTestClock itself.

const TICK_MS = 1_000;

export class SagaDemoClock {
  private timer: NodeJS.Timeout | null = null;
  private last = Date.now();
  private advancing: Promise<unknown> = Promise.resolve();
  /** How far the saga's clock was moved, in ms. */
  movedMs = 0;

  private constructor(
    private readonly dataSource: DataSource,
    private readonly daysPerMinute: number,
  ) {}

  static async connect(url: string, schema: string, daysPerMinute: number): Promise<SagaDemoClock> {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('CASE_SAGA_DATABASE_SCHEMA must be a lower-case SQL identifier');
    const dataSource = await new DataSource({ type: 'postgres', url, schema, extra: { max: 1, options: `-c search_path=${schema}` } }).initialize();
    return new SagaDemoClock(dataSource, daysPerMinute);
  }

  /** Saga-clock milliseconds per wall-clock millisecond. */
  get speed(): number {
    return (this.daysPerMinute * 86_400_000) / 60_000;
  }

  start(): void {
    this.last = Date.now();
    this.timer = setInterval(() => {
      const now = Date.now();
      // The saga's clock already runs at real speed; only the extra is added.
      const extra = (now - this.last) * (this.speed - 1);
      this.last = now;
      if (extra <= 0) return;
      this.advancing = this.advancing.then(() => this.advanceOnce(extra)).catch((error: Error) => (this.failure ??= error.message));
    }, TICK_MS);
  }

  /** Why moving the clock failed, if it did (the run's summary says so). */
  failure: string | null = null;

  /** Moves the saga's clock `ms` ahead once. */
  async advanceOnce(ms: number): Promise<void> {
    await setTestClock(this.dataSource, { advanceByMs: ms });
    this.movedMs += ms;
  }

  /** Stops moving the clock (the saga keeps the offset it has: its deadlines stay consistent). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.advancing.catch(() => undefined);
    await this.dataSource.destroy();
  }
}
