import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Min } from 'class-validator';
import { StringMaxLength } from '../text';
import { DATE_PATTERN, IsInstant, ItemBlock, ItemBlockV1, REGION_CODE_PATTERN } from './item-block.v1';

// `<service>.item-changed.v1` of the four department services (issue 11): every change of a
// case's item, keyed by the case id so one case's changes stay in order. Each message says what
// happened (`change`), carries the common item block (`item`) and the facts the next department
// needs: nothing more (DESIGN.md, "Security"). The `change` values are closed per topic; a new
// value reaches consumers that validate it only after they are redeployed (libs/contracts README).

/** 出生医学证明 number: a letter and nine digits (DOMAIN.md §3). */
export const CERTIFICATE_NUMBER_PATTERN = /^[A-Z]\d{9}$/;
/** GB 11643 citizen ID number: 17 digits and a check character. */
export const CITIZEN_ID_NUMBER_PATTERN = /^\d{17}[\dX]$/;

/** An optional (nullable) instant with an explicit offset. */
function OptionalInstant(): PropertyDecorator {
  return (target: object, property: string | symbol) => {
    IsOptional()(target, property);
    IsInstant()(target, property);
  };
}
/** An optional (nullable) GB/T 2260 county code. */
function OptionalRegionCode(): PropertyDecorator {
  return (target: object, property: string | symbol) => {
    IsOptional()(target, property);
    Matches(REGION_CODE_PATTERN)(target, property);
    StringMaxLength(6)(target, property);
  };
}

export const BIRTH_CERTIFICATE_CHANGES = [
  /** The item exists (the birth arrived), nothing decided yet. */
  'opened',
  /** Waits for the newborn's name (`awaiting_applicant`, `waitingFor: ["newborn-name"]`). */
  'awaiting-applicant',
  /** A person must act while the clock runs: `NUMBER_BLOCK_EXHAUSTED` until the next block is loaded. */
  'in-progress',
  'issued',
  /** A printed fact was corrected after issue: a new number, `replaces` names the old one. */
  'reissued',
  /** Voided birth or `revoke`: the certificate (and its number) is void. */
  'revoked',
] as const;
export type BirthCertificateChange = (typeof BIRTH_CERTIFICATE_CHANGES)[number];

/** `birth-certificate.item-changed.v1`. Consumers: household registration, medical insurance, the allowance (proof of birth), the saga. */
export class BirthCertificateItemChangedV1 {
  @IsIn(BIRTH_CERTIFICATE_CHANGES) change!: BirthCertificateChange;
  @ItemBlock() item!: ItemBlockV1;
  /** The certificate's number once issued (the voided number on `revoked`); null before issue. */
  @IsOptional() @Matches(CERTIFICATE_NUMBER_PATTERN) @StringMaxLength(10) certificateNumber!: string | null;
  /** On `reissued`, the number this certificate replaces (marked replaced); otherwise null. */
  @IsOptional() @Matches(CERTIFICATE_NUMBER_PATTERN) @StringMaxLength(10) replaces!: string | null;
  /** When the current certificate was issued: proof of birth for the allowance, whose `acceptedAt` may be this. */
  @OptionalInstant() issuedAt!: string | null;
}

export const HOUSEHOLD_REGISTRATION_CHANGES = [
  'opened',
  /** Waits for the certificate (`waitingFor: ["birth-certificate"]`). */
  'waiting',
  /** Sex 0 or 9: waits for a correction of the sex (`newborn-sex`). */
  'awaiting-applicant',
  /** `MANUAL_REVIEW`: the sequence of the county, date and sex is exhausted, or the sex was corrected after the number. */
  'in-progress',
  'registered',
  /** The county is outside the served prefectures: sent to that county's office (`forwardedTo`). */
  'forwarded',
  'revoked',
] as const;
export type HouseholdRegistrationChange = (typeof HOUSEHOLD_REGISTRATION_CHANGES)[number];

/**
 * `household-registration.item-changed.v1`. Consumers: the social security card (the number, the
 * forwarding), the saga. The citizen ID number is personal data carried in clear because the card
 * service needs it (the social security number is the ID number): dead-letter listings and logs
 * mask it (`maskPersonalData`, field `citizenIdNumber`), and nobody else needs to read it.
 */
export class HouseholdRegistrationItemChangedV1 {
  @IsIn(HOUSEHOLD_REGISTRATION_CHANGES) change!: HouseholdRegistrationChange;
  @ItemBlock() item!: ItemBlockV1;
  /** GB 11643, assigned at registration; null before, and on `forwarded` (the other office assigns it). */
  @IsOptional() @Matches(CITIZEN_ID_NUMBER_PATTERN) @StringMaxLength(18) citizenIdNumber!: string | null;
  /** The county the child is registered in (DOMAIN.md §4); null until decided. */
  @OptionalRegionCode() registrationRegionCode!: string | null;
  /** On `forwarded`: the target county's code; otherwise null. */
  @OptionalRegionCode() forwardedTo!: string | null;
  @OptionalInstant() registeredAt!: string | null;
}

export const MEDICAL_INSURANCE_CHANGES = [
  'opened',
  /** Eligible; waits for the certificate to enrol (`birth-certificate`). */
  'waiting',
  'in-progress',
  'enrolled',
  /** Not eligible in the hospital's city: the reason names the city where the family can enrol (`referredTo`). */
  'rejected',
  /** A provisional coverage start re-decided once the calendar year was loaded (coverageStart may move; `provisional` false). */
  'coverage-redecided',
  /** The first-year contribution was recorded as paid (the item's state does not change). */
  'contribution-paid',
  'revoked',
] as const;
export type MedicalInsuranceChange = (typeof MEDICAL_INSURANCE_CHANGES)[number];

/** Who makes the newborn eligible in the city (DOMAIN.md §5). */
export const ELIGIBILITY_BASES = ['newborn-hukou', 'mother-hukou', 'father-hukou', 'mother-residence-permit', 'father-residence-permit'] as const;
export type EligibilityBasis = (typeof ELIGIBILITY_BASES)[number];

export const INSURANCE_OUTCOMES = ['enrolled', 'rejected'] as const;
export type InsuranceOutcome = (typeof INSURANCE_OUTCOMES)[number];

/** `medical-insurance.item-changed.v1`. Consumers: the social security card (any `outcome` lets it apply), the saga. */
export class MedicalInsuranceItemChangedV1 {
  @IsIn(MEDICAL_INSURANCE_CHANGES) change!: MedicalInsuranceChange;
  @ItemBlock() item!: ItemBlockV1;
  /** Enrolled or rejected once decided; null while open. The card needs an outcome, not an enrolment (DOMAIN.md §6). */
  @IsOptional() @IsIn(INSURANCE_OUTCOMES) outcome!: InsuranceOutcome | null;
  /** The city (prefecture) of the enrolment; null unless enrolled. */
  @OptionalRegionCode() enrolmentRegionCode!: string | null;
  /** On `rejected`: the city where the family can enrol (the chosen parent's hukou city); otherwise null. */
  @OptionalRegionCode() referredTo!: string | null;
  @IsOptional() @IsIn(ELIGIBILITY_BASES) eligibilityBasis!: EligibilityBasis | null;
  /** First day of coverage, a China date (`YYYY-MM-DD`); null unless enrolled. */
  @IsOptional() @Matches(DATE_PATTERN) @StringMaxLength(10) coverageStart!: string | null;
  /** The 90-day window was counted on weekends alone (a year with no calendar): `coverage-redecided` follows. */
  @IsBoolean() provisional!: boolean;
  /** The first-year individual contribution from the rules, in integer fen; null unless enrolled. */
  @IsOptional() @IsInt() @Min(0) contributionFen!: number | null;
  @OptionalInstant() contributionPaidAt!: string | null;
}

export const SOCIAL_SECURITY_CARD_CHANGES = [
  'opened',
  /** Waits for the citizen ID number and, when insurance was applied for, its outcome. */
  'waiting',
  'in-progress',
  /** Applied; the electronic card is issued at once and the item is `done`. */
  'applied',
  /** The physical card moved on (`cardState`), by `advance-card`. */
  'card-advanced',
  /** Forwarded with the household registration (`forwardedTo`). */
  'forwarded',
  'revoked',
] as const;
export type SocialSecurityCardChange = (typeof SOCIAL_SECURITY_CARD_CHANGES)[number];

/** The physical card's states (DOMAIN.md §6); `cancelled` after a void. */
export const CARD_STATES = ['applied', 'in_production', 'ready', 'issued', 'cancelled'] as const;
export type CardState = (typeof CARD_STATES)[number];

/**
 * `social-security-card.item-changed.v1`. Consumer: the saga. The social security number (the ID
 * number) is not carried: no consumer needs it; the internal API answers it, masked.
 */
export class SocialSecurityCardItemChangedV1 {
  @IsIn(SOCIAL_SECURITY_CARD_CHANGES) change!: SocialSecurityCardChange;
  @ItemBlock() item!: ItemBlockV1;
  /** Null before the application. */
  @IsOptional() @IsIn(CARD_STATES) cardState!: CardState | null;
  @OptionalInstant() electronicCardIssuedAt!: string | null;
  /** On `forwarded`: the county the household registration went to; otherwise null. */
  @OptionalRegionCode() forwardedTo!: string | null;
}

/**
 * `birth-certificate.number-block-low.v1`: an operator event of the certificate service, keyed by
 * the issuing institution (`hospitalId`). Raised once per block, by the allocation that takes the
 * institution's current block under 10% left (DOMAIN.md §3), so an operator loads the next block
 * (`npm run cli -- certificate-blocks add`) before issuing stops with `NUMBER_BLOCK_EXHAUSTED`.
 * No personal data. Consumers: operators' console and alerting.
 */
export class BirthCertificateNumberBlockLowV1 {
  @Matches(/^\S{1,64}$/) @StringMaxLength(64) institutionId!: string;
  /** The block's id in the certificate service (as text), its prefix letter and serials. */
  @Matches(/^\d{1,20}$/) @StringMaxLength(20) blockId!: string;
  @Matches(/^[A-Z]$/) @StringMaxLength(1) prefix!: string;
  @IsInt() @Min(0) from!: number;
  @IsInt() @Min(0) to!: number;
  /** Numbers left in this block after the allocation that crossed the mark. */
  @IsInt() @Min(0) remainingInBlock!: number;
  /** Numbers left in the institution's blocks loaded after it (0: nothing loaded yet). */
  @IsInt() @Min(0) remainingInLaterBlocks!: number;
  @IsInstant() crossedAt!: string;
}
