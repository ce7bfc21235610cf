import type { CalendarPeriodEnd, DateInput } from '@birth/calendar';
import { chinaDayOf, formatChinaDay } from '@birth/calendar';
import type { ResolvedRules } from '@birth/policy';

// The newborn's on-time window for resident medical insurance (DOMAIN.md §5): applied within
// `medicalInsurance.onTimeWindowDays` calendar days of the birth, counted from the day after it,
// and moved off a rest day onto the next working day (Civil Code art. 201, 203), coverage starts
// on the date of birth. The application date is the case's acceptance at intake (`acceptedAt`),
// and the rules are those in effect on that date (issue 10). The decision names the policy
// version and the calendar version it used; once recorded it is never recomputed from newer rules,
// only recounted on the calendar when a year it depended on is loaded or corrected
// (`redecideEnrolmentWindow`).

/** What the decision reads from `birth.registered.v1`. */
export interface EnrolmentWindowFacts {
  /** The region whose rules apply (GB/T 2260). */
  regionCode: string;
  /** The birth instant (ISO 8601 with offset). */
  bornAt: string;
  /** The acceptance at intake (ISO 8601 with offset): the application date. */
  acceptedAt: string;
}

export interface EnrolmentWindowDecision {
  regionCode: string;
  /** China dates, YYYY-MM-DD. */
  bornOn: string;
  appliedOn: string;
  windowDays: number;
  /** The birth date + windowDays. */
  nominalLastDay: string;
  /** The last day an application is on time (nominalLastDay, or the next working day after a rest day). */
  lastDay: string;
  onTime: boolean;
  /** True when the last day depends on a year without calendar data (weekends only). */
  provisional: boolean;
  policyVersion: number;
  calendarVersion: string;
}

/** The rules for a region on a China date (ReferenceData.rulesFor, PolicyStore.rulesFor). */
export type RulesLookup = (regionCode: string, onDate: string) => ResolvedRules;

/** The working-day calendar's period end (Calendar.endOfCalendarPeriod). */
export type CalendarPeriod = (start: DateInput, days: number) => CalendarPeriodEnd;

export function decideEnrolmentWindow(facts: EnrolmentWindowFacts, rulesFor: RulesLookup, endOfCalendarPeriod: CalendarPeriod): EnrolmentWindowDecision {
  const bornOn = chinaDateOf(facts.bornAt, 'bornAt');
  const appliedOn = chinaDateOf(facts.acceptedAt, 'acceptedAt');
  return windowOf({ regionCode: facts.regionCode, bornOn, appliedOn }, rulesFor(facts.regionCode, appliedOn), endOfCalendarPeriod);
}

/**
 * A recorded decision taken again on the calendar as it is now (issue 13): a window decided while
 * a year had no data (`provisional`, `<year>.none`), or on a version of a year since replaced.
 * The dates and the policy version stay those recorded (`rulesOfVersion`: the rules of
 * `recorded.policyVersion`); only the counting on the calendar changes.
 */
export function redecideEnrolmentWindow(
  recorded: Pick<EnrolmentWindowDecision, 'regionCode' | 'bornOn' | 'appliedOn' | 'policyVersion'>,
  rulesOfVersion: ResolvedRules,
  endOfCalendarPeriod: CalendarPeriod,
): EnrolmentWindowDecision {
  if (rulesOfVersion.version !== recorded.policyVersion) {
    throw new RangeError(`the window was decided under policy version ${recorded.policyVersion}, not ${rulesOfVersion.version}`);
  }
  return windowOf(recorded, rulesOfVersion, endOfCalendarPeriod);
}

/**
 * Whether an answer's `calendarVersion` (`2026.1+2027.none`) names a year the calendar now holds
 * at another version: a year that had no data and has it now, or a version since replaced.
 * `heldVersion(year)` is the version held, undefined for a year with no data.
 */
export function calendarVersionOutdated(calendarVersion: string, heldVersion: (year: number) => number | undefined): boolean {
  return calendarVersion.split('+').some((part) => {
    const match = /^(\d{4})\.(none|\d+)$/.exec(part);
    if (!match) throw new RangeError(`not a calendar version: ${JSON.stringify(calendarVersion)}`);
    const held = heldVersion(Number(match[1]));
    return held !== undefined && (match[2] === 'none' || held !== Number(match[2]));
  });
}

function windowOf(dates: { regionCode: string; bornOn: string; appliedOn: string }, rules: ResolvedRules, endOfCalendarPeriod: CalendarPeriod): EnrolmentWindowDecision {
  const { onTimeWindowDays, windowCounting } = rules.values.medicalInsurance;
  const end = endOfCalendarPeriod(dates.bornOn, onTimeWindowDays);
  const lastDay = windowCounting.restDayEndMovesToNextWorkingDay ? end.lastDay : end.nominalLastDay;
  return {
    regionCode: dates.regionCode,
    bornOn: dates.bornOn,
    appliedOn: dates.appliedOn,
    windowDays: onTimeWindowDays,
    nominalLastDay: end.nominalLastDay,
    lastDay,
    onTime: dates.appliedOn <= lastDay,
    provisional: windowCounting.restDayEndMovesToNextWorkingDay && end.provisional,
    policyVersion: rules.version,
    calendarVersion: end.calendarVersion,
  };
}

function chinaDateOf(instant: string, field: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) throw new RangeError(`${field} is not an instant: ${JSON.stringify(instant)}`);
  return formatChinaDay(chinaDayOf(date));
}
