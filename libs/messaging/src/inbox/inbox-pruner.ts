import type { DataSource } from 'typeorm';
import { pruneInbox } from './inbox-rows';

export interface InboxPrunerOptions {
  dataSource: DataSource;
  /** Rows older than this go (ServiceConfig checks at boot that it exceeds the redelivery window). */
  retentionMs: number;
  /** Default hourly; the first run comes one interval after start, not during boot. */
  intervalMs?: number;
  log?: (level: 'log' | 'warn', message: string) => void;
}

/**
 * Prunes the inbox on a timer. Every instance of a service may run one: the deletes take
 * batches of rows by ctid, so two instances at once only share the work.
 */
export class InboxPruner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(private readonly options: InboxPrunerOptions) {}

  start(): void {
    if (this.timer) return;
    const schedule = () => {
      this.timer = setTimeout(() => {
        void this.pruneNow().finally(() => this.timer && schedule());
      }, this.options.intervalMs ?? 3_600_000);
      this.timer.unref();
    };
    schedule();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One pass now; returns the rows removed (0 and a warning if the database is away: the next pass catches up). */
  async pruneNow(): Promise<number> {
    this.running = pruneInbox(this.options.dataSource, this.options.retentionMs);
    try {
      const removed = await this.running;
      if (removed > 0) this.options.log?.('log', `inbox: pruned ${removed} rows older than ${Math.round(this.options.retentionMs / 86_400_000)} days`);
      return removed;
    } catch (error) {
      this.options.log?.('warn', `inbox pruning failed: ${(error as Error).message}`);
      return 0;
    } finally {
      this.running = null;
    }
  }
}
