import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsObject, IsOptional, IsUUID, Matches, ValidateNested, IsDefined } from 'class-validator';
import { IsText, StringMaxLength, TEXT_MAX } from '../text';

export class IntakeErrorMessageV1 {
  @IsText(TEXT_MAX.message) zh!: string;
  @IsText(TEXT_MAX.message) en!: string;
}

export class IntakeErrorV1 {
  @IsText(TEXT_MAX.fieldPath) field!: string;
  @IsText(TEXT_MAX.code) code!: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => IntakeErrorMessageV1) message!: IntakeErrorMessageV1;
}

/**
 * `birth.intake-results.v1`, keyed by hospital id: the outcome of every submission a hospital
 * made on the ingress topic — accepted with its case, or rejected with the same error list the
 * HTTP API gives. None is silently dropped.
 */
export class BirthIntakeResultV1 {
  @IsIn(['accepted', 'rejected']) outcome!: 'accepted' | 'rejected';
  @IsText(TEXT_MAX.institutionId) @IsNotEmpty() hospitalId!: string;
  /** Null when the submission was too broken to name its record. */
  @IsOptional() @IsText(TEXT_MAX.externalId) birthRecordId!: string | null;
  /** The id of the ingress message this answers. */
  @IsOptional() @IsText(TEXT_MAX.messageId) submissionId!: string | null;
  @IsOptional() @IsUUID() @StringMaxLength(36) caseId!: string | null;
  @IsOptional() @Matches(/^\d{6}-\d{8}-\d{6}-\d$/) @StringMaxLength(TEXT_MAX.code) caseNumber!: string | null;
  @IsArray() @ArrayMaxSize(500) @IsDefined() @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => IntakeErrorV1) errors!: IntakeErrorV1[];
}
