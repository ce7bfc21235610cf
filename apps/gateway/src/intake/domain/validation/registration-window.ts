import { enclosingRegionCodes } from './region-codes';

// How long after a birth the hospital may still submit the one-form application. The bundle's
// tightest national-practice deadline is the newborn's medical insurance: enrolled within 90 days
// of birth, coverage starts on the date of birth with no waiting period (DOMAIN.md §5, seed 003
// for Changchun). An application older than the window no longer gets that, so intake refuses it
// and the family applies item by item at the window. The national default is the constant
// DEFAULT_REGISTRATION_WINDOW_DAYS; a region that differs gets a rule in
// REGISTRATION_WINDOW_OVERRIDES with its source and effective dates (DOMAIN.md: "every rule that
// is data carries a region code and an effective date range"). Both are still kept in this file,
// not in a policy data file: changing either is a code change.
//
// The days count as DOMAIN.md §5 says: calendar days from the day after the birth (China time),
// so a baby born on 1 March may be submitted until 30 May inclusive with a 90-day window. The
// Civil Code art. 203 extension (a period ending on a statutory holiday ends on the next working
// day) is not applied here: the intake has no holiday calendar; the case saga owns it.

export const DEFAULT_REGISTRATION_WINDOW_DAYS = 90;

export interface RegistrationWindowRule {
  /** GB/T 2260 code: a province (xx0000), a prefecture (xxxx00) or a county; the most specific match wins. */
  regionCode: string;
  days: number;
  /** First day the rule applies (`YYYY-MM-DD`, China time), inclusive; open when absent. */
  effectiveFrom?: string;
  /** Last day the rule applies, inclusive; open when absent. */
  effectiveTo?: string;
  /** Where the value comes from, for the operator who has to verify or change it. */
  source: string;
}

/** Regions whose window differs from, or has been confirmed against, the default. */
export const REGISTRATION_WINDOW_OVERRIDES: readonly RegistrationWindowRule[] = [
  {
    regionCode: '220100',
    days: 90,
    source: 'seed 003 (Changchun plan for optimising fertility policy): 新生儿出生后90天内…自出生之日所发生的医疗费用均可纳入医保报销',
  },
];

/**
 * The registration window in days for a region on a date: the most specific rule (county, then
 * prefecture, then province) in effect on `on` (`YYYY-MM-DD`; every rule when absent), or 90.
 */
export function registrationWindowDays(
  regionCode: string,
  options: { on?: string; rules?: readonly RegistrationWindowRule[] } = {},
): number {
  const rules = options.rules ?? REGISTRATION_WINDOW_OVERRIDES;
  const on = options.on;
  const inEffect = (rule: RegistrationWindowRule) =>
    on === undefined || ((rule.effectiveFrom === undefined || rule.effectiveFrom <= on) && (rule.effectiveTo === undefined || on <= rule.effectiveTo));
  const { prefecture, province } = enclosingRegionCodes(regionCode);
  for (const candidate of [regionCode, prefecture, province]) {
    const rule = rules.find((r) => r.regionCode === candidate && inEffect(r));
    if (rule) return rule.days;
  }
  return DEFAULT_REGISTRATION_WINDOW_DAYS;
}
