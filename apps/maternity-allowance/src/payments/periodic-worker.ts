/**
 * Runs `work` every `intervalMs`, one run at a time, at once again when a run says more is
 * waiting; stop() waits for the run in hand. A failed run is logged and tried at the next tick.
 */
export class PeriodicWorker {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly work: () => Promise<boolean>,
    private readonly log: { error(message: string): void },
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Runs now (e.g. a test or a wake-up), unless a run is in hand. */
  nudge(): void {
    if (!this.stopped && !this.running) this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.work()
        .catch((error: Error) => {
          this.log.error(`${this.name}: ${error.message}`);
          return false;
        })
        .then((more) => {
          this.running = undefined;
          if (!this.stopped) this.schedule(more ? 0 : this.intervalMs);
        });
    }, delayMs);
  }
}
