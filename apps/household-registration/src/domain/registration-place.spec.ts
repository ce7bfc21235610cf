import { PolicyLookupError, rulesFor } from '@birth/policy';
import { registrationPlace, type RegistrationPlaceInput } from './registration-place';

const born = '2026-03-01';
const viaMother = (county: string, extra: Partial<RegistrationPlaceInput> = {}): RegistrationPlaceInput => ({
  hukouParent: 'mother',
  motherHukouRegionCode: county,
  chinaBirthDate: born,
  ...extra,
});
const version = rulesFor('210200', born).version;

describe('registration place (DOMAIN.md §4)', () => {
  it.each([
    ['Dalian 中山区', '210202'],
    ['Baoji 渭滨区', '610302'],
    ['Changchun 南关区', '220102'],
    ['Shangyu 上虞区', '330604'],
  ])('%s: the chosen parent’s hukou county registers', (_name, county) => {
    expect(registrationPlace(viaMother(county))).toEqual({ kind: 'register', countyCode: county, basis: 'parent-hukou', ruleVersion: version });
  });

  it('follows the parent the family chose, not the other one', () => {
    const input: RegistrationPlaceInput = { hukouParent: 'father', motherHukouRegionCode: '330604', fatherHukouRegionCode: '610302', chinaBirthDate: born };
    expect(registrationPlace(input)).toMatchObject({ kind: 'register', countyCode: '610302' });
  });

  it('forwards a county outside the served prefectures (Guangzhou 天河区) to its office', () => {
    expect(registrationPlace(viaMother('440106'))).toEqual({ kind: 'forward', countyCode: '440106', basis: 'parent-hukou', ruleVersion: version });
  });

  it('forwards a hukou in an undivided prefecture (东莞 441900) under its own code', () => {
    expect(registrationPlace(viaMother('441900'))).toMatchObject({ kind: 'forward', countyCode: '441900' });
  });

  it('forwards another county of a served province that is outside the served prefectures (吉林市 船营区)', () => {
    expect(registrationPlace(viaMother('220204'))).toMatchObject({ kind: 'forward', countyCode: '220204' });
  });

  describe('Changchun settlement (named-county, seed 003 item 9)', () => {
    it('registers in the settlement county the family named, whatever the parent’s hukou', () => {
      expect(registrationPlace(viaMother('440106', { settlementRegionCode: '220183' }))).toEqual({
        kind: 'register',
        countyCode: '220183',
        basis: 'settlement',
        ruleVersion: version,
      });
    });

    it.each([
      ['a Dalian county (Dalian’s rule is parent-hukou)', '210202'],
      ['Shangyu', '330604'],
      ['a Guangdong county', '440106'],
      ['Changchun’s prefecture code itself', '220100'],
      ['a statistics-only development zone (220171)', '220171'],
      ['an unknown code', '999999'],
    ])('refuses %s as a settlement county: manual review', (_why, county) => {
      expect(registrationPlace(viaMother('220102', { settlementRegionCode: county }))).toMatchObject({
        kind: 'review',
        code: 'SETTLEMENT_NOT_ALLOWED',
        reason: { zh: expect.stringContaining(county), en: expect.stringContaining(county) },
      });
    });
  });

  describe('facts that decide nothing: manual review', () => {
    it('the chosen parent has no hukou code', () => {
      const input: RegistrationPlaceInput = { hukouParent: 'father', motherHukouRegionCode: '330604', chinaBirthDate: born };
      expect(registrationPlace(input)).toMatchObject({ kind: 'review', code: 'HUKOU_MISSING', reason: { en: expect.stringContaining('father') } });
    });

    it.each([
      ['a prefecture code', '210200'],
      ['a province code', '220000'],
      ['an unknown code', '999999'],
    ])('the hukou is %s', (_why, code) => {
      expect(registrationPlace(viaMother(code))).toMatchObject({ kind: 'review', code: 'HUKOU_NOT_A_COUNTY' });
    });
  });

  it('asks the rules in effect on the China date of birth, through the lookup it is given', () => {
    const asked: string[] = [];
    registrationPlace(viaMother('330604'), (region, onDate) => {
      asked.push(`${region}@${onDate}`);
      return rulesFor(region, onDate);
    });
    expect(asked).toEqual([`330604@${born}`]);
  });

  it('lets a lookup failure other than an unknown region through (no version in effect)', () => {
    expect(() => registrationPlace(viaMother('330604', { chinaBirthDate: '1990-01-01' }))).toThrow(PolicyLookupError);
  });
});
