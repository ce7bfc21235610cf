import {
  endOfChinaDay,
  formatChinaDay,
  formatChinaInstant,
  isWeekendChinaDay,
  parseChinaDate,
  toChinaDay,
  yearOfChinaDay,
  type ChinaDate,
  type DateInput,
} from './china-date';
import { CalendarDataError, calendarYearError, parseCalendarYear, type CalendarYear } from './calendar-year';

/** What every answer of the calendar carries. */
export interface CalendarAnswer {
  /**
   * True when a day the answer depends on lies in a year with no data: that year was counted on
   * weekends alone (Monday to Friday work) and the answer may change when the year is loaded.
   */
  provisional: boolean;
  /**
   * The versions of the years the answer depends on, ascending, joined by `+`: `2025.1+2026.1`;
   * a year with no data is `<year>.none` (`2026.1+2027.none`).
   */
  calendarVersion: string;
}

export interface WorkingDayAnswer extends CalendarAnswer {
  /** The China date asked about. */
  date: ChinaDate;
  workingDay: boolean;
}

export interface Deadline extends CalendarAnswer {
  /** The China date of the Nth working day: the deadline is the end of this day. */
  lastWorkingDay: ChinaDate;
  /** 24:00 China time of `lastWorkingDay` (00:00 +08:00 of the next day). */
  endsAt: Date;
  /** `endsAt` in China time with its offset: `2026-01-06T00:00:00+08:00`. */
  endsAtChinaTime: string;
}

export interface WorkingDayCount extends CalendarAnswer {
  /** Working days whose China date is after the first argument's and no later than the second's; negative when the second is earlier. */
  workingDays: number;
}

export interface CalendarPeriodEnd extends CalendarAnswer {
  /** The start's China date + `days`, before moving off a rest day. */
  nominalLastDay: ChinaDate;
  /** The period's last day: `nominalLastDay`, or the first working day after it when it is a rest day. */
  lastDay: ChinaDate;
  /** 24:00 China time of `lastDay`. */
  endsAt: Date;
  endsAtChinaTime: string;
}

/** What `accept` did with a year. */
export type AcceptOutcome = 'added' | 'replaced' | 'unchanged' | 'stale';

/** A year, ready for lookups. */
interface LoadedYear {
  data: CalendarYear;
  /** The one-line identity of its content, to tell a re-delivery from a conflicting edit. */
  fingerprint: string;
  restDays: Set<number>;
  makeUpWorkingDays: Set<number>;
}

/** Limits a count to what a service can mean (about 270 years of working days): a typo must not loop for minutes. */
const MAX_DAYS = 100_000;

function checkCount(value: number, argument: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > MAX_DAYS) {
    throw new RangeError(`${argument}: expected an integer from ${min} to ${MAX_DAYS}, got ${value}`);
  }
}

function load(data: CalendarYear): LoadedYear {
  const days = (dates: ChinaDate[]) => dates.map((date) => parseChinaDate(date) as number);
  return {
    data,
    fingerprint: JSON.stringify(data),
    restDays: new Set(data.holidays.flatMap((h) => days(h.restDays))),
    makeUpWorkingDays: new Set(data.holidays.flatMap((h) => days(h.makeUpWorkingDays))),
  };
}

/**
 * China's official working-day calendar (DOMAIN.md §8): weekends rest except the make-up working
 * days (调休上班), statutory holidays rest, one year of data per State Council General Office
 * notice. A year with no data is counted on weekends alone and every answer that touches it says
 * `provisional: true`.
 *
 * Counting follows Civil Code art. 201: the start day is never counted. The China date of an
 * instant is taken at UTC+8 whatever the process's time zone.
 *
 * One instance per process usually (`sharedCalendar()`); it starts from the repository's year
 * files and takes later years, validated, through `accept` (the calendar.years.v1 topic). Reads
 * and `accept` are synchronous, so an answer never mixes two versions of a year.
 */
export class Calendar {
  private readonly years = new Map<number, LoadedYear>();

  /** @param years validated years (`parseCalendarYear`); later entries of the same year follow `accept`'s rules. */
  constructor(years: Iterable<CalendarYear> = []) {
    for (const year of years) this.accept(year);
  }

  /**
   * Adds or replaces a year. The data is validated again (it may come straight off a topic), and
   * a higher version replaces a lower one; the same version with the same content is `unchanged`
   * (a re-delivery), with different content a CalendarDataError (VERSION_CONFLICT); a lower
   * version than the one held is `stale` and ignored. After `added` or `replaced`, provisional
   * answers given before may have changed: the caller recomputes them.
   */
  accept(plain: unknown, origin = 'calendar year'): AcceptOutcome {
    const year = parseCalendarYear(plain, origin);
    const held = this.years.get(year.year);
    const loaded = load(year);
    if (held) {
      if (year.version < held.data.version) return 'stale';
      if (year.version === held.data.version) {
        if (loaded.fingerprint === held.fingerprint) return 'unchanged';
        throw new CalendarDataError(origin, [
          calendarYearError('version', 'VERSION_CONFLICT', `${year.year} version ${year.version} is already loaded with other dates`),
        ]);
      }
    }
    this.years.set(year.year, loaded);
    return held ? 'replaced' : 'added';
  }

  /** The years with data, ascending. */
  coveredYears(): number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  /** The data of a year, or undefined when it has none. */
  year(year: number): CalendarYear | undefined {
    return this.years.get(year)?.data;
  }

  /** Whether the China date of `date` is a working day. */
  isWorkingDay(date: DateInput): WorkingDayAnswer {
    const day = toChinaDay(date, 'date');
    return { date: formatChinaDay(day), workingDay: this.isWorking(day), ...this.answerFor(day, day) };
  }

  /**
   * The deadline of `n` working days from `start` (DOMAIN.md §8): the end (24:00 China time) of
   * the nth working day strictly after the China date of `start`, whether or not that date is a
   * working day and whatever the hour of `start`.
   */
  addWorkingDays(start: DateInput, n: number): Deadline {
    const startDay = toChinaDay(start, 'start');
    checkCount(n, 'n', 1);
    let day = startDay;
    for (let counted = 0; counted < n; ) if (this.isWorking(++day)) counted++;
    const endsAt = endOfChinaDay(day);
    return {
      lastWorkingDay: formatChinaDay(day),
      endsAt,
      endsAtChinaTime: formatChinaInstant(endsAt),
      ...this.answerFor(startDay + 1, day),
    };
  }

  /**
   * The working days whose China date is after the China date of `from` and no later than the
   * China date of `to`: the interval (from, to] in whole China days, hours ignored. Negative
   * (−count of (to, from]) when `to` is earlier; 0 on the same date.
   *
   * - Working days a pause covers (DOMAIN.md §8): `workingDaysBetween(pausedAt, resumedAt)`.
   * - Working days left before a deadline: `workingDaysBetween(now, deadline.lastWorkingDay)`;
   *   today is not counted, so it is 0 on the last working day itself and negative once past it.
   *   (Pass `lastWorkingDay`, not `endsAt`: `endsAt` is 00:00 of the next China date.)
   * - For any start and n: `workingDaysBetween(start, addWorkingDays(start, n).lastWorkingDay) === n`.
   */
  workingDaysBetween(from: DateInput, to: DateInput): WorkingDayCount {
    const fromDay = toChinaDay(from, 'from');
    const toDay = toChinaDay(to, 'to');
    const [low, high, sign] = fromDay <= toDay ? [fromDay, toDay, 1] : [toDay, fromDay, -1];
    checkCount(high - low, 'days between from and to', 0);
    let count = 0;
    for (let day = low + 1; day <= high; day++) if (this.isWorking(day)) count++;
    // An empty interval depends on no day; it is answered with the year of `to`.
    const answer = high > low ? this.answerFor(low + 1, high) : this.answerFor(high, high);
    return { workingDays: sign * count || 0, ...answer };
  }

  /**
   * The end of a period of `days` calendar days (Civil Code art. 201, 203; DOMAIN.md §5): counted
   * from the day after the China date of `start`; when the last day is a rest day (a weekend not
   * worked, or a statutory holiday), the period ends on the next working day. E.g. the 90 days of
   * newborn medical insurance after the date of birth.
   */
  endOfCalendarPeriod(start: DateInput, days: number): CalendarPeriodEnd {
    const startDay = toChinaDay(start, 'start');
    checkCount(days, 'days', 1);
    const nominal = startDay + days;
    let last = nominal;
    while (!this.isWorking(last)) last++;
    const endsAt = endOfChinaDay(last);
    return {
      nominalLastDay: formatChinaDay(nominal),
      lastDay: formatChinaDay(last),
      endsAt,
      endsAtChinaTime: formatChinaInstant(endsAt),
      ...this.answerFor(nominal, last),
    };
  }

  private isWorking(day: number): boolean {
    const year = this.years.get(yearOfChinaDay(day));
    if (year?.makeUpWorkingDays.has(day)) return true;
    if (year?.restDays.has(day)) return false;
    return !isWeekendChinaDay(day);
  }

  /** Provisional flag and version string for an answer that depends on the days first..last. */
  private answerFor(first: number, last: number): CalendarAnswer {
    const parts: string[] = [];
    let provisional = false;
    for (let year = yearOfChinaDay(first); year <= yearOfChinaDay(last); year++) {
      const held = this.years.get(year);
      if (!held) provisional = true;
      parts.push(`${year}.${held ? held.data.version : 'none'}`);
    }
    return { provisional, calendarVersion: parts.join('+') };
  }
}
