import { loadPolicyDirectory, rulesFor } from './repository-versions';
import { maternityLeaveDays } from './maternity-leave';

// The repository's rules for the seed regions, against the figures of DOMAIN.md §3–§8 written
// here as literals (never read from the rule files), with where each comes from.

const ON = '2026-03-01';
const SEED_000 = '000_5301a4410fcf2ec8.txt';
const SEED_001 = '001_46fbec757ecde61e.txt';
const SEED_003 = '003_b6f184729193ea06.txt';
const SEED_004 = '004_0f509a383a3cff58.txt';

describe('the repository rules of the seed regions', () => {
  it('serves exactly the four seed prefectures', () => {
    expect(loadPolicyDirectory().servedPrefectures(ON)).toEqual(['210200', '220100', '330600', '610300']);
    for (const code of ['210200', '210202', '220100', '220184', '330600', '330604', '330602', '610300', '610305']) {
      expect(rulesFor(code, ON).values.platform.served).toBe(true);
    }
    for (const code of ['210100', '210000', '440103', '653101', '110105']) {
      expect(rulesFor(code, ON).values.platform.served).toBe(false);
    }
  });

  it('names the version it used and the file it came from', () => {
    const rules = rulesFor('210200', ON);
    expect(rules.version).toBe(1);
    expect(rules.effectiveFrom).toBe('2024-01-01');
    expect(rules.provenance['sla.maternityAllowance']).toMatchObject({ version: 1, origin: 'libs/policy/data/policy-v1.json' });
  });

  it('Dalian 210200: employees only, 158 days and 20 paternity days to verify, 10 working days to pay', () => {
    const { values, provenance } = rulesFor('210200', ON);
    expect(values.maternityInsurance.insuredCategories).toEqual(['employee']);
    expect(provenance['maternityInsurance.insuredCategories']).toMatchObject({ level: 'prefecture', regionCode: '210200', source: { kind: 'seed', document: SEED_000 }, verify: false });
    expect(values.maternityLeave.totalDaysByChildOrder).toEqual([{ fromChildOrder: 1, days: 158 }]);
    expect(provenance['maternityLeave.totalDaysByChildOrder']).toMatchObject({ verify: true, source: { kind: 'regulation', document: '辽宁省人口与计划生育条例' } });
    expect(values.paternityLeave).toEqual({ days: 20, coupleApartDays: 20 });
    expect(provenance['paternityLeave.days'].verify).toBe(true);
    expect(values.sla.maternityAllowance).toBe(10);
    expect(provenance['sla.maternityAllowance']).toMatchObject({ level: 'national', source: { kind: 'seed', document: SEED_000, quote: '办理时限不超过10个工作日' } });
    expect(values.medicalInsurance.eligibility).toEqual({ newbornRegisteredInCity: true, parentHukouInCity: true, parentResidencePermitInCity: true });
    expect(provenance['medicalInsurance.eligibility'].source.document).toBe(SEED_000);
    expect(values.householdRegistration.settlement).toEqual({ mode: 'parent-hukou' });
  });

  it('Changchun 220100: 180 and 25 days from seed 003, settlement in any Changchun county, employees to verify', () => {
    const { values, provenance } = rulesFor('220100', ON);
    expect(values.maternityLeave.totalDaysByChildOrder).toEqual([{ fromChildOrder: 1, days: 180 }]);
    expect(provenance['maternityLeave.totalDaysByChildOrder']).toMatchObject({ level: 'prefecture', verify: false, source: { kind: 'seed', document: SEED_003, where: 'item 5' } });
    expect(values.paternityLeave).toEqual({ days: 25, coupleApartDays: 25 });
    expect(values.householdRegistration.settlement).toEqual({ mode: 'named-county', countiesWithin: '220100' });
    expect(provenance['householdRegistration.settlement'].source).toMatchObject({ document: SEED_003, where: 'item 9' });
    expect(values.maternityInsurance.insuredCategories).toEqual(['employee']);
    expect(provenance['maternityInsurance.insuredCategories'].verify).toBe(true);
    // A district of Changchun inherits the city's rules.
    expect(rulesFor('220102', ON).values.householdRegistration.settlement).toEqual({ mode: 'named-county', countiesWithin: '220100' });
    expect(rulesFor('220102', ON).provenance['paternityLeave.days']).toMatchObject({ level: 'prefecture', regionCode: '220100' });
  });

  it('Changchun: the worked example of DOMAIN.md §7 has 195 days (180 + 15 for a difficult birth)', () => {
    const leave = maternityLeaveDays(rulesFor('220100', ON).values.maternityLeave, {
      livingChildrenBefore: 0,
      babies: 1,
      deliveryMode: 'vaginal',
      difficultBirth: true,
    });
    expect(leave).toEqual({ childOrder: 1, baseDays: 180, difficult: true, difficultBirthDays: 15, extraBabies: 0, extraBabyDays: 0, totalDays: 195 });
  });

  it('Baoji 610300: employees and unemployment-benefit recipients, 158 days, 15 paternity days or 20 when apart', () => {
    const { values, provenance } = rulesFor('610300', ON);
    expect(values.maternityInsurance.insuredCategories).toEqual(['employee', 'unemployment-benefit']);
    expect(provenance['maternityInsurance.insuredCategories'].source).toMatchObject({ kind: 'seed', document: SEED_001, where: 'item 9' });
    expect(values.maternityLeave.totalDaysByChildOrder).toEqual([{ fromChildOrder: 1, days: 158 }]);
    expect(values.paternityLeave).toEqual({ days: 15, coupleApartDays: 20 });
    expect(provenance['paternityLeave.coupleApartDays'].verify).toBe(true);
  });

  it('Shangyu 330604: three insured categories, 158 days for a first child and 188 for a second or third, 15 paternity days', () => {
    const { values, provenance, chain } = rulesFor('330604', ON);
    expect(chain).toEqual([
      { level: 'county', regionCode: '330604' },
      { level: 'prefecture', regionCode: '330600' },
      { level: 'province', regionCode: '330000' },
    ]);
    expect(values.maternityInsurance.insuredCategories).toEqual(['employee', 'flexible-employment', 'unemployment-benefit']);
    expect(provenance['maternityInsurance.insuredCategories']).toMatchObject({ level: 'county', source: { kind: 'seed', document: SEED_004, where: 'item 13' } });
    expect(values.maternityLeave.totalDaysByChildOrder).toEqual([
      { fromChildOrder: 1, days: 158 },
      { fromChildOrder: 2, days: 188 },
    ]);
    expect(provenance['maternityLeave.totalDaysByChildOrder'].verify).toBe(true);
    expect(values.paternityLeave).toEqual({ days: 15, coupleApartDays: 15 });
    expect(provenance['platform.served']).toMatchObject({ level: 'prefecture', regionCode: '330600' });
    const secondChild = maternityLeaveDays(values.maternityLeave, { livingChildrenBefore: 1, babies: 1, deliveryMode: 'vaginal', difficultBirth: false });
    expect(secondChild.totalDays).toBe(188);
    const firstTwinsByCaesarean = maternityLeaveDays(values.maternityLeave, { livingChildrenBefore: 0, babies: 2, deliveryMode: 'caesarean', difficultBirth: false });
    expect(firstTwinsByCaesarean).toMatchObject({ baseDays: 158, difficult: true, difficultBirthDays: 15, extraBabyDays: 15, totalDays: 188 });
    // Another district of Shaoxing is served, but Shangyu's own values stay Shangyu's.
    expect(rulesFor('330602', ON).values.maternityInsurance.insuredCategories).toEqual(['employee']);
  });

  it('national rules: a year to submit, 90 days for insurance counted per the Civil Code, certificate formats, SLA targets', () => {
    const { values, provenance } = rulesFor('440103', ON);
    expect(values.intake.window).toEqual({ amount: 1, unit: 'years' });
    expect(values.medicalInsurance.onTimeWindowDays).toBe(90);
    expect(provenance['medicalInsurance.onTimeWindowDays'].source).toMatchObject({ document: SEED_003, where: 'item 22' });
    expect(values.medicalInsurance.windowCounting).toEqual({ countsFrom: 'day-after-birth', restDayEndMovesToNextWorkingDay: true });
    expect(provenance['medicalInsurance.windowCounting'].source).toMatchObject({ kind: 'regulation', document: '中华人民共和国民法典', where: 'art. 201, 203' });
    expect(values.medicalInsurance.coverageWhenOnTime).toEqual({ starts: 'date-of-birth', waitingDays: 0 });
    expect(provenance['medicalInsurance.coverageWhenLate'].verify).toBe(true);
    expect(values.medicalInsurance.firstYearContributionFenByYear).toEqual({ 2025: 40000 });
    expect(provenance['medicalInsurance.firstYearContributionFenByYear'].verify).toBe(true);
    expect(values.medicalInsurance.enrolmentNeeds).toBe('birth-certificate');
    expect(new RegExp(values.certificates.birthCertificateNumber.pattern).test('A123456789')).toBe(true);
    expect(new RegExp(values.certificates.birthCertificateNumber.pattern).test('A12345678')).toBe(false);
    expect(new RegExp(values.certificates.citizenIdNumber.pattern).test('33060420260301002X')).toBe(true);
    expect(values.maternityLeave).toEqual({
      totalDaysByChildOrder: [{ fromChildOrder: 1, days: 98 }],
      difficultBirthExtraDays: 15,
      extraBabyDays: 15,
      difficultDeliveryModes: ['assisted', 'caesarean'],
    });
    expect(provenance['maternityLeave.difficultDeliveryModes'].verify).toBe(true);
    expect(values.maternityInsurance.minimumContributionMonths).toBe(0);
    expect(values.allowance.wageBaseWhenUnknown).toEqual({ basis: 'manual-review' });
    expect(provenance['allowance.wageBaseWhenUnknown'].verify).toBe(true);
    expect(values.sla).toEqual({ birthCertificate: 1, householdRegistration: 5, medicalInsurance: 5, socialSecurityCard: 10, maternityAllowance: 10 });
    expect(provenance['sla.birthCertificate'].source.kind).toBe('platform-default');
  });

  it('marks every value that DOMAIN.md marks (verify), and no other', () => {
    const verified = (code: string) =>
      Object.entries(rulesFor(code, ON).provenance)
        .filter(([, p]) => p.verify)
        .map(([path]) => path)
        .sort();
    const national = [
      'allowance.wageBaseWhenUnknown',
      'maternityLeave.difficultDeliveryModes',
      'medicalInsurance.coverageWhenLate',
      'medicalInsurance.firstYearContributionFenByYear',
    ];
    expect(verified('440103')).toEqual(national);
    expect(verified('210200')).toEqual([...national, 'maternityLeave.totalDaysByChildOrder', 'paternityLeave.coupleApartDays', 'paternityLeave.days'].sort());
    expect(verified('220100')).toEqual([...national, 'maternityInsurance.insuredCategories'].sort());
    expect(verified('610300')).toEqual([...national, 'maternityLeave.totalDaysByChildOrder', 'paternityLeave.coupleApartDays', 'paternityLeave.days'].sort());
    expect(verified('330604')).toEqual([...national, 'maternityLeave.totalDaysByChildOrder', 'paternityLeave.coupleApartDays', 'paternityLeave.days'].sort());
  });

  it('every value names a source document', () => {
    for (const code of ['210200', '220100', '330604', '610300', '440103']) {
      for (const provenance of Object.values(rulesFor(code, ON).provenance)) {
        expect(provenance.source.document.length).toBeGreaterThan(0);
      }
    }
  });
});
