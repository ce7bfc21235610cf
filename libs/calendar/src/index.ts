import type { DateInput } from './china-date';
import type { CalendarPeriodEnd, Deadline, WorkingDayAnswer, WorkingDayCount } from './calendar';
import { sharedCalendar } from './repository-years';

export { Calendar, type AcceptOutcome, type CalendarAnswer, type CalendarPeriodEnd, type Deadline, type WorkingDayAnswer, type WorkingDayCount } from './calendar';
export {
  CalendarDataError,
  parseCalendarYear,
  parseCalendarYearJson,
  type CalendarHoliday,
  type CalendarYear,
  type CalendarYearError,
  type CalendarYearErrorCode,
  type CalendarYearSource,
} from './calendar-year';
export { chinaDayOf, formatChinaDay, formatChinaInstant, parseChinaDate, type ChinaDate, type DateInput } from './china-date';
export { REPOSITORY_YEARS_DIR, loadYearFiles, sharedCalendar } from './repository-years';
export { default as calendarYearSchema } from './calendar-year.schema.json';

/** `sharedCalendar().isWorkingDay`: whether the China date of `date` is a working day. */
export function isWorkingDay(date: DateInput): WorkingDayAnswer {
  return sharedCalendar().isWorkingDay(date);
}

/** `sharedCalendar().addWorkingDays`: the end (24:00 China time) of the nth working day strictly after the China date of `start`. */
export function addWorkingDays(start: DateInput, n: number): Deadline {
  return sharedCalendar().addWorkingDays(start, n);
}

/** `sharedCalendar().workingDaysBetween`: working days with a China date in (from, to]. */
export function workingDaysBetween(from: DateInput, to: DateInput): WorkingDayCount {
  return sharedCalendar().workingDaysBetween(from, to);
}

/** `sharedCalendar().endOfCalendarPeriod`: the last day of `days` calendar days after `start`, moved off a rest day. */
export function endOfCalendarPeriod(start: DateInput, days: number): CalendarPeriodEnd {
  return sharedCalendar().endOfCalendarPeriod(start, days);
}
