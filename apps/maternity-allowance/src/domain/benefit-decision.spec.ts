import { rulesFor } from '@birth/policy';
import { decideMaternityLeave, decidePaternityLeave, type InsuranceFacts } from './benefit-decision';
import type { DeliveryFacts } from './day-terms';

// Rules as tests (issue 12): each seed region, figures worked out by hand in the comments;
// expected values are literals, never read from the rule files. Rules of policy version 1 on
// the date of birth 2026-03-01.

const rulesOf = (region: string) => rulesFor(region, '2026-03-01');

const FIRST_CHILD: DeliveryFacts = { livingChildrenBefore: 0, babies: 1, deliveryMode: 'vaginal', difficultBirth: false };
const insured = (region: string, wageFen: number | null, category: InsuranceFacts['insuredCategory'] = 'employee'): InsuranceFacts => ({
  insured: true,
  insuringRegionCode: region,
  insuredCategory: category,
  contributionMonths: 24,
  employerAverageMonthlyWageFen: wageFen,
});

const mother = (region: string, wageFen: number | null, delivery: Partial<DeliveryFacts> = {}) =>
  decideMaternityLeave(insured(region, wageFen), { ...FIRST_CHILD, ...delivery }, rulesOf);

const figures = (d: ReturnType<typeof decideMaternityLeave>) => ({ outcome: d.outcome, days: d.days, terms: d.dayTerms.map((t) => [t.reason, t.days]), amountFen: d.amountFen });

describe('Changchun 220100 (180 days, paternity 25; seed 003 item 5)', () => {
  const W = 777_777; // 7,777.77 yuan

  it('a first child: 180 days; 777,777 × 180 ÷ 30 = 4,666,662 fen', () => {
    expect(figures(mother('220100', W))).toEqual({ outcome: 'eligible', days: 180, terms: [['CHILD_ORDER_TOTAL', 180]], amountFen: 4_666_662 });
  });

  it('a difficult birth (DOMAIN.md worked example): 180 + 15 = 195 days; 777,777 × 195 ÷ 30 = 5,055,550.5 → 5,055,551 fen', () => {
    const d = mother('220100', W, { difficultBirth: true });
    expect(figures(d)).toEqual({ outcome: 'eligible', days: 195, terms: [['CHILD_ORDER_TOTAL', 180], ['DIFFICULT_BIRTH', 15]], amountFen: 5_055_551 });
    expect(d).toMatchObject({ ruleVersion: 1, wageFen: 777_777, wageSource: 'employer-average-monthly-wage', insuringRegionCode: '220100' });
    expect(d.dayTerms[0]!.source).toBe('policy v1 220100 maternityLeave.totalDaysByChildOrder — 003_b6f184729193ea06.txt item 5');
  });

  it('a caesarean counts as difficult: 195 days, 5,055,551 fen', () => {
    expect(figures(mother('220100', W, { deliveryMode: 'caesarean' }))).toEqual({ outcome: 'eligible', days: 195, terms: [['CHILD_ORDER_TOTAL', 180], ['DIFFICULT_BIRTH', 15]], amountFen: 5_055_551 });
  });

  it('twins: 180 + 15 = 195 days, 5,055,551 fen; triplets by caesarean: 180 + 15 + 30 = 225 days, 777,777 × 225 ÷ 30 = 5,833,327.5 → 5,833,328 fen', () => {
    expect(figures(mother('220100', W, { babies: 2 }))).toEqual({ outcome: 'eligible', days: 195, terms: [['CHILD_ORDER_TOTAL', 180], ['EXTRA_BABIES', 15]], amountFen: 5_055_551 });
    expect(figures(mother('220100', W, { babies: 3, deliveryMode: 'caesarean' }))).toEqual({
      outcome: 'eligible',
      days: 225,
      terms: [['CHILD_ORDER_TOTAL', 180], ['DIFFICULT_BIRTH', 15], ['EXTRA_BABIES', 30]],
      amountFen: 5_833_328,
    });
  });

  it('the father insured: 25 days; 900,000 × 25 ÷ 30 = 750,000 fen', () => {
    const d = decidePaternityLeave(insured('220100', 900_000), false, rulesOf);
    expect(figures(d)).toEqual({ outcome: 'eligible', days: 25, terms: [['PATERNITY_LEAVE', 25]], amountFen: 750_000 });
    expect(d).toMatchObject({ benefit: 'paternity-leave', beneficiary: 'father' });
  });

  it('a flexible-employment mother is not covered (employees only, verify): rejected with a reason', () => {
    const d = decideMaternityLeave(insured('220100', W, 'flexible-employment'), FIRST_CHILD, rulesOf);
    expect(d).toMatchObject({ outcome: 'rejected', reasonCode: 'INSURED_CATEGORY_NOT_COVERED', days: null, amountFen: null, ruleVersion: 1 });
    expect(d.reason).toEqual({ zh: '长春市的生育保险不覆盖灵活就业人员，不能领取产假津贴。', en: 'Maternity insurance in 220100 does not cover flexible-employment workers: no maternity-leave allowance.' });
  });

  it('an unknown employer wage: the region\'s base is a manual review, so the days are known and the amount waits for a clerk', () => {
    const d = mother('220100', null);
    expect(figures(d)).toEqual({ outcome: 'manual-review', days: 180, terms: [['CHILD_ORDER_TOTAL', 180]], amountFen: null });
    expect(d).toMatchObject({ reasonCode: 'WAGE_UNKNOWN_MANUAL_REVIEW', wageFen: null, wageRule: expect.stringContaining('allowance.wageBaseWhenUnknown') });
  });
});

describe('Dalian 210200 (158 days, paternity 20, verify; seed 000)', () => {
  const W = 777_777;

  it('a first child: 158 days; 777,777 × 158 ÷ 30 = 4,096,292.2 → 4,096,292 fen', () => {
    expect(figures(mother('210200', W))).toEqual({ outcome: 'eligible', days: 158, terms: [['CHILD_ORDER_TOTAL', 158]], amountFen: 4_096_292 });
  });

  it('a difficult birth: 158 + 15 = 173 days; 777,777 × 173 ÷ 30 = 4,485,180.7 → 4,485,181 fen', () => {
    expect(figures(mother('210200', W, { difficultBirth: true }))).toEqual({ outcome: 'eligible', days: 173, terms: [['CHILD_ORDER_TOTAL', 158], ['DIFFICULT_BIRTH', 15]], amountFen: 4_485_181 });
  });

  it('a caesarean: 173 days, 4,485,181 fen; an assisted delivery too', () => {
    expect(mother('210200', W, { deliveryMode: 'caesarean' })).toMatchObject({ days: 173, amountFen: 4_485_181 });
    expect(mother('210200', W, { deliveryMode: 'assisted' })).toMatchObject({ days: 173, amountFen: 4_485_181 });
  });

  it('twins: 158 + 15 = 173 days, 4,485,181 fen; a second child is still 158 days', () => {
    expect(figures(mother('210200', W, { babies: 2 }))).toEqual({ outcome: 'eligible', days: 173, terms: [['CHILD_ORDER_TOTAL', 158], ['EXTRA_BABIES', 15]], amountFen: 4_485_181 });
    expect(mother('210200', W, { livingChildrenBefore: 1 })).toMatchObject({ days: 158, amountFen: 4_096_292 });
  });

  it('the father insured: 20 days; 777,777 × 20 ÷ 30 = 518,518 fen; uninsured: rejected NOT_INSURED', () => {
    expect(figures(decidePaternityLeave(insured('210200', W), false, rulesOf))).toEqual({ outcome: 'eligible', days: 20, terms: [['PATERNITY_LEAVE', 20]], amountFen: 518_518 });
    const uninsured = decidePaternityLeave({ insured: false }, false, rulesOf);
    expect(uninsured).toMatchObject({ outcome: 'rejected', reasonCode: 'NOT_INSURED', ruleVersion: null, days: null, amountFen: null });
    expect(uninsured.reason).toEqual({ zh: '未参加生育保险，不能领取护理假津贴。', en: 'Not covered by maternity insurance: no paternity-leave allowance.' });
  });

  it('flexible-employment workers pay no maternity insurance in Dalian (seed 000): rejected', () => {
    expect(decideMaternityLeave(insured('210200', W, 'flexible-employment'), FIRST_CHILD, rulesOf)).toMatchObject({ outcome: 'rejected', reasonCode: 'INSURED_CATEGORY_NOT_COVERED' });
    expect(decideMaternityLeave(insured('210200', W, 'unemployment-benefit'), FIRST_CHILD, rulesOf)).toMatchObject({ outcome: 'rejected', reasonCode: 'INSURED_CATEGORY_NOT_COVERED' });
  });

  it('an unknown employer wage: manual review, 158 days, no amount', () => {
    expect(figures(mother('210200', null))).toEqual({ outcome: 'manual-review', days: 158, terms: [['CHILD_ORDER_TOTAL', 158]], amountFen: null });
  });
});

describe('Baoji 610300 (158 days, paternity 15, 20 apart, verify)', () => {
  const W = 650_000; // 6,500.00 yuan

  it('a first child: 158 days; 650,000 × 158 ÷ 30 = 3,423,333.33… → 3,423,333 fen', () => {
    expect(figures(mother('610300', W))).toEqual({ outcome: 'eligible', days: 158, terms: [['CHILD_ORDER_TOTAL', 158]], amountFen: 3_423_333 });
  });

  it('a difficult birth, a caesarean, twins: 173 days; 650,000 × 173 ÷ 30 = 3,748,333.33… → 3,748,333 fen', () => {
    expect(mother('610300', W, { difficultBirth: true })).toMatchObject({ days: 173, amountFen: 3_748_333 });
    expect(mother('610300', W, { deliveryMode: 'caesarean' })).toMatchObject({ days: 173, amountFen: 3_748_333 });
    expect(figures(mother('610300', W, { babies: 2 }))).toEqual({ outcome: 'eligible', days: 173, terms: [['CHILD_ORDER_TOTAL', 158], ['EXTRA_BABIES', 15]], amountFen: 3_748_333 });
  });

  it('the father insured: 15 days, 820,050 × 15 ÷ 30 = 410,025 fen; couple apart: 15 + 5 = 20 days, 820,050 × 20 ÷ 30 = 546,700 fen', () => {
    expect(figures(decidePaternityLeave(insured('610300', 820_050), false, rulesOf))).toEqual({ outcome: 'eligible', days: 15, terms: [['PATERNITY_LEAVE', 15]], amountFen: 410_025 });
    const apart = decidePaternityLeave(insured('610300', 820_050), true, rulesOf);
    expect(figures(apart)).toEqual({ outcome: 'eligible', days: 20, terms: [['PATERNITY_LEAVE', 15], ['COUPLE_APART', 5]], amountFen: 546_700 });
    expect(apart.dayTerms[1]!.source).toContain('610300 paternityLeave.coupleApartDays');
  });

  it('the father uninsured: rejected', () => {
    expect(decidePaternityLeave({ insured: false, insuringRegionCode: '610300' }, true, rulesOf)).toMatchObject({ outcome: 'rejected', reasonCode: 'NOT_INSURED' });
  });

  it('unemployment-benefit recipients are covered (seed 001), flexible-employment workers are not', () => {
    expect(decideMaternityLeave(insured('610300', W, 'unemployment-benefit'), FIRST_CHILD, rulesOf)).toMatchObject({ outcome: 'eligible', amountFen: 3_423_333 });
    expect(decideMaternityLeave(insured('610300', W, 'flexible-employment'), FIRST_CHILD, rulesOf)).toMatchObject({ outcome: 'rejected', reasonCode: 'INSURED_CATEGORY_NOT_COVERED' });
  });

  it('an unknown employer wage: manual review', () => {
    expect(mother('610300', null)).toMatchObject({ outcome: 'manual-review', days: 158, amountFen: null });
  });
});

describe('Shangyu 330604 (158 first, 188 second or third; paternity 15, verify; seed 004)', () => {
  const W = 543_210; // 5,432.10 yuan

  it('a first child: 158 days; 543,210 × 158 ÷ 30 = 2,860,906 fen', () => {
    expect(figures(mother('330604', W))).toEqual({ outcome: 'eligible', days: 158, terms: [['CHILD_ORDER_TOTAL', 158]], amountFen: 2_860_906 });
  });

  it('a second child: 188 days; 543,210 × 188 ÷ 30 = 3,404,116 fen; a third child also 188', () => {
    expect(figures(mother('330604', W, { livingChildrenBefore: 1 }))).toEqual({ outcome: 'eligible', days: 188, terms: [['CHILD_ORDER_TOTAL', 188]], amountFen: 3_404_116 });
    expect(mother('330604', W, { livingChildrenBefore: 2 })).toMatchObject({ days: 188, amountFen: 3_404_116 });
  });

  it('a difficult birth and a caesarean: 173 days; 543,210 × 173 ÷ 30 = 3,132,511 fen', () => {
    expect(mother('330604', W, { difficultBirth: true })).toMatchObject({ days: 173, amountFen: 3_132_511 });
    expect(mother('330604', W, { deliveryMode: 'caesarean' })).toMatchObject({ days: 173, amountFen: 3_132_511 });
  });

  it('twins as a second child: 188 + 15 = 203 days; 543,210 × 203 ÷ 30 = 3,675,721 fen', () => {
    expect(figures(mother('330604', W, { babies: 2, livingChildrenBefore: 1 }))).toEqual({ outcome: 'eligible', days: 203, terms: [['CHILD_ORDER_TOTAL', 188], ['EXTRA_BABIES', 15]], amountFen: 3_675_721 });
  });

  it('the father insured: 15 days, 543,210 × 15 ÷ 30 = 271,605 fen; couple apart changes nothing here (no extra days)', () => {
    expect(decidePaternityLeave(insured('330604', W), false, rulesOf)).toMatchObject({ outcome: 'eligible', days: 15, amountFen: 271_605 });
    expect(figures(decidePaternityLeave(insured('330604', W), true, rulesOf))).toEqual({ outcome: 'eligible', days: 15, terms: [['PATERNITY_LEAVE', 15]], amountFen: 271_605 });
  });

  it('every category is covered (seed 004); a category not stated is not', () => {
    expect(decideMaternityLeave(insured('330604', W, 'flexible-employment'), FIRST_CHILD, rulesOf)).toMatchObject({ outcome: 'eligible', amountFen: 2_860_906 });
    expect(decideMaternityLeave(insured('330604', W, 'unemployment-benefit'), FIRST_CHILD, rulesOf)).toMatchObject({ outcome: 'eligible' });
    expect(decideMaternityLeave(insured('330604', W, null), FIRST_CHILD, rulesOf)).toMatchObject({ outcome: 'rejected', reasonCode: 'INSURED_CATEGORY_NOT_COVERED' });
  });

  it('an unknown employer wage: manual review, 188 days for a second child', () => {
    expect(mother('330604', null, { livingChildrenBefore: 1 })).toMatchObject({ outcome: 'manual-review', days: 188, amountFen: null });
  });
});

describe('outside the served regions, and insurance blocks that decide nothing', () => {
  it('a parent insured in Beijing (110105, not served) is forwarded to that region, never paid from another region\'s rules', () => {
    const d = decideMaternityLeave(insured('110105', 777_777), FIRST_CHILD, rulesOf);
    expect(d).toMatchObject({ outcome: 'forwarded', reasonCode: 'INSURED_IN_REGION_NOT_SERVED', forwardedTo: '110105', days: null, amountFen: null });
    expect(decidePaternityLeave(insured('110105', 777_777), false, rulesOf)).toMatchObject({ outcome: 'forwarded', forwardedTo: '110105' });
  });

  it('a mother not insured, an insuring region missing or unknown: rejected with their codes', () => {
    expect(decideMaternityLeave({ insured: false }, FIRST_CHILD, rulesOf)).toMatchObject({ outcome: 'rejected', reasonCode: 'NOT_INSURED' });
    expect(decideMaternityLeave({ insured: true, insuredCategory: 'employee' }, FIRST_CHILD, rulesOf)).toMatchObject({ outcome: 'rejected', reasonCode: 'INSURING_REGION_MISSING' });
    expect(decideMaternityLeave(insured('999999', 1), FIRST_CHILD, rulesOf)).toMatchObject({ outcome: 'rejected', reasonCode: 'INSURING_REGION_UNKNOWN' });
  });

  it('a regional average wage as the base, where a region names one: the amount from it', () => {
    const base = rulesOf('210200');
    const withBase = { ...base, values: { ...base.values, allowance: { wageBaseWhenUnknown: { basis: 'regional-average-wage' as const, monthlyWageFen: 600_000 } } } };
    const d = decideMaternityLeave(insured('210200', null), FIRST_CHILD, () => withBase);
    // 600,000 × 158 ÷ 30 = 3,160,000 fen
    expect(d).toMatchObject({ outcome: 'eligible', wageFen: 600_000, wageSource: 'regional-average-wage', days: 158, amountFen: 3_160_000 });
  });
});
