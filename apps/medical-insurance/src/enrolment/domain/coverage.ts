import type { ResolvedRules } from '@birth/policy';

// Coverage start and the first-year contribution (DOMAIN.md §5). Whether the application was on
// time comes from the enrolment window (../../enrolment-window/domain), counted on the official
// calendar; these rules only turn it into dates and an amount.

export type MedicalInsuranceRules = ResolvedRules['values']['medicalInsurance'];

/** China dates, `YYYY-MM-DD`. */
export interface WindowOutcome {
  bornOn: string;
  appliedOn: string;
  onTime: boolean;
}

/** On time: the date of birth (+ waiting days). Late: the regional late rule from the application date. */
export function coverageStart(window: WindowOutcome, rules: Pick<MedicalInsuranceRules, 'coverageWhenOnTime' | 'coverageWhenLate'>): string {
  if (window.onTime) return addDays(window.bornOn, rules.coverageWhenOnTime.waitingDays);
  const late = rules.coverageWhenLate;
  const start =
    late.starts === 'application-date' ? window.appliedOn : late.starts === 'day-after-application' ? addDays(window.appliedOn, 1) : firstDayOfNextMonth(window.appliedOn);
  return addDays(start, late.waitingDays);
}

/**
 * The first-year individual contribution in fen for the calendar year of the birth. A year the
 * rules do not list yet takes the latest earlier year listed (the amount stays until a new version
 * names the year); null when no year at or before the birth is listed.
 */
export function firstYearContributionFen(byYear: MedicalInsuranceRules['firstYearContributionFenByYear'], bornOn: string): number | null {
  const year = Number(bornOn.slice(0, 4));
  const listed = Object.keys(byYear)
    .map(Number)
    .filter((y) => Number.isInteger(y) && y <= year)
    .sort((a, b) => b - a);
  return listed.length > 0 ? byYear[String(listed[0])]! : null;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function firstDayOfNextMonth(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
}
