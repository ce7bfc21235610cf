// Intake validation of the one-form birth application: pure rules, no framework, no database.
export { validateBirthApplication, CLOCK_SKEW_MS, MOTHER_AGE_YEARS, NEWBORN_WEIGHT_GRAMS, GESTATION_WEEKS, PLURALITY } from './validate-birth-application';
export type { ValidationContext } from './validate-birth-application';
export { validateBirthSubmission } from './validate-birth-submission';
export type { BirthSubmissionCheck } from './validate-birth-submission';
export { ERROR_CATALOGUE, intakeError, toIntakeError } from './error-catalogue';
export type { IntakeError, IntakeErrorCode, CatalogueEntry } from './error-catalogue';
export { checkResidentIdNumber, residentIdCheckCharacter, PROVINCE_CODES } from './resident-id';
export type { ResidentIdCheck, ResidentIdErrorCode } from './resident-id';
export { checkIdentityNumber } from './identity-documents';
export type { IdentityNumberCheck, IdentityNumberErrorCode } from './identity-documents';
export { isKnownRegionCode, isRegistrationCounty, regionName } from './region-codes';
export { checkIntakeWindow, intakeRuleVersion, lastDayOfWindow, pinnedPolicyLookup } from './intake-window';
export type { IntakeWindowCheck, PolicyLookup } from './intake-window';
export { checkName, checkPhone, checkBankAccountNumber, checkAmountFen, NAME_MAX_CHARACTERS, MAX_AMOUNT_FEN } from './field-rules';
