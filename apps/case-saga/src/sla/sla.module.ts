import { Injectable, Logger, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DataSource, type EntityManager } from 'typeorm';
import { MessagingRuntime, ReferenceData, ServiceConfig } from '@birth/platform';
import type { CaseSagaConfig } from '../config';
import { CaseTimeline, StepClocks } from '../ports/step-clock-port';
import { TimerTicker } from '../timers';
import { ProvisionalDeadlines } from './provisional-deadlines';
import type { SlaSettings } from './sla-settings';
import { SlaStepClocks, type SlaDependencies } from './sla-step-clocks';
import { SlaTimerHandlers } from './sla-timer-handlers';

/** How long after a calendar year arrives the provisional deadlines are recomputed a second time (longer than a step change's transaction). */
const RECOMPUTE_SETTLE_MS = 10_000;

/** The SLA settings from the service's configuration (`SLA_*`). */
export function slaSettingsOf(config: CaseSagaConfig): SlaSettings {
  return {
    atRiskWorkingDays: config.SLA_AT_RISK_WORKING_DAYS,
    stuckAfterMs: config.SLA_STUCK_AFTER_MS,
    stuckEscalateAfterMs: config.SLA_STUCK_ESCALATE_AFTER_MS,
    revokeAfterMs: config.SLA_REVOKE_AFTER_MS,
    revokeEscalateAfterMs: config.SLA_REVOKE_ESCALATE_AFTER_MS,
  };
}

/**
 * The cases side provides CaseTimeline and imports this module for StepClocks: to keep the two
 * modules free of a cycle, the timeline is looked up when a timer first records on it.
 */
@Injectable()
export class LazyCaseTimeline extends CaseTimeline {
  private resolved: CaseTimeline | null = null;

  constructor(private readonly moduleRef: ModuleRef) {
    super();
  }

  record(manager: EntityManager, caseId: string, entry: { at: string; type: string; cause: string }): Promise<void> {
    this.resolved ??= this.moduleRef.get<CaseTimeline, CaseTimeline>(CaseTimeline, { strict: false });
    if (!this.resolved) throw new Error('no CaseTimeline provider in the application (the cases module provides it)');
    return this.resolved.record(manager, caseId, entry);
  }

  override recordAll(manager: EntityManager, entries: readonly { caseId: string; at: string; type: string; cause: string }[]): Promise<void> {
    this.resolved ??= this.moduleRef.get<CaseTimeline, CaseTimeline>(CaseTimeline, { strict: false });
    if (!this.resolved) throw new Error('no CaseTimeline provider in the application (the cases module provides it)');
    return this.resolved.recordAll(manager, entries);
  }
}

/** Runs the SLA timers (at-risk, breach, stuck, compensation) and recomputes provisional deadlines when a calendar year loads. */
@Injectable()
export class SlaTimers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('SlaTimers');
  private readonly ticker: TimerTicker;
  private readonly provisional: ProvisionalDeadlines;
  private recomputing: Promise<unknown> = Promise.resolve();
  private readonly settles = new Set<NodeJS.Timeout>();

  constructor(dataSource: DataSource, deps: SlaDependencies, clocks: SlaStepClocks, timeline: LazyCaseTimeline, config: ServiceConfig, private readonly referenceData: ReferenceData) {
    this.ticker = new TimerTicker(dataSource, new SlaTimerHandlers(deps, timeline).handlers(), {
      idleMs: (config as CaseSagaConfig).SLA_TICK_IDLE_MS,
      onFailure: (timer, error) => this.logger.warn(`timer ${timer.id} (${timer.kind}, case ${timer.caseId}) failed, attempt ${timer.attempts}: ${error instanceof Error ? error.message : String(error)}`),
    });
    this.provisional = new ProvisionalDeadlines(dataSource, clocks, timeline);
  }

  onApplicationBootstrap(): void {
    this.referenceData.onChange((change) => {
      if (change.kind !== 'calendar') return;
      const loaded = `calendar ${change.year}.${change.version} (calendar.years.v1 message ${change.messageId})`;
      this.recomputing = this.recomputing.then(() => this.recompute(loaded, 'at once'));
      // A step change that computed its deadline on the calendar before the year arrived may
      // commit after the first pass has read the provisional clocks: a second pass catches it.
      const settle = setTimeout(() => {
        this.settles.delete(settle);
        this.recomputing = this.recomputing.then(() => this.recompute(loaded, 'settled'));
      }, RECOMPUTE_SETTLE_MS);
      this.settles.add(settle);
    });
    this.ticker.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const settle of this.settles) clearTimeout(settle);
    await this.ticker.stop();
    await this.recomputing;
  }

  private async recompute(loaded: string, pass: string): Promise<void> {
    try {
      const changed = await this.provisional.recompute(loaded);
      this.logger.log(`${loaded} (${pass}): ${changed} provisional deadlines recomputed`);
    } catch (error) {
      this.logger.error(`${loaded} (${pass}): recomputing provisional deadlines failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

const SLA_DEPENDENCIES = 'SLA_DEPENDENCIES';

/**
 * The SLA half of the saga (issue 13): exports StepClocks for the cases side. Needs ServiceModule
 * (configuration, DataSource, MessagingRuntime, ReferenceData) and a CaseTimeline provider
 * somewhere in the application.
 */
@Module({
  providers: [
    {
      provide: SLA_DEPENDENCIES,
      inject: [ServiceConfig, ReferenceData, MessagingRuntime],
      useFactory: (config: ServiceConfig, referenceData: ReferenceData, runtime: MessagingRuntime): SlaDependencies => ({
        settings: slaSettingsOf(config as CaseSagaConfig),
        calendar: referenceData.calendar,
        policy: referenceData.policy,
        publisher: runtime.publisher,
      }),
    },
    { provide: SlaStepClocks, inject: [SLA_DEPENDENCIES], useFactory: (deps: SlaDependencies) => new SlaStepClocks(deps) },
    { provide: StepClocks, useExisting: SlaStepClocks },
    LazyCaseTimeline,
    {
      provide: SlaTimers,
      inject: [DataSource, SLA_DEPENDENCIES, SlaStepClocks, LazyCaseTimeline, ServiceConfig, ReferenceData],
      useFactory: (dataSource: DataSource, deps: SlaDependencies, clocks: SlaStepClocks, timeline: LazyCaseTimeline, config: ServiceConfig, referenceData: ReferenceData) =>
        new SlaTimers(dataSource, deps, clocks, timeline, config, referenceData),
    },
  ],
  exports: [StepClocks],
})
export class SlaModule {}
