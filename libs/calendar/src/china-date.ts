/**
 * Dates in China, computed from instants by the fixed offset UTC+8 (China has observed no
 * daylight saving time since 1991), so nothing here reads the process's time zone: the answers
 * are the same under TZ=UTC, TZ=Asia/Shanghai or any other.
 *
 * Internally a China date is a day number: days since 1970-01-01 (a Thursday) in China.
 */

/** A date in China, `YYYY-MM-DD`. */
export type ChinaDate = string;

/** What the calendar accepts: an instant (a `Date`), or a China date (`YYYY-MM-DD`). */
export type DateInput = Date | ChinaDate;

const MS_PER_DAY = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;
const CHINA_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number of a `YYYY-MM-DD` string, or undefined when it is not a real date (2026-02-30). */
export function parseChinaDate(text: string): number | undefined {
  const match = CHINA_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to 2026-03-02 and maps years 0-99 to 1900-1999: refuse both.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return ms / MS_PER_DAY;
}

/** The China date (day number) of an instant. */
export function chinaDayOf(instant: Date): number {
  return Math.floor((instant.getTime() + CHINA_OFFSET_MS) / MS_PER_DAY);
}

/** The day number of an input: a China date as it is, an instant by its China date. */
export function toChinaDay(input: DateInput, argument: string): number {
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) throw new RangeError(`${argument}: invalid Date`);
    return chinaDayOf(input);
  }
  if (typeof input === 'string') {
    const day = parseChinaDate(input);
    if (day === undefined) throw new RangeError(`${argument}: expected a Date or a China date YYYY-MM-DD, got "${input}"`);
    return day;
  }
  throw new TypeError(`${argument}: expected a Date or a China date YYYY-MM-DD`);
}

/** `YYYY-MM-DD` of a day number. */
export function formatChinaDay(day: number): ChinaDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The year of a day number, by arithmetic (H. Hinnant's civil_from_days): it runs for every day counted. */
export function yearOfChinaDay(day: number): number {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March … 11 = February
  return yearOfEra + era * 400 + (monthIndex >= 10 ? 1 : 0);
}

/** 0 = Sunday … 6 = Saturday. Day 0 (1970-01-01) was a Thursday. */
export function weekdayOfChinaDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekendChinaDay(day: number): boolean {
  const weekday = weekdayOfChinaDay(day);
  return weekday === 0 || weekday === 6;
}

/** The instant at which a China day ends: 24:00 China time, i.e. 00:00 +08:00 of the next day. */
export function endOfChinaDay(day: number): Date {
  return new Date((day + 1) * MS_PER_DAY - CHINA_OFFSET_MS);
}

/** An instant written in China time with its offset, e.g. `2026-01-06T00:00:00+08:00`. */
export function formatChinaInstant(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('formatChinaInstant: invalid Date');
  const shifted = new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString();
  const fraction = shifted.slice(19, 23) === '.000' ? '' : shifted.slice(19, 23);
  return `${shifted.slice(0, 19)}${fraction}+08:00`;
}
