import { countiesIn, isKnownCounty, isUndividedPrefecture, PolicyLookupError, rulesFor, type ResolvedRules } from '@birth/policy';

/**
 * Which county registers the newborn (DOMAIN.md §4): the hukou county of the parent the family
 * chose, or, where the region's rule allows it (Changchun, `named-county`), the settlement county
 * the family named. A county outside the served prefectures is forwarded to its own office.
 */

export type HukouParent = 'mother' | 'father';

export interface RegistrationPlaceInput {
  hukouParent: HukouParent;
  motherHukouRegionCode?: string;
  fatherHukouRegionCode?: string;
  /** The settlement county the family named, if any. */
  settlementRegionCode?: string;
  /** The China date of birth, `YYYY-MM-DD`: the rules in effect on it decide. */
  chinaBirthDate: string;
}

export type ReviewCode = 'HUKOU_MISSING' | 'HUKOU_NOT_A_COUNTY' | 'SETTLEMENT_NOT_ALLOWED';

export type RegistrationPlace =
  /** Registered here, in `countyCode`. */
  | { kind: 'register'; countyCode: string; basis: 'parent-hukou' | 'settlement'; ruleVersion: number }
  /** Outside the served prefectures: forwarded to `countyCode`'s office (outside this platform's SLA). */
  | { kind: 'forward'; countyCode: string; basis: 'parent-hukou' | 'settlement'; ruleVersion: number }
  /** The facts do not decide a county: a person must look (MANUAL_REVIEW). */
  | { kind: 'review'; code: ReviewCode; reason: { zh: string; en: string } };

/** How the rules are looked up: the repository's versions by default, a service's own PolicyStore otherwise. */
export type RulesLookup = (regionCode: string, onDate: string) => ResolvedRules;

export function registrationPlace(input: RegistrationPlaceInput, lookup: RulesLookup = rulesFor): RegistrationPlace {
  if (input.settlementRegionCode !== undefined) return settlementPlace(input.settlementRegionCode, input.chinaBirthDate, lookup);
  const hukou = input.hukouParent === 'mother' ? input.motherHukouRegionCode : input.fatherHukouRegionCode;
  const parent = input.hukouParent === 'mother' ? { zh: '母亲', en: "mother's" } : { zh: '父亲', en: "father's" };
  if (hukou === undefined) {
    return review('HUKOU_MISSING', `未提供${parent.zh}的户籍地区划代码`, `the ${parent.en} hukou region code is missing`);
  }
  if (!isHukouCounty(hukou)) {
    return review('HUKOU_NOT_A_COUNTY', `${parent.zh}的户籍地 ${hukou} 不是县级区划代码`, `the ${parent.en} hukou ${hukou} is not a county-level code`);
  }
  return servedOrForwarded(hukou, 'parent-hukou', lookup(hukou, input.chinaBirthDate));
}

/** A county-level code, or a prefecture without counties (东莞 441900), where hukou are registered under its own code. */
export function isHukouCounty(code: string): boolean {
  return isKnownCounty(code) || isUndividedPrefecture(code);
}

function settlementPlace(county: string, onDate: string, lookup: RulesLookup): RegistrationPlace {
  const refused = review(
    'SETTLEMENT_NOT_ALLOWED',
    `${county} 不是可以选择落户的县级区划`,
    `${county} is not a county where the rules let a family choose to settle`,
  );
  if (!isKnownCounty(county)) return refused;
  const rules = lookupOrUndefined(lookup, county, onDate);
  const settlement = rules?.values.householdRegistration.settlement;
  if (!rules || settlement?.mode !== 'named-county' || !countiesIn(settlement.countiesWithin).includes(county)) return refused;
  return servedOrForwarded(county, 'settlement', rules);
}

function servedOrForwarded(county: string, basis: 'parent-hukou' | 'settlement', rules: ResolvedRules): RegistrationPlace {
  const kind = rules.values.platform.served ? 'register' : 'forward';
  return { kind, countyCode: county, basis, ruleVersion: rules.version };
}

function lookupOrUndefined(lookup: RulesLookup, region: string, onDate: string): ResolvedRules | undefined {
  try {
    return lookup(region, onDate);
  } catch (error) {
    if (error instanceof PolicyLookupError && error.code === 'REGION_UNKNOWN') return undefined;
    throw error;
  }
}

function review(code: ReviewCode, zh: string, en: string): RegistrationPlace {
  return { kind: 'review', code, reason: { zh, en } };
}
