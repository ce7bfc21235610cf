import { rulesFor } from '@birth/policy';
import { decideEligibility, newbornRegistrationCounty, type EligibilityFacts } from './eligibility';

const rule = (region: string) => rulesFor(region, '2026-03-01').values.medicalInsurance.eligibility;

/** A family with nothing in the hospital's city unless a test gives it. */
function family(hospitalRegionCode: string, overrides: Partial<EligibilityFacts> = {}): EligibilityFacts {
  return { hospitalRegionCode, hukouParent: 'mother', mother: { hukouRegionCode: '110101' }, father: { hukouRegionCode: '310101' }, ...overrides };
}

describe('decideEligibility (DOMAIN.md §5): the city is the hospital’s prefecture', () => {
  // Each seed region: a parent's hukou in one of its counties makes the newborn eligible there.
  it.each([
    ['Dalian', '210202', '210204', '210200'],
    ['Changchun', '220102', '220104', '220100'],
    ['Shangyu (Shaoxing)', '330604', '330602', '330600'],
    ['Baoji', '610302', '610303', '610300'],
  ])('%s: the newborn registered in the city (the chosen parent’s hukou county) is eligible', (_name, hospital, hukou, city) => {
    const decision = decideEligibility(family(hospital, { mother: { hukouRegionCode: hukou } }), rule(hospital));
    expect(decision).toEqual({ eligible: true, city, basis: 'newborn-hukou' });
  });

  it.each([
    ['Dalian', '210202', '210211'],
    ['Changchun', '220102', '220112'],
    ['Shangyu (Shaoxing)', '330604', '330603'],
    ['Baoji', '610302', '610304'],
  ])('%s: the other parent’s hukou in the city makes the newborn eligible', (_name, hospital, hukou) => {
    const decision = decideEligibility(family(hospital, { father: { hukouRegionCode: hukou } }), rule(hospital));
    expect(decision).toMatchObject({ eligible: true, basis: 'father-hukou' });
  });

  it.each([
    ['Dalian', '210202', '210211', 'mother'],
    ['Changchun', '220102', '220112', 'father'],
    ['Shangyu (Shaoxing)', '330604', '330602', 'mother'],
    ['Baoji', '610302', '610304', 'father'],
  ] as const)('%s: a parent’s residence permit in the city makes the newborn eligible', (_name, hospital, permit, who) => {
    const facts = family(hospital);
    facts[who] = { ...facts[who], residencePermitRegionCode: permit };
    expect(decideEligibility(facts, rule(hospital))).toMatchObject({ eligible: true, basis: `${who}-residence-permit` });
  });

  it.each([
    ['Dalian', '210202', '210200', '大连市'],
    ['Changchun', '220102', '220100', '长春市'],
    ['Shangyu (Shaoxing)', '330604', '330600', '绍兴市'],
    ['Baoji', '610302', '610300', '宝鸡市'],
  ])('%s: nobody tied to the city is rejected, referred to the chosen parent’s hukou city', (_name, hospital, city, cityName) => {
    const decision = decideEligibility(family(hospital, { hukouParent: 'father' }), rule(hospital));
    expect(decision).toMatchObject({ eligible: false, city, referredTo: '310100', reasonCode: 'NOT_ELIGIBLE_IN_CITY' });
    expect(decision.eligible === false && decision.reason.zh).toContain(cityName);
    expect(decision.eligible === false && decision.reason.en).toContain('(310100)');
  });

  it('a Changchun settlement county registers the newborn in the city, whatever the parents’ hukou', () => {
    const facts = family('220102', { settlementRegionCode: '220112' });
    expect(newbornRegistrationCounty(facts)).toBe('220112');
    expect(decideEligibility(facts, rule('220102'))).toMatchObject({ eligible: true, basis: 'newborn-hukou' });
  });

  it('names a municipality by its own name (北京市), not its grouping (市辖区)', () => {
    const decision = decideEligibility(family('210202'), rule('210202'));
    expect(decision).toMatchObject({ eligible: false, referredTo: '110100' });
    expect(decision.eligible === false && decision.reason.zh).toContain('请到北京市（110100）参保');
  });

  it('without the chosen parent’s hukou the rejection names no city', () => {
    const decision = decideEligibility(family('210202', { mother: {} }), rule('210202'));
    expect(decision).toMatchObject({ eligible: false, referredTo: null });
  });

  it('applies only the bases the rules allow', () => {
    const permitOnly = family('210202', { mother: { hukouRegionCode: '210204' }, father: { residencePermitRegionCode: '210211' } });
    const decision = decideEligibility(permitOnly, { newbornRegisteredInCity: false, parentHukouInCity: false, parentResidencePermitInCity: true });
    expect(decision).toMatchObject({ eligible: true, basis: 'father-residence-permit' });
    expect(decideEligibility(permitOnly, { newbornRegisteredInCity: false, parentHukouInCity: false, parentResidencePermitInCity: false })).toMatchObject({ eligible: false });
  });

  it('refuses a hospital region that is not a county or prefecture', () => {
    expect(() => decideEligibility(family('210000'), rule('210202'))).toThrow(RangeError);
  });
});
