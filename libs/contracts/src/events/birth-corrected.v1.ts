import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsISO8601, IsNotEmpty, IsObject, IsOptional, Matches, ValidateNested, IsDefined } from 'class-validator';
import { ISO_DATE_TIME_WITH_OFFSET } from '../envelope';
import { IsText, StringMaxLength, TEXT_MAX } from '../text';
import { BirthRegisteredV1 } from './birth-registered.v1';
import { CASE_NUMBER_PATTERN } from './birth-submission.v1';

/** `hospital:<id>` or `clerk:<username>`: no spaces, nothing personal. */
export const CORRECTED_BY_PATTERN = /^(hospital|clerk):[A-Za-z0-9._@-]{1,64}$/;

/**
 * `birth.corrected.v1`: the registering hospital corrected facts of a birth (for example the
 * newborn's name, given after the birth). The case id and case number never change.
 */
export class BirthCorrectedV1 {
  /** The hospital's id for this correction; a retry with the same id is harmless. */
  @IsText(TEXT_MAX.externalId) @IsNotEmpty() correctionId!: string;
  @Matches(CASE_NUMBER_PATTERN) @StringMaxLength(TEXT_MAX.code) caseNumber!: string;
  /** The JSON merge patch the hospital sent (RFC 7396), over the correctable facts. */
  @IsObject() patch!: Record<string, unknown>;
  /** Dotted paths of the facts that changed, e.g. `newborn.name`. */
  @IsArray() @ArrayMaxSize(100) @IsText(TEXT_MAX.fieldPath, { each: true }) changedFields!: string[];
  /**
   * The whole application after the correction, as `birth.registered.v1` carries it (case number,
   * acceptance instant, bank accounts sealed for the allowance service). Accounts are not
   * correctable by hospitals; they are sealed afresh, bound to this case.
   */
  @IsDefined() @IsObject() @ValidateNested() @Type(() => BirthRegisteredV1) application!: BirthRegisteredV1;
  @IsISO8601({ strict: true }) @Matches(ISO_DATE_TIME_WITH_OFFSET) @StringMaxLength(TEXT_MAX.dateTime) correctedAt!: string;
  /**
   * Who corrected: `hospital:<hospital id>` for the registering hospital's own correction, or
   * `clerk:<console username>` for what a clerk recorded at a window from the applicant. Optional
   * for readers of events written before it existed (those are the hospital's).
   */
  @IsOptional() @Matches(CORRECTED_BY_PATTERN) @StringMaxLength(TEXT_MAX.externalId) correctedBy?: string;
}
