import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';

/**
 * Runs `pass` again and again: at once while it finds work, else after `idleMs` or when woken.
 * A failing pass (the database away) is reported and retried after `idleMs`. stop() waits for
 * the pass in hand, so the pool is not closed under it.
 */
export class PollingLoop {
  private running = false;
  private current: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private woken = false;

  constructor(
    private readonly pass: () => Promise<number>,
    private readonly idleMs: number,
    private readonly onError: (error: Error) => void,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.current = this.run();
  }

  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.current;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let found = 0;
      this.woken = false;
      try {
        found = await this.pass();
      } catch (error) {
        this.onError(error as Error);
      }
      if (found === 0 && this.running && !this.woken) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, this.idleMs);
      this.wakeUp = done;
    });
  }
}

/**
 * A background worker of the bank: `pass()` runs in a PollingLoop from bootstrap until
 * shutdown (before the pool closes); wake() asks for a pass now, when new work was just stored.
 */
export abstract class PollingWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger: Logger;
  private readonly loop: PollingLoop;

  constructor(name: string, idleMs: number) {
    this.logger = new Logger(name);
    this.loop = new PollingLoop(() => this.pass(), idleMs, (e) => this.logger.warn(`pass failed: ${e.message}`));
  }

  /** One round of work; answers how many items it handled (0: idle until woken or idleMs). */
  abstract pass(): Promise<number>;

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  wake(): void {
    this.loop.wake();
  }
}
