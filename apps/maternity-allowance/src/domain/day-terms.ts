import { maternityLeaveDays, type PolicyDeliveryMode, type Provenance, type ResolvedRules, type RulePath } from '@birth/policy';

// The days of each benefit as terms a clerk can read out (DOMAIN.md §7): the region's total for
// the child order, +15 for a difficult birth (or a delivery mode the region counts as difficult),
// +15 for each extra baby; the father's paternity days, with the couple-apart days where the rule
// has them. Each term names the rule it came from: version, region level, path and policy source.

/** Why a term adds days. */
export type DayTermReason = 'CHILD_ORDER_TOTAL' | 'DIFFICULT_BIRTH' | 'EXTRA_BABIES' | 'PATERNITY_LEAVE' | 'COUPLE_APART';

export interface DayTerm {
  readonly reason: DayTermReason;
  readonly days: number;
  /** Where the figure came from: `policy v1 220100 maternityLeave.totalDaysByChildOrder — seed 003 item 5`. */
  readonly source: string;
}

/** What the mother's days depend on, from birth.registered.v1 (the babies counted over the delivery's cases). */
export interface DeliveryFacts {
  readonly livingChildrenBefore: number;
  readonly babies: number;
  readonly deliveryMode: PolicyDeliveryMode;
  readonly difficultBirth: boolean;
}

export interface BenefitDays {
  readonly days: number;
  readonly dayTerms: readonly DayTerm[];
}

/** `policy v<version> <region|national> <path> — <document> <where>`: enough for a clerk to find the rule. */
export function sourceOf(rules: ResolvedRules, path: RulePath): string {
  const provenance: Provenance | undefined = rules.provenance[path];
  if (!provenance) return `policy v${rules.version} ${path}`;
  const where = provenance.source.where ? ` ${provenance.source.where}` : '';
  const verify = provenance.verify ? ' (verify)' : '';
  return `policy v${provenance.version} ${provenance.regionCode ?? 'national'} ${path} — ${provenance.source.document}${where}${verify}`;
}

export function maternityDays(rules: ResolvedRules, delivery: DeliveryFacts): BenefitDays {
  const leave = maternityLeaveDays(rules.values.maternityLeave, delivery);
  const terms: DayTerm[] = [{ reason: 'CHILD_ORDER_TOTAL', days: leave.baseDays, source: sourceOf(rules, 'maternityLeave.totalDaysByChildOrder') }];
  if (leave.difficultBirthDays > 0) {
    // The flag from the hospital, or the mode the region counts as difficult: say which.
    const path: RulePath = delivery.difficultBirth ? 'maternityLeave.difficultBirthExtraDays' : 'maternityLeave.difficultDeliveryModes';
    terms.push({ reason: 'DIFFICULT_BIRTH', days: leave.difficultBirthDays, source: sourceOf(rules, path) });
  }
  if (leave.extraBabyDays > 0) terms.push({ reason: 'EXTRA_BABIES', days: leave.extraBabyDays, source: sourceOf(rules, 'maternityLeave.extraBabyDays') });
  return { days: leave.totalDays, dayTerms: terms };
}

export function paternityDays(rules: ResolvedRules, coupleLivesApart: boolean): BenefitDays {
  const { days, coupleApartDays } = rules.values.paternityLeave;
  const terms: DayTerm[] = [{ reason: 'PATERNITY_LEAVE', days, source: sourceOf(rules, 'paternityLeave.days') }];
  // coupleApartDays is the total when apart (Baoji 20 against 15): the term is what it adds.
  const apartExtra = coupleLivesApart ? coupleApartDays - days : 0;
  if (apartExtra > 0) terms.push({ reason: 'COUPLE_APART', days: apartExtra, source: sourceOf(rules, 'paternityLeave.coupleApartDays') });
  return { days: days + Math.max(apartExtra, 0), dayTerms: terms };
}
