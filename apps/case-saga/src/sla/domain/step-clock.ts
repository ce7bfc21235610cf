import { chinaDayOf, formatChinaInstant, type Calendar, type ChinaDate } from '@birth/calendar';

// The arithmetic of a step's SLA clock (DOMAIN.md §8), pure: the calendar is passed in, times
// are instants, nothing here reads a clock or a database.

const MS_PER_DAY = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** One wait for the applicant; `to` is null while it lasts. Instants as ISO 8601 strings. */
export interface Pause {
  readonly from: string;
  readonly to: string | null;
  readonly reason: string;
}

/** What a clock is computed from. */
export interface ClockInput {
  /** The item's prerequisitesMetAt (the claim's acceptedAt for the allowance). */
  readonly startedAt: Date;
  /** The rules' target in working days for the item. */
  readonly targetWorkingDays: number;
  readonly pauses: readonly Pause[];
  /** At risk within the last this many working days (configurable, DOMAIN.md §8: 2). */
  readonly atRiskWorkingDays: number;
}

/** A step's clock, as the calendar answers it now. */
export interface ClockFigures {
  /** 24:00 China time of `lastWorkingDay`. */
  readonly deadline: Date;
  readonly lastWorkingDay: ChinaDate;
  /** The working days the closed pauses cover; an open pause moves the deadline when it ends. */
  readonly pausedWorkingDays: number;
  /** From this instant the step is at risk (unless paused or done). */
  readonly atRiskAt: Date;
  /** Some day counted lies in a year with no calendar data (weekends only). */
  readonly provisional: boolean;
  /** The versions of the years the deadline used, e.g. `2025.1+2026.1`. */
  readonly calendarVersion: string;
}

/**
 * The working days a pause covers: those whose China date is after the pause's start date and no
 * later than its end date (DOMAIN.md §8), i.e. `workingDaysBetween(from, to)`.
 */
export function pausedWorkingDays(calendar: Calendar, pause: Pause): { workingDays: number; provisional: boolean } {
  if (pause.to === null) return { workingDays: 0, provisional: false };
  const answer = calendar.workingDaysBetween(new Date(pause.from), new Date(pause.to));
  return { workingDays: Math.max(0, answer.workingDays), provisional: answer.provisional };
}

/**
 * How many of the last working days make the at-risk window: the configured number, but only the
 * last one when the target itself is that number or less (DOMAIN.md §8: 2, or 1 for a target of 2 or less).
 */
export function atRiskWindow(targetWorkingDays: number, atRiskWorkingDays: number): number {
  return targetWorkingDays <= atRiskWorkingDays ? 1 : atRiskWorkingDays;
}

/**
 * The clock of a step: the deadline is the end of working day N + P after the China date of the
 * start, where N is the target and P the working days the (closed) pauses cover, so each pause
 * moves the deadline by exactly the working days it covers. The step is at risk from the end of
 * working day N + P − W (W the window; working day 0 is the start's own China date), i.e. once W
 * working days or fewer are left, today included.
 */
export function clockOf(calendar: Calendar, input: ClockInput): ClockFigures {
  let paused = 0;
  let pausesProvisional = false;
  for (const pause of input.pauses) {
    const covered = pausedWorkingDays(calendar, pause);
    paused += covered.workingDays;
    pausesProvisional ||= covered.provisional;
  }
  const n = input.targetWorkingDays + paused;
  const end = calendar.addWorkingDays(input.startedAt, n);
  const beforeWindow = n - atRiskWindow(input.targetWorkingDays, input.atRiskWorkingDays);
  const atRiskAt = beforeWindow >= 1 ? calendar.addWorkingDays(input.startedAt, beforeWindow).endsAt : endOfChinaDate(input.startedAt);
  return {
    deadline: end.endsAt,
    lastWorkingDay: end.lastWorkingDay,
    pausedWorkingDays: paused,
    atRiskAt,
    provisional: end.provisional || pausesProvisional,
    calendarVersion: end.calendarVersion,
  };
}

/** Working days left before the deadline at `now`, today included when it is a working day (0 once past). */
export function workingDaysLeft(calendar: Calendar, now: Date, lastWorkingDay: ChinaDate): number {
  const after = calendar.workingDaysBetween(now, lastWorkingDay).workingDays;
  const today = calendar.isWorkingDay(now).workingDay ? 1 : 0;
  return Math.max(0, after + today);
}

/** 24:00 China time of the China date of `instant`. */
function endOfChinaDate(instant: Date): Date {
  return new Date((chinaDayOf(instant) + 1) * MS_PER_DAY - CHINA_OFFSET_MS);
}

/** An instant as the saga's events carry it: ISO 8601 in China time with +08:00. */
export function chinaInstant(instant: Date): string {
  return formatChinaInstant(instant);
}
