import { IsISO8601, IsNotEmpty, Matches } from 'class-validator';
import { ISO_DATE_TIME_WITH_OFFSET } from '../envelope';
import { IsText, StringMaxLength, TEXT_MAX } from '../text';

/** `birth.voided.v1`: the registering hospital voided a birth registration; the saga compensates every step. */
export class BirthVoidedV1 {
  @Matches(/^\d{6}-\d{8}-\d{6}-\d$/) @StringMaxLength(TEXT_MAX.code) caseNumber!: string;
  @IsText(TEXT_MAX.institutionId) @IsNotEmpty() hospitalId!: string;
  @IsText(TEXT_MAX.externalId) @IsNotEmpty() birthRecordId!: string;
  @IsText(TEXT_MAX.reason) @IsNotEmpty() reason!: string;
  @IsISO8601({ strict: true }) @Matches(ISO_DATE_TIME_WITH_OFFSET) @StringMaxLength(TEXT_MAX.dateTime) voidedAt!: string;
}
