import type { Benefit, Beneficiary, InsuredCategory, LocalizedTextV1 } from '@birth/contracts';
import { nameOf, PolicyLookupError, type ResolvedRules } from '@birth/policy';
import { allowanceAmountFen } from './allowance-amount';
import { maternityDays, paternityDays, sourceOf, type DayTerm, type DeliveryFacts } from './day-terms';

// Eligibility and the figures of one benefit (DOMAIN.md §7), decided at once from the parent's own
// maternity-insurance block and the rules of the region that insures them: the mother's
// maternity leave (产假津贴) and the father's paternity leave (护理假津贴), each on its own region,
// wage and account. Pure: the rules come in through `RulesLookup`.

/** A parent's maternity-insurance block, as birth.registered.v1 carries it. */
export interface InsuranceFacts {
  readonly insured: boolean;
  readonly insuringRegionCode?: string | null;
  readonly insuredCategory?: InsuredCategory | null;
  readonly contributionMonths?: number | null;
  readonly employerAverageMonthlyWageFen?: number | null;
}

/** The rules of a region on the date of birth; throws PolicyLookupError for a region it cannot resolve. */
export type RulesLookup = (regionCode: string) => ResolvedRules;

/**
 * - `eligible`: days and amount known; paid once proof of birth is there.
 * - `manual-review`: eligible, but the amount needs a clerk (the wage is unknown and the region's base is manual review).
 * - `rejected`: not eligible, with a reason a clerk can read to the family.
 * - `forwarded`: insured where the platform does not serve: the region's insurer decides.
 */
export type BenefitOutcome = 'eligible' | 'manual-review' | 'rejected' | 'forwarded';

/** Where the wage of the calculation came from. */
export type WageSource = 'employer-average-monthly-wage' | 'regional-average-wage';

export interface BenefitDecision {
  readonly benefit: Benefit;
  readonly beneficiary: Beneficiary;
  readonly outcome: BenefitOutcome;
  /** Null for an eligible benefit; the rejection's, the review's or the forwarding's code otherwise. */
  readonly reasonCode: string | null;
  readonly reason: LocalizedTextV1 | null;
  readonly insuringRegionCode: string | null;
  /** On `forwarded`: the insuring region the benefit goes to. */
  readonly forwardedTo: string | null;
  /** The policy version the decision used (null when no rules were looked up). */
  readonly ruleVersion: number | null;
  readonly days: number | null;
  readonly dayTerms: readonly DayTerm[];
  readonly wageFen: number | null;
  readonly wageSource: WageSource | null;
  /** Where the wage came from when it is the region's base (its rule's source). */
  readonly wageRule: string | null;
  readonly amountFen: number | null;
}

const CATEGORY_NAMES: Record<InsuredCategory, LocalizedTextV1> = {
  employee: { zh: '职工', en: 'employees' },
  'flexible-employment': { zh: '灵活就业人员', en: 'flexible-employment workers' },
  'unemployment-benefit': { zh: '领取失业保险金人员', en: 'unemployment-benefit recipients' },
};

/** The benefits' names in running text. */
export const BENEFIT_NAMES: Record<Benefit, LocalizedTextV1> = {
  'maternity-leave': { zh: '产假津贴', en: 'maternity-leave allowance' },
  'paternity-leave': { zh: '护理假津贴', en: 'paternity-leave allowance' },
};

function regionName(code: string): string {
  return nameOf(code) ?? code;
}

interface Refusal {
  outcome: 'rejected' | 'forwarded';
  reasonCode: string;
  reason: LocalizedTextV1;
  forwardedTo: string | null;
  rules: ResolvedRules | null;
}

/**
 * The checks every benefit shares, in this order: insured, an insuring region the rules know, a
 * served region, a category the region covers, enough contribution months. Eligible: the
 * rules to compute with.
 */
function refusalOf(benefit: Benefit, insurance: InsuranceFacts, rulesOf: RulesLookup): Refusal | { rules: ResolvedRules } {
  const name = BENEFIT_NAMES[benefit];
  if (!insurance.insured) {
    return { outcome: 'rejected', reasonCode: 'NOT_INSURED', forwardedTo: null, rules: null, reason: { zh: `未参加生育保险，不能领取${name.zh}。`, en: `Not covered by maternity insurance: no ${name.en}.` } };
  }
  const region = insurance.insuringRegionCode ?? null;
  if (!region) {
    return { outcome: 'rejected', reasonCode: 'INSURING_REGION_MISSING', forwardedTo: null, rules: null, reason: { zh: `未填写参保地，不能核定${name.zh}。`, en: `The insuring region is missing: the ${name.en} cannot be decided.` } };
  }
  let rules: ResolvedRules;
  try {
    rules = rulesOf(region);
  } catch (error) {
    if (!(error instanceof PolicyLookupError)) throw error;
    return { outcome: 'rejected', reasonCode: 'INSURING_REGION_UNKNOWN', forwardedTo: null, rules: null, reason: { zh: `参保地代码 ${region} 无法识别，不能核定${name.zh}。`, en: `The insuring region code ${region} is not known: the ${name.en} cannot be decided.` } };
  }
  if (!rules.values.platform.served) {
    return {
      outcome: 'forwarded',
      reasonCode: 'INSURED_IN_REGION_NOT_SERVED',
      forwardedTo: region,
      rules,
      reason: { zh: `参保地${regionName(region)}不在本平台服务范围，${name.zh}已转交当地医保经办机构办理。`, en: `Insured in ${region}, which this platform does not serve: the ${name.en} was forwarded to that region's insurer.` },
    };
  }
  const { insuredCategories, minimumContributionMonths } = rules.values.maternityInsurance;
  const category = insurance.insuredCategory ?? null;
  if (!category || !insuredCategories.includes(category)) {
    const named = category ? CATEGORY_NAMES[category] : { zh: '未填写的参保类别', en: 'an unstated insured category' };
    return {
      outcome: 'rejected',
      reasonCode: 'INSURED_CATEGORY_NOT_COVERED',
      forwardedTo: null,
      rules,
      reason: { zh: `${regionName(region)}的生育保险不覆盖${named.zh}，不能领取${name.zh}。`, en: `Maternity insurance in ${region} does not cover ${named.en}: no ${name.en}.` },
    };
  }
  const months = insurance.contributionMonths ?? 0;
  if (months < minimumContributionMonths) {
    return {
      outcome: 'rejected',
      reasonCode: 'CONTRIBUTION_MONTHS_SHORT',
      forwardedTo: null,
      rules,
      reason: {
        zh: `分娩前连续缴费${months}个月，不足${regionName(region)}要求的${minimumContributionMonths}个月，不能领取${name.zh}。`,
        en: `${months} consecutive contribution months before the delivery, fewer than the ${minimumContributionMonths} required in ${region}: no ${name.en}.`,
      },
    };
  }
  return { rules };
}

function refused(benefit: Benefit, beneficiary: Beneficiary, insurance: InsuranceFacts, refusal: Refusal): BenefitDecision {
  return {
    benefit,
    beneficiary,
    outcome: refusal.outcome,
    reasonCode: refusal.reasonCode,
    reason: refusal.reason,
    insuringRegionCode: insurance.insuringRegionCode ?? null,
    forwardedTo: refusal.forwardedTo,
    ruleVersion: refusal.rules?.version ?? null,
    days: null,
    dayTerms: [],
    wageFen: null,
    wageSource: null,
    wageRule: null,
    amountFen: null,
  };
}

/** The amount of `days` at the employer's wage, or the region's base when the wage is unknown. */
function priced(
  benefit: Benefit,
  beneficiary: Beneficiary,
  insurance: InsuranceFacts,
  rules: ResolvedRules,
  days: number,
  dayTerms: readonly DayTerm[],
): BenefitDecision {
  const base = { benefit, beneficiary, insuringRegionCode: insurance.insuringRegionCode ?? null, forwardedTo: null, ruleVersion: rules.version, days, dayTerms };
  const wage = insurance.employerAverageMonthlyWageFen;
  if (wage !== undefined && wage !== null) {
    return { ...base, outcome: 'eligible', reasonCode: null, reason: null, wageFen: wage, wageSource: 'employer-average-monthly-wage', wageRule: null, amountFen: allowanceAmountFen(wage, days) };
  }
  const rule = rules.values.allowance.wageBaseWhenUnknown;
  const wageRule = sourceOf(rules, 'allowance.wageBaseWhenUnknown');
  if (rule.basis === 'regional-average-wage') {
    return { ...base, outcome: 'eligible', reasonCode: null, reason: null, wageFen: rule.monthlyWageFen, wageSource: 'regional-average-wage', wageRule, amountFen: allowanceAmountFen(rule.monthlyWageFen, days) };
  }
  // `manual-review`, or `own-contribution-base`, which the birth event does not carry: a clerk sets the wage.
  return {
    ...base,
    outcome: 'manual-review',
    reasonCode: 'WAGE_UNKNOWN_MANUAL_REVIEW',
    reason: {
      zh: `用人单位上年度职工月平均工资未知，${regionName(rules.regionCode)}的规定为人工核定，津贴金额待经办人员核定。`,
      en: `The employer's average monthly wage of last year is unknown and ${rules.regionCode}'s rule is a manual review: a clerk sets the amount.`,
    },
    wageFen: null,
    wageSource: null,
    wageRule,
    amountFen: null,
  };
}

/** The mother's maternity-leave allowance, from her block and her insuring region's rules. */
export function decideMaternityLeave(insurance: InsuranceFacts, delivery: DeliveryFacts, rulesOf: RulesLookup): BenefitDecision {
  const checked = refusalOf('maternity-leave', insurance, rulesOf);
  if ('outcome' in checked) return refused('maternity-leave', 'mother', insurance, checked);
  const { days, dayTerms } = maternityDays(checked.rules, delivery);
  return priced('maternity-leave', 'mother', insurance, checked.rules, days, dayTerms);
}

/** The father's paternity-leave allowance, from his own block and his insuring region's rules. */
export function decidePaternityLeave(insurance: InsuranceFacts, coupleLivesApart: boolean, rulesOf: RulesLookup): BenefitDecision {
  const checked = refusalOf('paternity-leave', insurance, rulesOf);
  if ('outcome' in checked) return refused('paternity-leave', 'father', insurance, checked);
  const { days, dayTerms } = paternityDays(checked.rules, coupleLivesApart);
  if (days === 0) {
    return refused('paternity-leave', 'father', insurance, {
      outcome: 'rejected',
      reasonCode: 'NO_PATERNITY_LEAVE_IN_REGION',
      forwardedTo: null,
      rules: checked.rules,
      reason: { zh: `${regionName(checked.rules.regionCode)}的规定没有护理假，不能领取护理假津贴。`, en: `${checked.rules.regionCode}'s rules grant no paternity leave: no paternity-leave allowance.` },
    });
  }
  return priced('paternity-leave', 'father', insurance, checked.rules, days, dayTerms);
}
