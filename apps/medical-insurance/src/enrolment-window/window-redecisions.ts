import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { freshCausalContext, runWithCausalContext } from '@birth/messaging';
import { ItemRecorder, ReferenceData, ServiceConfig } from '@birth/platform';
import { coverageStart } from '../enrolment/domain/coverage';
import type { InsuranceFacts } from '../enrolment/enrolment-facts';
import type { MedicalInsuranceConfig } from '../config';
import { calendarVersionOutdated, redecideEnrolmentWindow, type EnrolmentWindowDecision } from './domain/enrolment-window';

const PAGE = 200;

/** What a pass was started by: a year off calendar.years.v1, or the service's start. */
interface RedecisionTrigger {
  /** The year loaded; null for the pass at start. */
  year: number | null;
  /** The calendar.years.v1 message's envelope id: the cause in the item's history; null at start. */
  cause: string | null;
  label: string;
}

/**
 * Counts the on-time windows again when the calendar they were counted on changes (issue 13):
 * a window decided while a year had no data (`provisional`, `<year>.none`) or on a version of a
 * year since replaced. The dates and the policy version stay those recorded; the row takes the new
 * last day, on-time flag and calendar version, and the item publishes `coverage-redecided`
 * (coverage start, `onTime`, `provisional`) with the calendar message as its cause.
 *
 * When it runs: on each year ReferenceData adds or replaces (also at every start, which re-reads
 * calendar.years.v1 from the beginning), once more `WINDOW_REDECISION_SETTLE_MS` later for a
 * birth whose transaction counted on the old calendar and committed after the first pass read the
 * table, and once at start for years that came with a release (repository files). Passes run one
 * at a time. Each window is re-decided in a transaction of its own under the item's lock, and
 * checked again there, so several instances that got the same year do each window once, and a
 * redelivered year (`unchanged`) does nothing.
 */
@Injectable()
export class WindowRedecisions implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WindowRedecisions');
  private readonly settleMs: number;
  private passes: Promise<unknown> = Promise.resolve();
  private readonly settleTimers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly items: ItemRecorder<InsuranceFacts>,
    private readonly referenceData: ReferenceData,
    config: ServiceConfig,
  ) {
    this.settleMs = (config as MedicalInsuranceConfig).WINDOW_REDECISION_SETTLE_MS;
  }

  onApplicationBootstrap(): void {
    this.referenceData.onChange((change) => {
      if (change.kind !== 'calendar') return;
      const trigger = { year: change.year, cause: change.messageId, label: `calendar ${change.year}.${change.version} ${change.outcome}` };
      this.schedule(trigger);
      const timer = setTimeout(() => {
        this.settleTimers.delete(timer);
        this.schedule({ ...trigger, label: `${trigger.label} (settled)` });
      }, this.settleMs);
      this.settleTimers.add(timer);
    });
    this.schedule({ year: null, cause: null, label: 'start' });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const timer of this.settleTimers) clearTimeout(timer);
    this.settleTimers.clear();
    await this.passes;
  }

  /** Runs a pass after those already queued; resolves when it is done (for tests and shutdown). */
  schedule(trigger: RedecisionTrigger): Promise<unknown> {
    this.passes = this.passes
      .then(() => this.pass(trigger))
      .then((changed) => {
        if (changed > 0 || trigger.year !== null) this.logger.log(`${trigger.label}: ${changed} enrolment windows re-decided`);
      })
      .catch((error: Error) => this.logger.error(`${trigger.label}: re-deciding enrolment windows failed: ${error.message}`));
    return this.passes;
  }

  /** Every window the calendar now counts otherwise; returns how many were re-decided. */
  private async pass(trigger: RedecisionTrigger): Promise<number> {
    let after = '00000000-0000-0000-0000-000000000000';
    let changed = 0;
    // The provisional rows (partial index), and on a loaded year also those that name it (a replaced version).
    const yearMark = trigger.year === null ? null : `${trigger.year}.`;
    while (!this.stopped) {
      const page = (await this.dataSource.query(
        `SELECT case_id, calendar_version FROM enrolment_windows
          WHERE case_id > $1 AND (provisional OR ($2::text IS NOT NULL AND strpos(calendar_version, $2::text) > 0))
          ORDER BY case_id LIMIT ${PAGE}`,
        [after, yearMark],
      )) as { case_id: string; calendar_version: string }[];
      for (const row of page) {
        if (this.stopped) break;
        if (!this.outdated(row.calendar_version)) continue;
        const context = { ...freshCausalContext(), causationId: trigger.cause };
        if (await runWithCausalContext(context, () => this.dataSource.transaction((manager) => this.redecide(manager, row.case_id, trigger.cause)))) changed++;
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.case_id;
    }
    return changed;
  }

  /** One window, under the item's lock; false when another pass (or instance) got there first. */
  private async redecide(manager: EntityManager, caseId: string, cause: string | null): Promise<boolean> {
    const item = await this.items.lock(manager, caseId);
    const [recorded] = (await manager.query(
      `SELECT region_code AS "regionCode", born_on::text AS "bornOn", applied_on::text AS "appliedOn", policy_version AS "policyVersion",
              calendar_version AS "calendarVersion"
         FROM enrolment_windows WHERE case_id = $1 FOR UPDATE`,
      [caseId],
    )) as Pick<EnrolmentWindowDecision, 'regionCode' | 'bornOn' | 'appliedOn' | 'policyVersion' | 'calendarVersion'>[];
    if (!recorded || !this.outdated(recorded.calendarVersion)) return false;
    const rules = this.referenceData.rulesFor(recorded.regionCode, recorded.appliedOn, { version: recorded.policyVersion });
    const calendar = this.referenceData.calendar;
    const window = redecideEnrolmentWindow(recorded, rules, (start, days) => calendar.endOfCalendarPeriod(start, days));
    await manager.query(
      `UPDATE enrolment_windows SET nominal_last_day = $2, last_day = $3, on_time = $4, provisional = $5, calendar_version = $6,
              redecided_at = now(), redecided_by_message = $7
        WHERE case_id = $1`,
      [caseId, window.nominalLastDay, window.lastDay, window.onTime, window.provisional, window.calendarVersion, cause],
    );
    // An item still waiting or enrolled carries the coverage; a rejected or revoked one keeps its end.
    if (item && (item.state === 'waiting' || item.state === 'done') && item.facts.outcome !== 'rejected') {
      await this.items.apply(manager, item, {
        change: 'coverage-redecided',
        state: item.state,
        reasonCode: item.reasonCode,
        reason: item.reason,
        waitingFor: item.waitingFor,
        facts: { onTime: window.onTime, coverageStart: coverageStart(window, rules.values.medicalInsurance), provisional: window.provisional },
        cause,
      });
    }
    return true;
  }

  private outdated(calendarVersion: string): boolean {
    const calendar = this.referenceData.calendar;
    return calendarVersionOutdated(calendarVersion, (year) => calendar.year(year)?.version);
  }
}
