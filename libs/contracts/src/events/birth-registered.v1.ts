import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsISO8601, IsObject, IsOptional, Matches, Min, ValidateNested } from 'class-validator';
import { ISO_DATE_TIME_WITH_OFFSET } from '../envelope';
import { SealedValueV1 } from '../sealed-value.v1';
import { StringMaxLength, TEXT_MAX } from '../text';
import { ApplicationV1, BirthApplicationFactsV1, CASE_NUMBER_PATTERN, FatherFactsV1, MotherFactsV1 } from './birth-submission.v1';

// The item names, for the contracts that import them from here (item-block, case events).
export { APPLICATION_ITEMS, type ApplicationItem } from './birth-submission.v1';

// `birth.registered.v1` (DOMAIN.md §2, DESIGN.md "Events" and "Security"): the submission as the
// intake accepted it, with the case number and the acceptance instant fixed at intake, and every
// bank account sealed for the maternity-allowance service (SealedValueV1, HPKE to its public key,
// bound to the case id, the field path `mother.bankAccount` / `father.bankAccount` and the key
// id). Only the allowance service can open an account; every other reader sees that one exists.

/** The mother as the departments read her: the account, if any, sealed for the allowance service. */
export class RegisteredMotherV1 extends MotherFactsV1 {
  /** BankAccountV1 as JSON, sealed for the maternity-allowance service; field path `mother.bankAccount`. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => SealedValueV1) bankAccount?: SealedValueV1;
}

/** The father as the departments read him: the account, if any, sealed for the allowance service. */
export class RegisteredFatherV1 extends FatherFactsV1 {
  /** BankAccountV1 as JSON, sealed for the maternity-allowance service; field path `father.bankAccount`. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => SealedValueV1) bankAccount?: SealedValueV1;
}

/**
 * `birth.registered.v1`: a birth accepted at intake. Every clock downstream starts from
 * `acceptedAt` (the stored acceptance instant), never from the envelope's `occurredAt`.
 */
export class BirthRegisteredV1 extends BirthApplicationFactsV1 {
  @IsDefined() @IsObject() @ValidateNested() @Type(() => RegisteredMotherV1) mother!: RegisteredMotherV1;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => RegisteredFatherV1) father?: RegisteredFatherV1;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ApplicationV1) application!: ApplicationV1;
  /** The case number given at intake (`<region>-<China date>-<sequence>-<check>`). */
  @Matches(CASE_NUMBER_PATTERN) @StringMaxLength(TEXT_MAX.code) caseNumber!: string;
  /** The instant the intake accepted the birth, as stored: the start of every clock downstream. */
  @IsISO8601({ strict: true }) @Matches(ISO_DATE_TIME_WITH_OFFSET) @StringMaxLength(TEXT_MAX.dateTime) acceptedAt!: string;
  /**
   * The policy version (libs/policy, `rulesFor(...).version`) the intake window was judged by,
   * as stored on the intake record (issue 10: every decision records its rule version). Added
   * to v1 additively: optional, absent on events published before it; readers may ignore it.
   */
  @IsOptional() @IsInt() @Min(1) intakeRuleVersion?: number;
}
