import type { LocalizedTextV1 } from '@birth/contracts';
import { chinaDateOfBirth, sequenceSexOf, type SequenceSex } from './citizen-id';
import { registrationPlace, type HukouParent, type ReviewCode, type RulesLookup } from './registration-place';

/**
 * What household registration does next for a case (DOMAIN.md §4), from the facts of the birth
 * (as last corrected) and whether the certificate is issued. Pure: the service performs the step
 * (allocates the number, records the change).
 */

/** The facts of the application this item uses (a tolerant reader takes nothing else). */
export interface RegistrationInput {
  /** GB/T 2261.1: '1' male, '2' female, '0' unknown, '9' not stated. */
  sexCode: string;
  /** The time of birth with its offset. */
  bornAt: string;
  hukouParent: HukouParent;
  motherHukouRegionCode?: string;
  fatherHukouRegionCode?: string;
  settlementRegionCode?: string;
}

/** The number's key: what a citizen ID sequence is allocated for. */
export interface NumberKey {
  countyCode: string;
  chinaBirthDate: string;
  sex: SequenceSex;
}

export type RegistrationReviewCode = ReviewCode | 'SEQUENCES_EXHAUSTED' | 'SEX_CORRECTED_AFTER_NUMBER' | 'FACTS_CORRECTED_AFTER_NUMBER';

export type RegistrationStep =
  /** The certificate is not issued yet (another department: the clock has not started). */
  | { kind: 'wait-certificate' }
  /** Sex 0 or 9: only the family can state it (a correction); the clock pauses. */
  | { kind: 'await-sex'; countyCode: string; ruleVersion: string }
  /** A person must look (MANUAL_REVIEW, the clock runs). */
  | { kind: 'review'; code: RegistrationReviewCode; reason: LocalizedTextV1; ruleVersion: string | null }
  /** Outside the served prefectures: forwarded to that county's office. */
  | { kind: 'forward'; countyCode: string; ruleVersion: string }
  /** Registered here: allocate (or get back) the number of this key. */
  | { kind: 'number'; key: NumberKey; ruleVersion: string };

export function nextStep(input: RegistrationInput, certificateIssued: boolean, lookup?: RulesLookup): RegistrationStep {
  if (!certificateIssued) return { kind: 'wait-certificate' };
  const chinaBirthDate = chinaDateOfBirth(new Date(input.bornAt));
  const place = registrationPlace(
    {
      hukouParent: input.hukouParent,
      motherHukouRegionCode: input.motherHukouRegionCode,
      fatherHukouRegionCode: input.fatherHukouRegionCode,
      settlementRegionCode: input.settlementRegionCode,
      chinaBirthDate,
    },
    lookup,
  );
  if (place.kind === 'review') return { kind: 'review', code: place.code, reason: place.reason, ruleVersion: null };
  const ruleVersion = String(place.ruleVersion);
  if (place.kind === 'forward') return { kind: 'forward', countyCode: place.countyCode, ruleVersion };
  const sex = sequenceSexOf(input.sexCode);
  if (!sex) return { kind: 'await-sex', countyCode: place.countyCode, ruleVersion };
  return { kind: 'number', key: { countyCode: place.countyCode, chinaBirthDate, sex }, ruleVersion };
}

/**
 * Once a case has a number, the step decided now must name the same key; anything else (the sex
 * corrected, the parent's hukou corrected, the sex withdrawn) goes to manual review and never
 * changes the number silently (DOMAIN.md §4). Undefined: the number stands.
 */
export function reviewAfterNumber(assigned: NumberKey & { citizenIdNumber: string }, step: RegistrationStep): RegistrationStep | undefined {
  if (step.kind === 'number' && sameKey(step.key, assigned)) return undefined;
  const ruleVersion = step.kind === 'wait-certificate' || step.kind === 'review' ? null : step.ruleVersion;
  if (step.kind === 'number' && step.key.sex !== assigned.sex || step.kind === 'await-sex') {
    return {
      kind: 'review',
      code: 'SEX_CORRECTED_AFTER_NUMBER',
      reason: {
        zh: '公民身份号码已分配后性别被更正：号码不会自动变更，需人工核查',
        en: 'the sex was corrected after the citizen ID number was assigned: the number is never changed silently, manual review',
      },
      ruleVersion,
    };
  }
  return {
    kind: 'review',
    code: 'FACTS_CORRECTED_AFTER_NUMBER',
    reason: {
      zh: '公民身份号码已分配后登记地或出生信息被更正：号码不会自动变更，需人工核查',
      en: 'the registration place or birth facts were corrected after the citizen ID number was assigned: manual review',
    },
    ruleVersion,
  };
}

/** The facts of the application a correction may change for this item: a change elsewhere is not this item's business. */
export function sameInput(a: RegistrationInput, b: RegistrationInput): boolean {
  return (
    a.sexCode === b.sexCode &&
    a.bornAt === b.bornAt &&
    a.hukouParent === b.hukouParent &&
    a.motherHukouRegionCode === b.motherHukouRegionCode &&
    a.fatherHukouRegionCode === b.fatherHukouRegionCode &&
    a.settlementRegionCode === b.settlementRegionCode
  );
}

function sameKey(a: NumberKey, b: NumberKey): boolean {
  return a.countyCode === b.countyCode && a.chinaBirthDate === b.chinaBirthDate && a.sex === b.sex;
}
