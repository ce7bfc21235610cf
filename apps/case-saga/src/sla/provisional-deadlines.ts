import type { DataSource } from 'typeorm';
import type { CaseTimeline } from '../ports/step-clock-port';
import { sagaNow } from '../timers';
import { chinaInstant } from './domain/step-clock';
import type { SlaStepClocks } from './sla-step-clocks';
import { StepClockStore } from './step-clock-store';

const BATCH = 200;

/**
 * When a calendar year is loaded (calendar.years.v1), every provisional deadline is recomputed on
 * the calendar as it now is, its timers moved, and the change recorded on the case
 * (`deadline-recomputed`). Batches of clocks are locked `SKIP LOCKED` in keyset order, so several
 * saga instances that got the same year share the work, and a clock still provisional (its
 * deadline reaches a year still missing) is passed over, not read again.
 */
export class ProvisionalDeadlines {
  private readonly store = new StepClockStore();

  constructor(
    private readonly dataSource: DataSource,
    private readonly clocks: SlaStepClocks,
    private readonly timeline: CaseTimeline,
  ) {}

  /** Returns how many deadlines changed. `loaded` names what was loaded, for the timeline (`calendar 2027.1`). */
  async recompute(loaded: string): Promise<number> {
    let after: { caseId: string; item: string } | null = null;
    let changed = 0;
    for (;;) {
      const batch: { last: { caseId: string; item: string } | null; changed: number } = await this.dataSource.transaction(async (manager) => {
        const clocks = await this.store.lockProvisional(manager, after, BATCH);
        const now = await sagaNow(manager);
        let moved = 0;
        for (const clock of clocks) {
          const record = await this.clocks.recompute(manager, clock);
          if (record.deadline === clock.deadline && record.provisional === clock.provisional) continue;
          moved++;
          const from = clock.deadline ? chinaInstant(new Date(clock.deadline)) : 'none';
          const to = record.deadline ? chinaInstant(new Date(record.deadline)) : 'none';
          await this.timeline.record(manager, clock.caseId, {
            at: now.toISOString(),
            type: 'deadline-recomputed',
            cause: `${clock.item}: ${loaded} loaded, deadline ${from} (provisional, ${clock.calendarVersion}) -> ${to}${record.provisional ? ' (still provisional)' : ''} (${record.calendarVersion})`,
          });
        }
        const last = clocks.at(-1);
        return { last: last ? { caseId: last.caseId, item: last.item } : null, changed: moved };
      });
      changed += batch.changed;
      if (batch.last === null) return changed;
      after = batch.last;
    }
  }
}
