import type { BirthRegisteredV1, IdentityDocumentV1 } from '@birth/contracts';
import { chinaDateOf, completedYears, daysBetween, parseIsoDate } from './dates';
import { intakeError, type IntakeError, type IntakeErrorCode } from './error-catalogue';
import { checkAmountFen, checkBankAccountNumber, checkName, checkPhone } from './field-rules';
import { checkIdentityNumber } from './identity-documents';
import { isKnownRegionCode } from './region-codes';
import { registrationWindowDays, type RegistrationWindowRule } from './registration-window';

/** Clocks of hospitals and of the platform may disagree by this much; later than now + skew is "in the future". */
export const CLOCK_SKEW_MS = 5 * 60_000;

export const NEWBORN_WEIGHT_GRAMS = { min: 300, max: 7000 } as const;
export const GESTATION_WEEKS = { min: 20, max: 45 } as const;
export const PLURALITY = { min: 1, max: 8 } as const;
export const MOTHER_AGE_YEARS = { min: 12, max: 60 } as const;

export interface ValidationContext {
  /** The time the application is checked (the request's receipt time); never read from the clock here. */
  now: Date;
  /** Registration window overrides; REGISTRATION_WINDOW_OVERRIDES when absent. */
  registrationWindowRules?: readonly RegistrationWindowRule[];
}

const inRange = (value: number, range: { min: number; max: number }) => Number.isInteger(value) && value >= range.min && value <= range.max;

/**
 * The detailed rules of the one-form application (DOMAIN.md §2, §4, §9) over a payload whose
 * shape libs/contracts has already validated. Reports every problem at once, in form order; an
 * empty list means the application may be accepted. Messages never contain submitted values.
 */
export function validateBirthApplication(payload: BirthRegisteredV1, context: ValidationContext): IntakeError[] {
  const errors: IntakeError[] = [];
  const report = (field: string, code: IntakeErrorCode, params?: Record<string, number>) => errors.push(intakeError(field, code, params));
  const { now } = context;
  const { hospital, newborn, mother, father, application } = payload;
  const today = chinaDateOf(now);

  // Hospital
  checkRegion(hospital.regionCode, 'hospital.regionCode', report);

  // Newborn
  const bornAtMs = Date.parse(newborn.bornAt);
  const bornOn = Number.isNaN(bornAtMs) ? null : chinaDateOf(new Date(bornAtMs));
  if (bornOn !== null) {
    if (bornAtMs > now.getTime() + CLOCK_SKEW_MS) {
      report('newborn.bornAt', 'BORN_IN_FUTURE');
    } else {
      const windowDays = registrationWindowDays(hospital.regionCode, { on: today, rules: context.registrationWindowRules });
      if (daysBetween(bornOn, today) > windowDays) report('newborn.bornAt', 'BIRTH_OUTSIDE_WINDOW', { days: windowDays });
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
  checkRegion(mother.hukouRegionCode, 'mother.hukouRegionCode', report);
  if (mother.residencePermitRegionCode !== undefined) {
    checkRegion(mother.residencePermitRegionCode, 'mother.residencePermitRegionCode', report);
  }
  if (checkPhone(mother.phone)) report('mother.phone', 'PHONE_INVALID');
  const insurance = mother.maternityInsurance;
  if (insurance.insuringRegionCode !== undefined) {
    checkRegion(insurance.insuringRegionCode, 'mother.maternityInsurance.insuringRegionCode', report);
  }
  if (insurance.insured) {
    if (insurance.insuringRegionCode === undefined) report('mother.maternityInsurance.insuringRegionCode', 'INSURANCE_DETAILS_REQUIRED');
    if (insurance.insuredCategory === undefined) report('mother.maternityInsurance.insuredCategory', 'INSURANCE_DETAILS_REQUIRED');
  }
  if (insurance.employerAverageMonthlyWageFen !== undefined && checkAmountFen(insurance.employerAverageMonthlyWageFen)) {
    report('mother.maternityInsurance.employerAverageMonthlyWageFen', 'AMOUNT_OUT_OF_RANGE');
  }
  if (mother.bankAccount) {
    if (checkBankAccountNumber(mother.bankAccount.accountNumber)) report('mother.bankAccount.accountNumber', 'BANK_ACCOUNT_INVALID');
    checkPersonName(mother.bankAccount.accountName, 'mother.bankAccount.accountName', report);
  }

  // Father
  if (father) {
    checkPersonName(father.name, 'father.name', report);
    checkIdentity(father.identity, 'male', 'father.identity.number', now, report);
    if (father.hukouRegionCode !== undefined) checkRegion(father.hukouRegionCode, 'father.hukouRegionCode', report);
    if (father.phone !== undefined && checkPhone(father.phone)) report('father.phone', 'PHONE_INVALID');
  }

  // Application
  if (application.hukouParent === 'father') {
    if (!father) report('application.hukouParent', 'HUKOU_PARENT_MISSING');
    else if (father.hukouRegionCode === undefined && application.items.includes('household-registration')) {
      report('father.hukouRegionCode', 'HUKOU_PARENT_REGION_REQUIRED');
    }
  }
  checkPersonName(application.householdHeadName, 'application.householdHeadName', report);
  if (checkPhone(application.contactPhone)) report('application.contactPhone', 'PHONE_INVALID');
  if (application.items.includes('maternity-allowance') && !mother.bankAccount) report('mother.bankAccount', 'BANK_ACCOUNT_REQUIRED');
  if (application.consent.given !== true) report('application.consent.given', 'CONSENT_REQUIRED');
  const consentAtMs = Date.parse(application.consent.at);
  if (!Number.isNaN(consentAtMs) && consentAtMs > now.getTime() + CLOCK_SKEW_MS) report('application.consent.at', 'CONSENT_IN_FUTURE');

  return errors;
}

type Report = (field: string, code: IntakeErrorCode) => void;

function checkRegion(code: string, field: string, report: Report): void {
  if (!isKnownRegionCode(code)) report(field, 'REGION_CODE_UNKNOWN');
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
