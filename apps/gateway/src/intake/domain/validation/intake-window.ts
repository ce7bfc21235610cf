import type { Period, ResolvedRules } from '@birth/policy';
import { chinaDateOf, daysBetween } from './dates';

// How long after a birth the intake accepts the one-form application: regional rule data
// (`intake.window` of @birth/policy, a year by default, DOMAIN.md §5), looked up by the hospital's
// region on the China date the application is checked. A year, so that late applications reach
// the departments, whose own rules (the 90-day insurance window, late coverage) then apply.
// Counted in calendar units from the China date of birth: born on 1 March 2025, a one-year window
// accepts until 1 March 2026 inclusive (29 February goes to 28 February in a common year).

/** The rules of a region on a China date (`rulesFor` of @birth/policy, or a service's own PolicyStore). */
export type PolicyLookup = (regionCode: string, onDate: string) => ResolvedRules;

/** The last China date (`YYYY-MM-DD`) inside `window` counted from `bornOn`. */
export function lastDayOfWindow(bornOn: string, window: Period): string {
  const [year, month, day] = bornOn.split('-').map(Number) as [number, number, number];
  if (window.unit === 'days') return new Date(Date.UTC(year, month - 1, day + window.amount)).toISOString().slice(0, 10);
  const months = window.unit === 'years' ? window.amount * 12 : window.amount;
  const targetMonth = month - 1 + months;
  const lastOfTarget = new Date(Date.UTC(year, targetMonth + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, targetMonth, Math.min(day, lastOfTarget))).toISOString().slice(0, 10);
}

export interface IntakeWindowCheck {
  inside: boolean;
  /** The window in days from this birth (for the message: a year is 365 or 366). */
  days: number;
  /** The rule version it was judged by (recorded with the decision). */
  policyVersion: number;
}

/** Whether a birth on `bornOn` may still be accepted on `today`, by the rules of `regionCode`. */
export function checkIntakeWindow(bornOn: string, today: string, regionCode: string, policy: PolicyLookup): IntakeWindowCheck {
  const rules = policy(regionCode, today);
  const lastDay = lastDayOfWindow(bornOn, rules.values.intake.window);
  return { inside: today <= lastDay, days: daysBetween(bornOn, lastDay), policyVersion: rules.version };
}

/**
 * The policy version the intake window of an accepted submission was judged by: the same lookup
 * `validateBirthApplication` makes (the hospital's region on the China date of `now`), recorded
 * with the decision. Pass the lookup the validation used, held by `pinnedPolicyLookup`, so a
 * version imported between the two calls cannot make them disagree.
 */
export function intakeRuleVersion(bornAt: string, now: Date, regionCode: string, policy: PolicyLookup): number {
  return checkIntakeWindow(chinaDateOf(new Date(bornAt)), chinaDateOf(now), regionCode, policy).policyVersion;
}

/** A lookup that answers each (region, date) once and then repeats that answer: one decision, one set of rules. */
export function pinnedPolicyLookup(policy: PolicyLookup): PolicyLookup {
  const answers = new Map<string, ResolvedRules>();
  return (regionCode, onDate) => {
    const key = `${regionCode}@${onDate}`;
    let rules = answers.get(key);
    if (!rules) {
      rules = policy(regionCode, onDate);
      answers.set(key, rules);
    }
    return rules;
  };
}
