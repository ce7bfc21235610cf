import type { DataSource } from 'typeorm';

export interface OutageRecoveryHooks {
  /** Stop fetching (the consumer's topics). */
  pause(): void;
  /** Fetch again. */
  resume(): void;
  /** False once the consumer is stopping: recovery gives up. */
  running(): boolean;
  log?: (level: 'log' | 'warn', message: string) => void;
}

/**
 * The consumer's pause on an outage that is not the message's fault (database or broker
 * away): it stops fetching and probes until it can go on.
 */
export class OutageRecovery {
  private reason: string | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly hooks: OutageRecoveryHooks,
  ) {}

  get paused(): boolean {
    return this.reason !== null;
  }

  get pauseReason(): string | null {
    return this.reason;
  }

  async databaseAnswers(): Promise<boolean> {
    try {
      await this.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  pause(reason: string): void {
    if (this.reason !== null) return;
    this.reason = reason;
    this.hooks.log?.('warn', `paused: ${reason}`);
    this.hooks.pause();
    void this.recover();
  }

  /**
   * Probes the database with backoff and resumes once it answers. Kafka is not probed: if the
   * dead-letter topic is still unreachable, the rewound message fails to park again and the
   * consumer pauses once more (the client itself reconnects its fetches).
   */
  private async recover(): Promise<void> {
    let delay = 250;
    while (this.hooks.running()) {
      await sleep(delay);
      delay = Math.min(delay * 2, 5_000);
      if (!(await this.databaseAnswers())) continue;
      this.reason = null;
      this.hooks.log?.('log', 'resumed');
      this.hooks.resume();
      return;
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
