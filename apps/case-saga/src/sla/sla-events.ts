import type { CaseSlaAtRiskV1, CaseSlaBreachedV1, CaseStepEscalatedV1, DepartmentService, EscalationReason } from '@birth/contracts';
import { chinaInstant } from './domain/step-clock';
import type { StoredClock } from './step-clock-store';

// The payloads of the saga's SLA events, from a stored clock. Codes and instants only: no personal data.

/** The department responsible for a step is the step's own (DOMAIN.md §8); items are named after their services. */
export function responsibleDepartment(clock: StoredClock): DepartmentService {
  return clock.item;
}

function clockFields(clock: StoredClock) {
  return {
    item: clock.item,
    responsibleDepartment: responsibleDepartment(clock),
    startedAt: chinaInstant(new Date(clock.startedAt!)),
    deadline: chinaInstant(new Date(clock.deadline!)),
    provisional: clock.provisional,
    calendarVersion: clock.calendarVersion!,
    pausedWorkingDays: clock.pausedWorkingDays,
  };
}

export function atRiskEvent(clock: StoredClock, workingDaysLeft: number, detectedAt: Date): CaseSlaAtRiskV1 {
  return { ...clockFields(clock), workingDaysLeft, detectedAt: chinaInstant(detectedAt) };
}

export function breachedEvent(clock: StoredClock, breachedAt: Date): CaseSlaBreachedV1 {
  return { ...clockFields(clock), state: clock.state, breachedAt: chinaInstant(breachedAt) };
}

export function escalatedEvent(clock: StoredClock, reason: EscalationReason, escalatedAt: Date, commandsSent: number): CaseStepEscalatedV1 {
  return {
    reason,
    item: clock.item,
    responsibleDepartment: responsibleDepartment(clock),
    state: clock.state,
    commandsSent,
    lastChangeAt: chinaInstant(new Date(clock.lastChangeAt)),
    escalatedAt: chinaInstant(escalatedAt),
  };
}
