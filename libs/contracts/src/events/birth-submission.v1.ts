import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested, IsDefined, IsObject } from 'class-validator';
import { ISO_DATE_TIME_WITH_OFFSET } from '../envelope';
import { IsText, StringMaxLength, TEXT_MAX } from '../text';

// The one-form application (一表申请) of DOMAIN.md §2 as the hospital sends it: `BirthSubmissionV1`,
// the HTTP body, the message of `birth.submitted.v1` and the OpenAPI request schema (unknown fields
// refused). `birth.registered.v1` carries it onward as `BirthRegisteredV1` (birth-registered.v1.ts),
// the bank accounts sealed. The shapes are fixed here; the detailed rules (ID checksums, ranges,
// region lists, which fact is required when) belong to the intake validation.
// Every nested part is @IsObject() as well as @ValidateNested(): class-validator would validate
// each element of an array standing where an object belongs, and let `[]` through. Every string
// is bounded (TEXT_MAX), and free text carries no control characters or unpaired surrogates.

const REGION_CODE = /^\d{6}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NATIONALITY = /^[A-Z]{3}$/;
/** A case number: region, China date of acceptance, sequence, check digit (the gateway's case-number.ts). */
export const CASE_NUMBER_PATTERN = /^\d{6}-\d{8}-\d{6}-\d$/;

export const ID_DOCUMENT_TYPES = [
  'resident-id',
  'passport',
  'hk-macao-permit',
  'taiwan-permit',
  'foreign-permanent-resident-id',
] as const;
export type IdDocumentType = (typeof ID_DOCUMENT_TYPES)[number];

/** GB/T 2261.1: 0 unknown, 1 male, 2 female, 9 not stated. */
export const SEX_CODES = ['0', '1', '2', '9'] as const;
export type SexCode = (typeof SEX_CODES)[number];

export const DELIVERY_MODES = ['vaginal', 'assisted', 'caesarean'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/** DOMAIN.md §7 (seed 001): employees; flexible-employment workers and unemployment-benefit recipients where the region says so. */
export const INSURED_CATEGORIES = ['employee', 'flexible-employment', 'unemployment-benefit'] as const;
export type InsuredCategory = (typeof INSURED_CATEGORIES)[number];

/** The five items of the bundle (DOMAIN.md §1). */
export const APPLICATION_ITEMS = [
  'birth-certificate',
  'household-registration',
  'medical-insurance',
  'social-security-card',
  'maternity-allowance',
] as const;
export type ApplicationItem = (typeof APPLICATION_ITEMS)[number];

export const HUKOU_PARENTS = ['mother', 'father'] as const;
export type HukouParent = (typeof HUKOU_PARENTS)[number];

export class HospitalV1 {
  /** The hospital's institution id, as registered with the platform. */
  @IsText(TEXT_MAX.institutionId) @IsNotEmpty() institutionId!: string;
  @IsText(TEXT_MAX.institutionName) @IsNotEmpty() name!: string;
  /** GB/T 2260 administrative division code of the hospital. */
  @Matches(REGION_CODE) @StringMaxLength(6) regionCode!: string;
}

export class GestationV1 {
  @IsInt() weeks!: number;
  @IsInt() @Min(0) @Max(6) days!: number;
}

export class NewbornV1 {
  /** May be empty at birth and given later by a correction. */
  @IsOptional() @IsText(TEXT_MAX.personName) name?: string | null;
  @IsIn(SEX_CODES) sex!: SexCode;
  /** Time of birth, ISO 8601 with an explicit offset. */
  @IsISO8601({ strict: true }) @Matches(ISO_DATE_TIME_WITH_OFFSET) @StringMaxLength(TEXT_MAX.dateTime) bornAt!: string;
  @IsInt() weightGrams!: number;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => GestationV1) gestation!: GestationV1;
  /** Number of babies of this delivery (1 single, 2 twins, …). */
  @IsInt() plurality!: number;
  /** This baby's place in the delivery, 1..plurality. */
  @IsInt() birthOrder!: number;
}

export class DeliveryV1 {
  @IsIn(DELIVERY_MODES) mode!: DeliveryMode;
  /** 难产: adds 15 days of maternity leave (DOMAIN.md §7). */
  @IsBoolean() difficult!: boolean;
}

export class IdentityDocumentV1 {
  @IsIn(ID_DOCUMENT_TYPES) type!: IdDocumentType;
  @IsText(TEXT_MAX.documentNumber) @IsNotEmpty() number!: string;
}

export class MaternityInsuranceV1 {
  @IsBoolean() insured!: boolean;
  @IsOptional() @Matches(REGION_CODE) @StringMaxLength(6) insuringRegionCode?: string;
  @IsOptional() @IsText(TEXT_MAX.externalId) @IsNotEmpty() employerId?: string;
  @IsOptional() @IsIn(INSURED_CATEGORIES) insuredCategory?: InsuredCategory;
  /** Consecutive months of contributions before the delivery; required when insured (intake). */
  @IsOptional() @IsInt() @Min(0) @Max(1200) contributionMonths?: number;
  /** The employer's average monthly wage of last year, in integer fen, if known. */
  @IsOptional() @IsInt() @Min(0) employerAverageMonthlyWageFen?: number;
}

export class BankAccountV1 {
  @IsText(TEXT_MAX.institutionName) @IsNotEmpty() bankName!: string;
  @IsText(TEXT_MAX.accountNumber) @IsNotEmpty() accountNumber!: string;
  @IsText(TEXT_MAX.personName) @IsNotEmpty() accountName!: string;
}

/**
 * The mother's facts but her bank account, shared by the submission and the registered event
 * (where the account travels sealed).
 */
export abstract class MotherFactsV1 {
  @IsText(TEXT_MAX.personName) @IsNotEmpty() name!: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => IdentityDocumentV1) identity!: IdentityDocumentV1;
  /** Required when the ID is not a resident ID (the resident ID number carries the date). */
  @IsOptional() @Matches(DATE) @StringMaxLength(10) dateOfBirth?: string;
  /** ISO 3166-1 alpha-3; required when the ID is not a resident ID. */
  @IsOptional() @Matches(NATIONALITY) @StringMaxLength(3) nationality?: string;
  /**
   * Required for a resident-ID holder and when the child joins the mother's hukou (intake); a
   * mother with a passport or a Hong Kong, Macao or Taiwan permit may have none (DOMAIN.md §2).
   */
  @IsOptional() @Matches(REGION_CODE) @StringMaxLength(6) hukouRegionCode?: string;
  /** Required with `hukouRegionCode` (same conditions). */
  @IsOptional() @IsText(TEXT_MAX.address) @IsNotEmpty() hukouAddress?: string;
  @IsOptional() @Matches(REGION_CODE) @StringMaxLength(6) residencePermitRegionCode?: string;
  @IsText(TEXT_MAX.phone) @IsNotEmpty() phone!: string;
  /** Living children before this delivery (its child order is this + 1); required when the allowance is applied for (intake). */
  @IsOptional() @IsInt() @Min(0) @Max(30) livingChildrenBefore?: number;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => MaternityInsuranceV1) maternityInsurance!: MaternityInsuranceV1;
}

export class MotherV1 extends MotherFactsV1 {
  /** The account the maternity allowance is paid to; required when the allowance is applied for (intake). */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => BankAccountV1) bankAccount?: BankAccountV1;
}

/** The father's facts but his bank account, shared by the submission and the registered event. */
export abstract class FatherFactsV1 {
  @IsText(TEXT_MAX.personName) @IsNotEmpty() name!: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => IdentityDocumentV1) identity!: IdentityDocumentV1;
  /** Required when the ID is not a resident ID. */
  @IsOptional() @Matches(DATE) @StringMaxLength(10) dateOfBirth?: string;
  /** ISO 3166-1 alpha-3; required when the ID is not a resident ID. */
  @IsOptional() @Matches(NATIONALITY) @StringMaxLength(3) nationality?: string;
  /** Required when the child joins the father's hukou and household registration is applied for (intake). */
  @IsOptional() @Matches(REGION_CODE) @StringMaxLength(6) hukouRegionCode?: string;
  @IsOptional() @IsText(TEXT_MAX.address) @IsNotEmpty() hukouAddress?: string;
  @IsOptional() @Matches(REGION_CODE) @StringMaxLength(6) residencePermitRegionCode?: string;
  @IsOptional() @IsText(TEXT_MAX.phone) @IsNotEmpty() phone?: string;
  /** His own maternity insurance: an insured father gets the paternity-leave allowance (护理假津贴). */
  @IsDefined() @IsObject() @ValidateNested() @Type(() => MaternityInsuranceV1) maternityInsurance!: MaternityInsuranceV1;
}

export class FatherV1 extends FatherFactsV1 {
  /** His account for the paternity-leave allowance; required when he is insured and the allowance is applied for (intake). */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => BankAccountV1) bankAccount?: BankAccountV1;
}

export class ConsentV1 {
  /** Consent to sharing the data among the departments; an application without it is not accepted. */
  @Equals(true) given!: true;
  @IsISO8601({ strict: true }) @Matches(ISO_DATE_TIME_WITH_OFFSET) @StringMaxLength(TEXT_MAX.dateTime) at!: string;
}

export class ApplicationV1 {
  /** Which items the family applies for; the hospital sends all five unless the family chose otherwise. */
  @IsArray() @ArrayNotEmpty() @ArrayUnique() @IsIn(APPLICATION_ITEMS, { each: true }) items!: ApplicationItem[];
  /** The parent whose hukou the child joins: the family's choice (DOMAIN.md §4). */
  @IsIn(HUKOU_PARENTS) hukouParent!: HukouParent;
  /** The county where the child settles, only where the region's rule allows it (Changchun, DOMAIN.md §4). */
  @IsOptional() @Matches(REGION_CODE) @StringMaxLength(6) settlementRegionCode?: string;
  /** The couple live apart (Baoji's paternity days, DOMAIN.md §7). */
  @IsOptional() @IsBoolean() coupleLivesApart?: boolean;
  @IsText(TEXT_MAX.personName) @IsNotEmpty() householdHeadName!: string;
  @IsText(TEXT_MAX.phone) @IsNotEmpty() contactPhone!: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ConsentV1) consent!: ConsentV1;
}

/** The parts of the application that the submission and the registered event share as they are. */
export abstract class BirthApplicationFactsV1 {
  @IsDefined() @IsObject() @ValidateNested() @Type(() => HospitalV1) hospital!: HospitalV1;
  /** The hospital's own id for this birth record. */
  @IsText(TEXT_MAX.externalId) @IsNotEmpty() birthRecordId!: string;
  /** Shared by the babies of one delivery (twins and more). */
  @IsText(TEXT_MAX.externalId) @IsNotEmpty() deliveryId!: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => NewbornV1) newborn!: NewbornV1;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => DeliveryV1) delivery!: DeliveryV1;
}

/**
 * `BirthSubmissionV1`: the one-form birth application as a hospital sends it (DOMAIN.md §2), over
 * HTTP (POST /api/v1/births) or on `birth.submitted.v1`. Unknown fields are refused. The hospital
 * id and its birth record id together are the idempotency key; twins share `deliveryId`.
 */
export class BirthSubmissionV1 extends BirthApplicationFactsV1 {
  @IsDefined() @IsObject() @ValidateNested() @Type(() => MotherV1) mother!: MotherV1;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => FatherV1) father?: FatherV1;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ApplicationV1) application!: ApplicationV1;
}
