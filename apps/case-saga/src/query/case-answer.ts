import { formatChinaInstant } from '@birth/calendar';
import type { ApplicationItem, DepartmentService, ItemState, LocalizedTextV1, WaitingFor } from '@birth/contracts';
import type { StepClockView } from '../ports/step-clock-port';
import type { NotificationView } from '../cases/case-notifications';
import type { CaseRow } from '../cases/case-store';
import type { TimelineEntry } from '../cases/case-timeline.store';
import { caseAtRisk, type CaseState } from '../cases/domain/case-state';
import type { Step } from '../cases/domain/step';

/** One step as `GET /internal/cases/{caseId}` answers it: the department's block and the SLA clock. */
export interface StepAnswer {
  item: ApplicationItem;
  state: ItemState;
  waitingFor: WaitingFor[];
  reasonCode: string | null;
  reason: LocalizedTextV1 | null;
  /** The department's last change (`issued`, `paid`, …); null before it reported one. */
  lastChange: string | null;
  changedAt: string;
  startedAt: string | null;
  /** ISO 8601 with +08:00; null before the step's clock starts. */
  deadline: string | null;
  provisional: boolean;
  pausedWorkingDays: number;
  pauses: { from: string; to: string | null; reason: string }[];
  atRisk: boolean;
  breachedAt: string | null;
  responsibleDepartment: DepartmentService;
  /** The allowance's claim (the same on each twin's case); null for the other items. */
  claimId: string | null;
  /** After a void: `pending` until the department confirms, then `confirmed`; null while the case is not voided. */
  compensation: 'pending' | 'confirmed' | null;
  compensatedAt: string | null;
}

/** What every answer says of a case itself. */
interface CaseHeader {
  caseId: string;
  caseNumber: string | null;
  state: CaseState;
  atRisk: boolean;
  breached: boolean;
  hospitalId: string;
  regionCode: string | null;
  acceptedAt: string;
}

/** `GET /internal/cases/{caseId}` and `GET /internal/cases?caseNumber=`: the case, its steps, timeline and notifications. No personal data. */
export interface CaseAnswer extends CaseHeader {
  completedAt: string | null;
  voidedAt: string | null;
  steps: StepAnswer[];
  timeline: TimelineEntry[];
  notifications: NotificationView[];
}

/** A case in a list: the flags the list filtered on, and each step's state and wait. */
export interface CaseSummary extends CaseHeader {
  steps: { item: ApplicationItem; state: ItemState; waitingFor: WaitingFor[] }[];
}

/** The case's header with the flags as the lists filter them (kept on the case row). */
function headerOf(row: CaseRow): CaseHeader {
  return {
    caseId: row.caseId,
    caseNumber: row.caseNumber,
    state: row.state,
    atRisk: row.atRisk,
    breached: row.breached,
    hospitalId: row.hospitalId,
    regionCode: row.regionCode,
    acceptedAt: row.acceptedAt,
  };
}

function stepAnswerOf(row: CaseRow, step: Step, clock: StepClockView | undefined): StepAnswer {
  const voided = row.state === 'voided';
  return {
    item: step.item,
    state: step.state,
    waitingFor: [...step.waitingFor],
    reasonCode: step.reasonCode,
    reason: step.reason,
    lastChange: step.lastChange,
    changedAt: step.changedAt,
    startedAt: clock?.startedAt ?? step.prerequisitesMetAt,
    // 24:00 China time of the last working day, written as the next day's 00:00 +08:00 (as the public calendar answers).
    deadline: clock?.deadline ? formatChinaInstant(new Date(clock.deadline)) : null,
    provisional: clock?.provisional ?? false,
    pausedWorkingDays: clock?.pausedWorkingDays ?? 0,
    pauses: (clock?.pauses ?? []).map((p) => ({ from: p.from, to: p.to, reason: p.reason })),
    atRisk: !voided && step.state === 'in_progress' && (clock?.atRisk ?? false),
    breachedAt: clock?.breachedAt ?? null,
    // The department responsible for a step is the step's own (DOMAIN.md §8); services are named after their item.
    responsibleDepartment: step.item,
    claimId: step.claimId,
    compensation: voided ? (step.compensatedAt ? 'confirmed' : 'pending') : null,
    compensatedAt: step.compensatedAt,
  };
}

/** The case with its clocks: `atRisk` and `breached` read live from the steps' clocks, not the list flags. */
export function caseAnswerOf(row: CaseRow, steps: readonly Step[], clocks: readonly StepClockView[], timeline: TimelineEntry[], notifications: NotificationView[]): CaseAnswer {
  const answers = steps.map((s) => stepAnswerOf(row, s, clocks.find((c) => c.item === s.item)));
  return {
    ...headerOf(row),
    atRisk: caseAtRisk(row.state, answers),
    breached: row.breached || answers.some((s) => s.breachedAt !== null),
    completedAt: row.completedAt,
    voidedAt: row.voidedAt,
    steps: answers,
    timeline,
    notifications,
  };
}

export function caseSummaryOf(row: CaseRow, steps: readonly Step[]): CaseSummary {
  return { ...headerOf(row), steps: steps.map((s) => ({ item: s.item, state: s.state, waitingFor: [...s.waitingFor] })) };
}
