import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Calendar } from './calendar';
import { parseCalendarYearJson, type CalendarYear } from './calendar-year';

/** libs/calendar/years: one file per year, named `<year>.json`. */
export const REPOSITORY_YEARS_DIR = join(__dirname, '..', 'years');

const YEAR_FILE = /^(\d{4})\.json$/;

/**
 * Reads and validates every `<year>.json` of a directory (by default the repository's). A bad
 * file stops the load with a CalendarDataError naming the file and everything wrong with it: a
 * service must not start on a calendar it half understood. Other files are ignored.
 */
export function loadYearFiles(dir: string = REPOSITORY_YEARS_DIR): CalendarYear[] {
  return readdirSync(dir)
    .map((name) => YEAR_FILE.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((match) => {
      const path = join(dir, match[0]);
      return parseCalendarYearJson(readFileSync(path, 'utf8'), path, Number(match[1]));
    });
}

let shared: Calendar | undefined;

/**
 * The process's calendar: the repository's years, loaded on first use; later years arrive
 * through its `accept` (calendar.years.v1). The free functions of this library answer from it.
 */
export function sharedCalendar(): Calendar {
  shared ??= new Calendar(loadYearFiles());
  return shared;
}
