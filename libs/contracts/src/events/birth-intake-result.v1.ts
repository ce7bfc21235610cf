import { Type } from 'class-transformer';
import { IsArray, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, ValidateNested, IsDefined } from 'class-validator';

export class IntakeErrorMessageV1 {
  @IsString() zh!: string;
  @IsString() en!: string;
}

export class IntakeErrorV1 {
  @IsString() field!: string;
  @IsString() code!: string;
  @IsDefined() @ValidateNested() @Type(() => IntakeErrorMessageV1) message!: IntakeErrorMessageV1;
}

/**
 * `birth.intake-results.v1`, keyed by hospital id: the outcome of every submission a hospital
 * made on the ingress topic — accepted with its case, or rejected with the same error list the
 * HTTP API gives. None is silently dropped.
 */
export class BirthIntakeResultV1 {
  @IsIn(['accepted', 'rejected']) outcome!: 'accepted' | 'rejected';
  @IsString() @IsNotEmpty() hospitalId!: string;
  /** Null when the submission was too broken to name its record. */
  @IsOptional() @IsString() birthRecordId!: string | null;
  /** The id of the ingress message this answers. */
  @IsOptional() @IsString() submissionId!: string | null;
  @IsOptional() @IsUUID() caseId!: string | null;
  @IsOptional() @Matches(/^\d{6}-\d{8}-\d{6}-\d$/) caseNumber!: string | null;
  @IsArray() @IsDefined() @ValidateNested({ each: true }) @Type(() => IntakeErrorV1) errors!: IntakeErrorV1[];
}
