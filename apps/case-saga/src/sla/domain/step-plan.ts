import type { Calendar } from '@birth/calendar';
import type { ItemState } from '@birth/contracts';
import type { StepSnapshot } from '../../ports/step-clock-port';
import { clockOf, type Pause } from './step-clock';

// What a step's change does to its SLA clock (DOMAIN.md §8), pure: the stored clock before, the
// step after, and what the timers must do. Storage and timers are the caller's (StepClockStore).

/** A step's clock as stored in `step_clocks`. Instants are ISO 8601 strings. */
export interface StepClockRecord {
  readonly caseId: string;
  readonly item: StepSnapshot['item'];
  readonly regionCode: string;
  readonly ruleVersion: string | null;
  readonly state: ItemState;
  /** The rules' target, fixed when the clock starts. */
  readonly targetWorkingDays: number | null;
  readonly startedAt: string | null;
  readonly pauses: readonly Pause[];
  readonly deadline: string | null;
  readonly lastWorkingDay: string | null;
  readonly atRiskAt: string | null;
  readonly provisional: boolean;
  readonly calendarVersion: string | null;
  readonly pausedWorkingDays: number;
  readonly atRisk: boolean;
  readonly breachedAt: string | null;
  /** The department's `changedAt` of the last change applied. */
  readonly lastChangeAt: string;
  readonly voidedAt: string | null;
  /** A `calendar-year-missing` escalation was sent for the current provisional deadline. */
  readonly provisionalEscalated: boolean;
}

/** States in which the step's work is over: the clock stops (a breach stays). */
export const STOPPED_STATES: readonly ItemState[] = ['done', 'rejected', 'forwarded', 'revoked'];

/** What a deadline timer must do: be (re)scheduled to fall due at `dueAt`, or be cancelled. */
export type DeadlineTimerIntent = { readonly dueAt: Date } | 'cancel';

export interface StepPlan extends ClockPlan {
  /** `rearm`: the step progressed and is being worked on, so the stuck timer starts again. */
  readonly stuck: 'rearm' | 'keep' | 'cancel';
  /** The step was revoked after a void: its compensation timers end. */
  readonly compensationSettled: boolean;
}

export interface PlanContext {
  readonly calendar: Calendar;
  /** The rules' target for the step (by region and rule version), asked once when its clock starts. */
  readonly targetOf: (step: StepSnapshot, startedAt: Date) => number;
  readonly atRiskWorkingDays: number;
}

/**
 * The clock after a change of the step. Null when the change is older than the one already
 * applied (out of order or redelivered): it changes nothing.
 */
export function planStepChange(before: StepClockRecord | null, step: StepSnapshot, context: PlanContext): StepPlan | null {
  if (before && Date.parse(step.changedAt) < Date.parse(before.lastChangeAt)) return null;
  const progressed = !before || before.state !== step.state || before.lastChangeAt !== step.changedAt;
  const startedAt = before?.startedAt ?? step.prerequisitesMetAt;
  const targetWorkingDays = before?.targetWorkingDays ?? (startedAt ? context.targetOf(step, new Date(startedAt)) : null);
  const pauses = nextPauses(before?.pauses ?? [], step);
  const base: StepClockRecord = {
    caseId: step.caseId,
    item: step.item,
    regionCode: step.regionCode,
    ruleVersion: step.ruleVersion,
    state: step.state,
    targetWorkingDays,
    startedAt,
    pauses,
    deadline: before?.deadline ?? null,
    lastWorkingDay: before?.lastWorkingDay ?? null,
    atRiskAt: before?.atRiskAt ?? null,
    provisional: before?.provisional ?? false,
    calendarVersion: before?.calendarVersion ?? null,
    pausedWorkingDays: before?.pausedWorkingDays ?? 0,
    atRisk: before?.atRisk ?? false,
    breachedAt: before?.breachedAt ?? null,
    lastChangeAt: step.changedAt,
    voidedAt: before?.voidedAt ?? null,
    provisionalEscalated: before?.provisionalEscalated ?? false,
  };
  const compensationSettled = base.voidedAt !== null && step.state === 'revoked';
  const clock = applyClock(base, context.calendar, context.atRiskWorkingDays);
  return {
    ...clock,
    stuck: clock.running && step.state === 'in_progress' ? (progressed ? 'rearm' : 'keep') : 'cancel',
    compensationSettled,
  };
}

/** A clock recomputed on the calendar as it is now, and what its deadline timers must do. */
export interface ClockPlan {
  readonly record: StepClockRecord;
  /** Started, not stopped, not voided, not paused. */
  readonly running: boolean;
  readonly atRisk: DeadlineTimerIntent;
  readonly breach: DeadlineTimerIntent;
  /** The deadline is provisional and running, and no `calendar-year-missing` was raised for it yet. */
  readonly escalateProvisional: boolean;
}

/**
 * Recomputes a stored clock's deadline from its start, target and pauses (after a change of the
 * step, or when a calendar year is loaded): at risk only while running, a breach stays.
 */
export function applyClock(base: StepClockRecord, calendar: Calendar, atRiskWorkingDays: number): ClockPlan {
  const stopped = STOPPED_STATES.includes(base.state) || base.voidedAt !== null;
  if (base.startedAt === null || base.targetWorkingDays === null) {
    return { record: { ...base, atRisk: false }, running: false, atRisk: 'cancel', breach: 'cancel', escalateProvisional: false };
  }
  const figures = clockOf(calendar, { startedAt: new Date(base.startedAt), targetWorkingDays: base.targetWorkingDays, pauses: base.pauses, atRiskWorkingDays });
  const paused = base.pauses.some((pause) => pause.to === null);
  const running = !stopped && !paused;
  const record: StepClockRecord = {
    ...base,
    deadline: figures.deadline.toISOString(),
    lastWorkingDay: figures.lastWorkingDay,
    atRiskAt: figures.atRiskAt.toISOString(),
    provisional: figures.provisional,
    calendarVersion: figures.calendarVersion,
    pausedWorkingDays: figures.pausedWorkingDays,
    atRisk: base.atRisk && running,
    provisionalEscalated: figures.provisional && base.provisionalEscalated,
  };
  return {
    record,
    running,
    atRisk: running ? { dueAt: figures.atRiskAt } : 'cancel',
    breach: running ? { dueAt: figures.deadline } : 'cancel',
    escalateProvisional: running && figures.provisional && !base.provisionalEscalated,
  };
}

/** Opens a pause when the step starts waiting for the applicant, closes it when it moves on. */
function nextPauses(pauses: readonly Pause[], step: StepSnapshot): Pause[] {
  const open = pauses.find((pause) => pause.to === null);
  const awaiting = step.state === 'awaiting_applicant';
  if (awaiting && !open) {
    const reason = step.reasonCode ?? (step.waitingFor.length > 0 ? step.waitingFor.join(',') : 'awaiting_applicant');
    return [...pauses, { from: step.changedAt, to: null, reason }];
  }
  if (!awaiting && open) return pauses.map((pause) => (pause === open ? { ...pause, to: step.changedAt } : pause));
  return [...pauses];
}
