import type { EntityManager } from 'typeorm';
import { formatChinaDay, chinaDayOf, type Calendar } from '@birth/calendar';
import { Topics, type ApplicationItem } from '@birth/contracts';
import type { OutboxPublisher } from '@birth/messaging';
import type { PolicyStore, PolicyValues } from '@birth/policy';
import { StepClocks, type StepClockView, type StepSnapshot } from '../ports/step-clock-port';
import { sagaNow, TimerScheduler } from '../timers';
import { applyClock, planStepChange, type ClockPlan, type StepClockRecord } from './domain/step-plan';
import { escalatedEvent } from './sla-events';
import type { SlaSettings } from './sla-settings';
import { StepClockStore, type StoredClock } from './step-clock-store';

/** Where each item's target lives in the rules (`sla.<key>`). */
const SLA_RULE: Record<ApplicationItem, keyof PolicyValues['sla']> = {
  'birth-certificate': 'birthCertificate',
  'household-registration': 'householdRegistration',
  'medical-insurance': 'medicalInsurance',
  'social-security-card': 'socialSecurityCard',
  'maternity-allowance': 'maternityAllowance',
};

/**
 * The rules' target for a step: by the case's region and the rule version the department
 * recorded (the version in effect on the start's China date when it recorded none or one this
 * process does not hold).
 */
export function slaTargetOf(policy: Pick<PolicyStore, 'rulesFor' | 'document'>, step: StepSnapshot, startedAt: Date): number {
  const onDate = formatChinaDay(chinaDayOf(startedAt));
  const version = step.ruleVersion !== null && /^\d+$/.test(step.ruleVersion) ? Number(step.ruleVersion) : undefined;
  const known = version !== undefined && policy.document(version) !== undefined;
  return policy.rulesFor(step.regionCode, onDate, known ? { version } : {}).values.sla[SLA_RULE[step.item]];
}

export interface SlaDependencies {
  readonly settings: SlaSettings;
  readonly calendar: Calendar;
  readonly policy: Pick<PolicyStore, 'rulesFor' | 'document'>;
  readonly publisher: OutboxPublisher;
}

/**
 * The SLA side of the seam (ports/step-clock-port.ts): every change of a step starts, pauses,
 * resumes or stops its clock in `step_clocks` and moves its timers, in the caller's transaction.
 */
export class SlaStepClocks extends StepClocks {
  private readonly store = new StepClockStore();
  private readonly scheduler = new TimerScheduler();

  constructor(private readonly deps: SlaDependencies) {
    super();
  }

  async onStepChanged(manager: EntityManager, _before: StepSnapshot | null, after: StepSnapshot): Promise<void> {
    const stored = await this.store.lockOne(manager, after.caseId, after.item);
    const plan = planStepChange(stored, after, {
      calendar: this.deps.calendar,
      targetOf: (step, startedAt) => slaTargetOf(this.deps.policy, step, startedAt),
      atRiskWorkingDays: this.deps.settings.atRiskWorkingDays,
    });
    if (!plan) return;
    await this.store.save(manager, plan.record);
    await this.moveDeadlineTimers(manager, plan);
    const key = { caseId: after.caseId, step: after.item };
    if (plan.stuck === 'rearm') {
      const now = await sagaNow(manager);
      await this.scheduler.schedule(manager, { ...key, kind: 'stuck', dueAt: new Date(now.getTime() + this.deps.settings.stuckAfterMs) }, { rearm: true });
      await this.scheduler.cancel(manager, { ...key, kind: 'stuck-escalation' });
    } else if (plan.stuck === 'cancel') {
      await this.scheduler.cancel(manager, { ...key, kind: 'stuck' });
      await this.scheduler.cancel(manager, { ...key, kind: 'stuck-escalation' });
    }
    if (plan.compensationSettled) {
      await this.scheduler.cancel(manager, { ...key, kind: 'compensation-due' });
      await this.scheduler.cancel(manager, { ...key, kind: 'compensation-escalation' });
    }
  }

  async onCaseVoided(manager: EntityManager, caseId: string, at: string, steps: readonly StepSnapshot[]): Promise<void> {
    const now = await sagaNow(manager);
    for (const step of steps) {
      const stored = await this.store.lockOne(manager, caseId, step.item);
      const base: StepClockRecord = stored ?? {
        caseId,
        item: step.item,
        regionCode: step.regionCode,
        ruleVersion: step.ruleVersion,
        state: step.state,
        targetWorkingDays: null,
        startedAt: null,
        pauses: [],
        deadline: null,
        lastWorkingDay: null,
        atRiskAt: null,
        provisional: false,
        calendarVersion: null,
        pausedWorkingDays: 0,
        atRisk: false,
        breachedAt: null,
        lastChangeAt: step.changedAt,
        voidedAt: null,
        provisionalEscalated: false,
      };
      if (base.voidedAt !== null) continue; // A redelivered void.
      const record: StepClockRecord = { ...base, state: stored?.state ?? step.state, voidedAt: at, atRisk: false };
      await this.store.save(manager, record);
      await this.scheduler.cancelAll(manager, caseId, step.item);
      if (record.state !== 'revoked') {
        await this.scheduler.schedule(manager, { caseId, step: step.item, kind: 'compensation-due', dueAt: new Date(now.getTime() + this.deps.settings.revokeAfterMs) });
      }
    }
  }

  async clocksOf(manager: EntityManager, caseIds: readonly string[]): Promise<StepClockView[]> {
    return this.store.views(manager, caseIds);
  }

  /**
   * Recomputes a stored clock on the calendar as it is now (a year was loaded) and moves its
   * timers; returns the recomputed record.
   */
  async recompute(manager: EntityManager, stored: StoredClock): Promise<StepClockRecord> {
    const plan = applyClock(stored, this.deps.calendar, this.deps.settings.atRiskWorkingDays);
    await this.store.save(manager, plan.record);
    await this.moveDeadlineTimers(manager, plan);
    return plan.record;
  }

  private async moveDeadlineTimers(manager: EntityManager, plan: ClockPlan): Promise<void> {
    const key = { caseId: plan.record.caseId, step: plan.record.item };
    for (const [kind, intent] of [
      ['at-risk', plan.atRisk],
      ['breach', plan.breach],
    ] as const) {
      if (intent === 'cancel') {
        await this.scheduler.cancel(manager, { ...key, kind });
        continue;
      }
      const outcome = await this.scheduler.schedule(manager, { ...key, kind, dueAt: intent.dueAt });
      // At risk before a pause and running again: the step is at risk again from its (moved)
      // at-risk instant, and the event is not sent twice: the re-armed timer only marks it.
      if (kind === 'at-risk' && outcome === 'already-fired' && !plan.record.atRisk) {
        await this.scheduler.schedule(manager, { ...key, kind, dueAt: intent.dueAt, payload: { notified: true } }, { rearm: true });
      }
    }
    if (plan.escalateProvisional) {
      const now = await sagaNow(manager);
      const [clock] = await this.store.lock(manager, [{ caseId: key.caseId, item: key.step }]);
      await this.deps.publisher.publish(manager, {
        topic: Topics.caseStepEscalatedV1,
        key: key.caseId,
        caseId: key.caseId,
        payload: escalatedEvent(clock!, 'calendar-year-missing', now, clock!.commandsSent),
      });
      await this.store.markProvisionalEscalated(manager, [{ caseId: key.caseId, item: key.step }]);
    }
  }
}
