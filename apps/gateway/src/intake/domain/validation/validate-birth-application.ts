import type { BankAccountV1, BirthSubmissionV1, IdentityDocumentV1, MaternityInsuranceV1 } from '@birth/contracts';
import { countiesIn, PolicyLookupError, rulesFor, type ResolvedRules } from '@birth/policy';
import { chinaDateOf, completedYears, parseIsoDate } from './dates';
import { intakeError, type IntakeError, type IntakeErrorCode } from './error-catalogue';
import { checkAmountFen, checkBankAccountNumber, checkName, checkPhone } from './field-rules';
import { checkIdentityNumber } from './identity-documents';
import { checkIntakeWindow, type PolicyLookup } from './intake-window';
import { isKnownRegionCode, isRegistrationCounty } from './region-codes';

/** Clocks of hospitals and of the platform may disagree by this much; later than now + skew is "in the future". */
export const CLOCK_SKEW_MS = 5 * 60_000;

export const NEWBORN_WEIGHT_GRAMS = { min: 300, max: 7000 } as const;
export const GESTATION_WEEKS = { min: 20, max: 45 } as const;
export const PLURALITY = { min: 1, max: 8 } as const;
export const MOTHER_AGE_YEARS = { min: 12, max: 60 } as const;

export interface ValidationContext {
  /** The time the application is checked (the request's receipt time); never read from the clock here. */
  now: Date;
  /** The rules by region and China date; the repository's versions (`rulesFor` of @birth/policy) when absent. */
  policy?: PolicyLookup;
}

const inRange = (value: number, range: { min: number; max: number }) => Number.isInteger(value) && value >= range.min && value <= range.max;

/**
 * The detailed rules of the one-form application (DOMAIN.md §2, §4, §9) over a payload whose
 * shape libs/contracts has already validated. Reports every problem at once, in form order; an
 * empty list means the application may be accepted. Messages never contain submitted values.
 */
export function validateBirthApplication(payload: BirthSubmissionV1, context: ValidationContext): IntakeError[] {
  const errors: IntakeError[] = [];
  const report = (field: string, code: IntakeErrorCode, params?: Record<string, number>) => errors.push(intakeError(field, code, params));
  const { now } = context;
  const policy = context.policy ?? rulesFor;
  const { hospital, newborn, mother, father, application } = payload;
  const today = chinaDateOf(now);

  // Hospital
  const hospitalRegionKnown = checkRegion(hospital.regionCode, 'hospital.regionCode', report);

  // Newborn
  const bornAtMs = Date.parse(newborn.bornAt);
  const bornOn = Number.isNaN(bornAtMs) ? null : chinaDateOf(new Date(bornAtMs));
  if (bornOn !== null) {
    if (bornAtMs > now.getTime() + CLOCK_SKEW_MS) {
      report('newborn.bornAt', 'BORN_IN_FUTURE');
    } else if (hospitalRegionKnown) {
      const window = checkIntakeWindow(bornOn, today, hospital.regionCode, policy);
      if (!window.inside) report('newborn.bornAt', 'BIRTH_OUTSIDE_WINDOW', { days: window.days });
    }
  }
  const newbornName = checkName(newborn.name, false);
  if (newbornName) report('newborn.name', newbornName);
  if (!inRange(newborn.weightGrams, NEWBORN_WEIGHT_GRAMS)) report('newborn.weightGrams', 'NEWBORN_WEIGHT_OUT_OF_RANGE');
  if (!inRange(newborn.gestation.weeks, GESTATION_WEEKS)) report('newborn.gestation.weeks', 'GESTATION_OUT_OF_RANGE');
  if (!inRange(newborn.gestation.days, { min: 0, max: 6 })) report('newborn.gestation.days', 'GESTATION_OUT_OF_RANGE');
  const pluralityOk = inRange(newborn.plurality, PLURALITY);
  if (!pluralityOk) report('newborn.plurality', 'PLURALITY_OUT_OF_RANGE');
  if (!inRange(newborn.birthOrder, { min: 1, max: pluralityOk ? newborn.plurality : PLURALITY.max })) {
    report('newborn.birthOrder', 'BIRTH_ORDER_OUT_OF_RANGE');
  }

  // Mother
  const { items } = application;
  const appliesFor = (item: (typeof items)[number]) => items.includes(item);
  checkPersonName(mother.name, 'mother.name', report);
  const motherId = checkIdentity(mother.identity, 'female', 'mother.identity.number', now, report);
  let motherBirthDate: { value: string; field: string } | null = null;
  if (mother.identity.type === 'resident-id') {
    if (motherId) motherBirthDate = { value: motherId, field: 'mother.identity.number' };
  } else {
    if (mother.dateOfBirth === undefined) report('mother.dateOfBirth', 'MOTHER_DATE_OF_BIRTH_REQUIRED');
    else if (!parseIsoDate(mother.dateOfBirth)) report('mother.dateOfBirth', 'MOTHER_DATE_OF_BIRTH_INVALID');
    else motherBirthDate = { value: mother.dateOfBirth, field: 'mother.dateOfBirth' };
    if (mother.nationality === undefined) report('mother.nationality', 'MOTHER_NATIONALITY_REQUIRED');
  }
  if (motherBirthDate && bornOn !== null) {
    const age = completedYears(motherBirthDate.value, bornOn);
    if (age < MOTHER_AGE_YEARS.min || age > MOTHER_AGE_YEARS.max) report(motherBirthDate.field, 'MOTHER_AGE_OUT_OF_RANGE');
  }
  // A resident-ID holder has a hukou; a mother with a passport or a permit may have none (DOMAIN.md §2).
  if (mother.identity.type === 'resident-id' || application.hukouParent === 'mother') {
    if (mother.hukouRegionCode === undefined) report('mother.hukouRegionCode', 'MOTHER_HUKOU_REQUIRED');
    if (mother.hukouAddress === undefined) report('mother.hukouAddress', 'MOTHER_HUKOU_REQUIRED');
  }
  checkOptionalRegion(mother.hukouRegionCode, 'mother.hukouRegionCode', report);
  checkOptionalRegion(mother.residencePermitRegionCode, 'mother.residencePermitRegionCode', report);
  if (checkPhone(mother.phone)) report('mother.phone', 'PHONE_INVALID');
  if (appliesFor('maternity-allowance') && mother.livingChildrenBefore === undefined) report('mother.livingChildrenBefore', 'LIVING_CHILDREN_REQUIRED');
  checkInsurance(mother.maternityInsurance, 'mother.maternityInsurance', report);
  checkBankAccount(mother.bankAccount, 'mother.bankAccount', appliesFor('maternity-allowance'), report);

  // Father
  if (father) {
    checkPersonName(father.name, 'father.name', report);
    checkIdentity(father.identity, 'male', 'father.identity.number', now, report);
    if (father.identity.type !== 'resident-id') {
      if (father.dateOfBirth === undefined) report('father.dateOfBirth', 'FATHER_DATE_OF_BIRTH_REQUIRED');
      else if (!parseIsoDate(father.dateOfBirth) || father.dateOfBirth > today) report('father.dateOfBirth', 'FATHER_DATE_OF_BIRTH_INVALID');
      if (father.nationality === undefined) report('father.nationality', 'FATHER_NATIONALITY_REQUIRED');
    }
    checkOptionalRegion(father.hukouRegionCode, 'father.hukouRegionCode', report);
    checkOptionalRegion(father.residencePermitRegionCode, 'father.residencePermitRegionCode', report);
    if (father.phone !== undefined && checkPhone(father.phone)) report('father.phone', 'PHONE_INVALID');
    checkInsurance(father.maternityInsurance, 'father.maternityInsurance', report);
    // His paternity-leave allowance is paid to his own account (DOMAIN.md §7).
    checkBankAccount(father.bankAccount, 'father.bankAccount', father.maternityInsurance.insured && appliesFor('maternity-allowance'), report);
  }

  // Application
  if (!appliesFor('birth-certificate')) report('application.items', 'ITEM_NEEDS_BIRTH_CERTIFICATE');
  if (appliesFor('social-security-card') && !appliesFor('household-registration')) {
    report('application.items', 'SOCIAL_SECURITY_CARD_NEEDS_HOUSEHOLD_REGISTRATION');
  }
  const settlement = application.settlementRegionCode;
  if (settlement !== undefined && checkRegion(settlement, 'application.settlementRegionCode', report)) {
    if (!settlementAllowed(settlement, bornOn ?? today, today, policy)) report('application.settlementRegionCode', 'SETTLEMENT_REGION_NOT_ALLOWED');
  }
  if (application.hukouParent === 'father') {
    if (!father) report('application.hukouParent', 'HUKOU_PARENT_MISSING');
    else if (father.hukouRegionCode === undefined && appliesFor('household-registration')) {
      report('father.hukouRegionCode', 'HUKOU_PARENT_REGION_REQUIRED');
    }
  }
  // The county the child registers at: the named settlement county where the rule allows one,
  // otherwise the chosen parent's hukou, which must then be county-level (DOMAIN.md §4).
  if (appliesFor('household-registration') && settlement === undefined) {
    const field = `${application.hukouParent}.hukouRegionCode`;
    const code = application.hukouParent === 'mother' ? mother.hukouRegionCode : father?.hukouRegionCode;
    if (code !== undefined && isKnownRegionCode(code) && !isRegistrationCounty(code)) report(field, 'HUKOU_REGION_NOT_COUNTY');
  }
  checkPersonName(application.householdHeadName, 'application.householdHeadName', report);
  if (checkPhone(application.contactPhone)) report('application.contactPhone', 'PHONE_INVALID');
  if (application.consent.given !== true) report('application.consent.given', 'CONSENT_REQUIRED');
  const consentAtMs = Date.parse(application.consent.at);
  if (!Number.isNaN(consentAtMs) && consentAtMs > now.getTime() + CLOCK_SKEW_MS) report('application.consent.at', 'CONSENT_IN_FUTURE');

  return errors;
}

type Report = (field: string, code: IntakeErrorCode) => void;

/** Reports an unknown region code; true when the code is known. */
function checkRegion(code: string, field: string, report: Report): boolean {
  if (isKnownRegionCode(code)) return true;
  report(field, 'REGION_CODE_UNKNOWN');
  return false;
}

function checkOptionalRegion(code: string | undefined, field: string, report: Report): void {
  if (code !== undefined) checkRegion(code, field, report);
}

/** A parent's maternity insurance: an insured parent names the region, the category and the contribution months. */
function checkInsurance(insurance: MaternityInsuranceV1, field: string, report: Report): void {
  checkOptionalRegion(insurance.insuringRegionCode, `${field}.insuringRegionCode`, report);
  if (insurance.insured) {
    for (const detail of ['insuringRegionCode', 'insuredCategory', 'contributionMonths'] as const) {
      if (insurance[detail] === undefined) report(`${field}.${detail}`, 'INSURANCE_DETAILS_REQUIRED');
    }
  }
  if (insurance.employerAverageMonthlyWageFen !== undefined && checkAmountFen(insurance.employerAverageMonthlyWageFen)) {
    report(`${field}.employerAverageMonthlyWageFen`, 'AMOUNT_OUT_OF_RANGE');
  }
}

function checkBankAccount(account: BankAccountV1 | undefined, field: string, required: boolean, report: Report): void {
  if (!account) {
    if (required) report(field, 'BANK_ACCOUNT_REQUIRED');
    return;
  }
  if (checkBankAccountNumber(account.accountNumber)) report(`${field}.accountNumber`, 'BANK_ACCOUNT_INVALID');
  checkPersonName(account.accountName, `${field}.accountName`, report);
}

/**
 * Whether the rules let a family name `county` as the child's settlement (DOMAIN.md §4): the
 * rule in force there on `onDate` is `named-county` and the county lies inside its area (Changchun).
 */
function settlementAllowed(county: string, onDate: string, today: string, policy: PolicyLookup): boolean {
  const rule = rulesInEffect(county, onDate, today, policy).values.householdRegistration.settlement;
  return rule.mode === 'named-county' && countiesIn(rule.countiesWithin).includes(county);
}

function checkPersonName(value: string, field: string, report: Report): void {
  const code = checkName(value, true);
  if (code) report(field, code);
}

/**
 * Checks an identity document's number; for a resident ID also that its sex digit fits the
 * parent. Returns the date of birth a valid resident ID number carries, or null.
 */
function checkIdentity(identity: IdentityDocumentV1, sex: 'male' | 'female', field: string, now: Date, report: Report): string | null {
  const result = checkIdentityNumber(identity.type, identity.number, { now });
  if (!result.ok) {
    report(field, result.code);
    return null;
  }
  if (result.sex !== undefined && result.sex !== sex) report(field, 'ID_SEX_MISMATCH');
  return result.birthDate ?? null;
}

/** The rules on `onDate`; for a date before the first version (a birth long outside the window anyway), today's. */
function rulesInEffect(region: string, onDate: string, today: string, policy: PolicyLookup): ResolvedRules {
  try {
    return policy(region, onDate);
  } catch (error) {
    if (error instanceof PolicyLookupError && error.code === 'NO_VERSION_IN_EFFECT') return policy(region, today);
    throw error;
  }
}
