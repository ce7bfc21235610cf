import { IsISO8601, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { ISO_DATE_TIME_WITH_OFFSET } from '../envelope';

/** `birth.voided.v1`: the registering hospital voided a birth registration; the saga compensates every step. */
export class BirthVoidedV1 {
  @Matches(/^\d{6}-\d{8}-\d{6}-\d$/) caseNumber!: string;
  @IsString() @IsNotEmpty() hospitalId!: string;
  @IsString() @IsNotEmpty() birthRecordId!: string;
  @IsString() @IsNotEmpty() @MaxLength(500) reason!: string;
  @IsISO8601({ strict: true }) @Matches(ISO_DATE_TIME_WITH_OFFSET) voidedAt!: string;
}
