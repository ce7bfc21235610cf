import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { ConsoleCaseSummary, ConsoleDashboard } from '@birth/contracts';
import { ServiceConfig } from '@birth/platform';
import type { GatewayConfig } from '../config';
import { ConsoleSessions, type ConsoleUser } from '../console-auth';
import { ConsoleCases } from './console-cases.service';
import { ConsoleOperations } from './console-operations.service';
import { summaryOf } from './domain/case-page';
import { sameFigures } from './domain/dashboard';

type DashboardListener = (dashboard: ConsoleDashboard) => void;

/**
 * One poller of the dashboard for every open stream: it reads the saga while anyone listens and
 * tells the listeners when a figure changed (a new listener hears the latest at once).
 */
@Injectable()
export class ConsoleLive implements OnModuleDestroy {
  private readonly logger = new Logger('ConsoleLive');
  private readonly listeners = new Set<DashboardListener>();
  private latest: ConsoleDashboard | null = null;
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  /** CONSOLE_EVENTS_POLL_MS and CONSOLE_EVENTS_HEARTBEAT_MS (console-api.config.ts). */
  readonly timings: { pollMs: number; heartbeatMs: number };

  constructor(
    private readonly operations: ConsoleOperations,
    private readonly cases: ConsoleCases,
    private readonly sessions: ConsoleSessions,
    config: ServiceConfig,
  ) {
    const gateway = config as GatewayConfig;
    this.timings = { pollMs: gateway.CONSOLE_EVENTS_POLL_MS, heartbeatMs: gateway.CONSOLE_EVENTS_HEARTBEAT_MS };
  }

  onDashboard(listener: DashboardListener): () => void {
    this.listeners.add(listener);
    if (this.latest) listener(this.latest);
    if (!this.timer) {
      this.timer = setInterval(() => void this.poll(), this.timings.pollMs);
      void this.poll();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
        this.latest = null;
      }
    };
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const next = await this.operations.dashboard();
      if (!sameFigures(this.latest, next)) {
        this.latest = next;
        for (const listener of this.listeners) listener(next);
      }
    } catch (error) {
      this.logger.warn(`dashboard not refreshed: ${error instanceof Error ? error.name : 'error'}`);
    } finally {
      this.polling = false;
    }
  }

  /** The case as a list row, read again for a stream (the region was checked when the stream opened). */
  async caseSummary(user: ConsoleUser, caseId: string): Promise<ConsoleCaseSummary> {
    return summaryOf(await this.cases.visibleCase(user, caseId));
  }

  /** Whether the stream's session is still live (ConsoleSessions.isLive: without counting the stream as activity). */
  sessionLive(sessionId: string): Promise<boolean> {
    return this.sessions.isLive(sessionId);
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.listeners.clear();
  }
}
