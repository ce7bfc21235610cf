import { chinaDayOf, formatChinaDay, type WorkingDayCount } from '@birth/calendar';

/** The calendar's count of working days with a China date in (from, to]; negative when `to` is earlier. */
export type CountWorkingDays = (from: Date, to: Date) => WorkingDayCount;

/**
 * The China date of a deadline's last working day: the saga writes a deadline as 24:00 China time
 * of that day, i.e. 00:00 +08:00 of the next day, so one millisecond earlier is still the day.
 */
export function lastWorkingDayOf(deadline: string): string {
  return formatChinaDay(chinaDayOf(new Date(Date.parse(deadline) - 1)));
}

/**
 * Working days left until a deadline, counted on the working-day calendar from `now`:
 * the working days after today up to and including the deadline's last working day. On the last
 * working day itself it is 0; past the deadline it is negative: minus the working days since.
 */
export function remainingWorkingDays(deadline: string, now: Date, count: CountWorkingDays): number {
  const lastDay = new Date(Date.parse(deadline) - 1);
  return count(now, lastDay).workingDays;
}

/** Working days past the deadline (0 or less while it has not passed): the dashboard's measure of lateness. */
export function workingDaysOverdue(deadline: string, now: Date, count: CountWorkingDays): number {
  return 0 - remainingWorkingDays(deadline, now, count); // never -0
}

/** The most overdue first; equal lateness by the earlier deadline, then by case id, so the order is stable. */
export function byMostOverdue<T extends { workingDaysOverdue: number; deadline: string | null; caseId: string }>(a: T, b: T): number {
  if (a.workingDaysOverdue !== b.workingDaysOverdue) return b.workingDaysOverdue - a.workingDaysOverdue;
  const deadlines = (a.deadline ?? '\uffff').localeCompare(b.deadline ?? '\uffff');
  return deadlines !== 0 ? deadlines : a.caseId.localeCompare(b.caseId);
}
