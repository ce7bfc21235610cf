import type { EligibilityBasis, HukouParent, LocalizedTextV1 } from '@birth/contracts';
import { nameOf, prefectureOf, provinceOf, type ResolvedRules } from '@birth/policy';

// Eligibility for a city's resident medical insurance (DOMAIN.md §5, seed 000): a newborn
// registered in the city, or with either parent holding the city's hukou or residence permit.
// The city is the hospital's prefecture. A newborn not eligible there is rejected with the city
// where the family can enrol: the chosen parent's hukou city.

/** A parent's places, as birth.registered.v1 carries them (both optional). */
export interface ParentPlaces {
  hukouRegionCode?: string | null;
  residencePermitRegionCode?: string | null;
}

/** What the decision reads from birth.registered.v1. */
export interface EligibilityFacts {
  /** The hospital's county (GB/T 2260): its prefecture is the city that enrols. */
  hospitalRegionCode: string;
  /** Whose hukou the newborn is registered under (DOMAIN.md §4). */
  hukouParent: HukouParent;
  /** A settlement county the applicant chose where the rules allow it (Changchun): the newborn is registered there. */
  settlementRegionCode?: string | null;
  mother: ParentPlaces;
  father?: ParentPlaces | null;
}

export type EligibilityRule = ResolvedRules['values']['medicalInsurance']['eligibility'];

export type EligibilityDecision =
  | { eligible: true; city: string; basis: EligibilityBasis }
  | { eligible: false; city: string; referredTo: string | null; reasonCode: 'NOT_ELIGIBLE_IN_CITY'; reason: LocalizedTextV1 };

/** The county the newborn will be registered in: the settlement county, or the chosen parent's hukou county. */
export function newbornRegistrationCounty(facts: EligibilityFacts): string | null {
  if (facts.settlementRegionCode) return facts.settlementRegionCode;
  const parent = facts.hukouParent === 'father' ? facts.father : facts.mother;
  return parent?.hukouRegionCode ?? null;
}

export function decideEligibility(facts: EligibilityFacts, rule: EligibilityRule): EligibilityDecision {
  const city = prefectureOf(facts.hospitalRegionCode);
  if (!city) throw new RangeError(`hospital.regionCode is not a county or prefecture: ${JSON.stringify(facts.hospitalRegionCode)}`);
  const inCity = (code: string | null | undefined): boolean => !!code && prefectureOf(code) === city;
  const bases: Array<[boolean, EligibilityBasis]> = [
    [rule.newbornRegisteredInCity && inCity(newbornRegistrationCounty(facts)), 'newborn-hukou'],
    [rule.parentHukouInCity && inCity(facts.mother.hukouRegionCode), 'mother-hukou'],
    [rule.parentHukouInCity && inCity(facts.father?.hukouRegionCode), 'father-hukou'],
    [rule.parentResidencePermitInCity && inCity(facts.mother.residencePermitRegionCode), 'mother-residence-permit'],
    [rule.parentResidencePermitInCity && inCity(facts.father?.residencePermitRegionCode), 'father-residence-permit'],
  ];
  const basis = bases.find(([holds]) => holds)?.[1];
  if (basis) return { eligible: true, city, basis };

  const chosen = facts.hukouParent === 'father' ? facts.father : facts.mother;
  const referredTo = chosen?.hukouRegionCode ? (prefectureOf(chosen.hukouRegionCode) ?? null) : null;
  const here = cityName(city);
  const there = referredTo ? cityName(referredTo) : null;
  return {
    eligible: false,
    city,
    referredTo,
    reasonCode: 'NOT_ELIGIBLE_IN_CITY',
    reason: there
      ? {
          zh: `新生儿及其父母均无${here}户籍或居住证，不能参加${here}城乡居民医保；请到${there}（${referredTo}）参保`,
          en: `Neither the newborn nor a parent holds a hukou or residence permit of ${here} (${city}); the family can enrol in ${there} (${referredTo})`,
        }
      : {
          zh: `新生儿及其父母均无${here}户籍或居住证，不能参加${here}城乡居民医保；请到户籍所在地参保`,
          en: `Neither the newborn nor a parent holds a hukou or residence permit of ${here} (${city}); the family can enrol where the chosen parent's hukou is`,
        },
  };
}

/** A prefecture's name; a municipality's groupings (市辖区, 县) take the municipality's name (北京市). */
function cityName(code: string): string {
  const name = nameOf(code);
  if (name === '市辖区' || name === '县') return nameOf(provinceOf(code) ?? '') ?? code;
  return name ?? code;
}
