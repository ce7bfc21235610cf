import { intakeError, type IntakeError } from '../../intake/domain/validation/error-catalogue';

// The query of GET /api/v1/calendar/deadline (issue 13, DOMAIN.md §8): `start`, an ISO 8601
// instant with an explicit offset, and `workingDays`, a whole number from 1 to 365. Pure: the
// controller hands in Express's parsed query and gets the arguments or every problem at once.

export const WORKING_DAYS = { min: 1, max: 365 } as const;

/** The years a start may lie in: a deadline up to 365 working days later stays a four-digit year. */
export const START_YEARS = { min: 1970, max: 9997 } as const;

export interface DeadlineQuery {
  start: Date;
  workingDays: number;
}

export type DeadlineQueryCheck = { ok: true; value: DeadlineQuery } | { ok: false; errors: IntakeError[] };

// Date and time, seconds and fraction optional, then `Z` or ±hh:mm: without an offset the instant
// would depend on whose clock reads it.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;
const WHOLE_NUMBER = /^\d{1,3}$/;

/** Checks the query as Express parsed it (a repeated parameter arrives as an array, and is refused). */
export function parseDeadlineQuery(query: Record<string, unknown>): DeadlineQueryCheck {
  const errors: IntakeError[] = [];
  const start = parseStart(query['start'], errors);
  const workingDays = parseWorkingDays(query['workingDays'], errors);
  if (errors.length || start === undefined || workingDays === undefined) return { ok: false, errors };
  return { ok: true, value: { start, workingDays } };
}

function parseStart(raw: unknown, errors: IntakeError[]): Date | undefined {
  if (raw === undefined || raw === '') {
    errors.push(intakeError('start', 'CALENDAR_START_REQUIRED'));
    return undefined;
  }
  const instant = typeof raw === 'string' ? instantOf(raw) : undefined;
  if (!instant) errors.push(intakeError('start', 'CALENDAR_START_INVALID', START_YEARS));
  return instant;
}

function parseWorkingDays(raw: unknown, errors: IntakeError[]): number | undefined {
  if (raw === undefined || raw === '') {
    errors.push(intakeError('workingDays', 'CALENDAR_WORKING_DAYS_REQUIRED'));
    return undefined;
  }
  const n = typeof raw === 'string' && WHOLE_NUMBER.test(raw) ? Number(raw) : NaN;
  if (!(n >= WORKING_DAYS.min && n <= WORKING_DAYS.max)) {
    errors.push(intakeError('workingDays', 'CALENDAR_WORKING_DAYS_INVALID', WORKING_DAYS));
    return undefined;
  }
  return n;
}

/** The instant `text` names, or undefined when it is not a real one (30 February, 24:00, an offset of +25:00). */
function instantOf(text: string): Date | undefined {
  const match = INSTANT.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(match[i]));
  const second = Number(match[6] ?? 0);
  const offsetHours = Number(match[8] ?? 0);
  const offsetMinutes = Number(match[9] ?? 0);
  if (year! < START_YEARS.min || year! > START_YEARS.max) return undefined;
  const dayStart = new Date(Date.UTC(year!, month! - 1, day!));
  if (dayStart.getUTCMonth() !== month! - 1 || dayStart.getUTCDate() !== day!) return undefined;
  if (hour! > 23 || minute! > 59 || second > 59 || offsetHours > 14 || offsetMinutes > 59) return undefined;
  const instant = new Date(Date.parse(text));
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}
