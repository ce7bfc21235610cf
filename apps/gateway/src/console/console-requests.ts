import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsUUID, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { BENEFICIARIES, COMMAND_REASON_CODE, IsText, SEX_CODES, StringMaxLength, TEXT_MAX, validatePlain, type Beneficiary, type ConsoleApiError, type SexCode } from '@birth/contracts';
import { ConsoleRejection } from './console-errors';
import { REVEALABLE_FIELDS } from './domain/case-family';

/** A reason a person typed: required, 1 to 500 characters (the audit log's limit), no control characters. */
const REASON_MAX = 500;

export class RevealRequest {
  @IsIn(REVEALABLE_FIELDS) field!: string;
  @IsText(REASON_MAX) @IsNotEmpty() @Matches(/\S/) reason!: string;
}

export class CorrectionNewborn {
  @IsOptional() @IsText(TEXT_MAX.personName) @IsNotEmpty() name?: string;
  @IsOptional() @IsIn(SEX_CODES) sex?: SexCode;
}

export class CorrectionRequest {
  @IsUUID() correctionId!: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => CorrectionNewborn) newborn!: CorrectionNewborn;
  @IsOptional() @IsText(REASON_MAX) reason?: string;
}

export class BankAccountFields {
  @IsText(TEXT_MAX.institutionName) @IsNotEmpty() bankName!: string;
  @IsText(TEXT_MAX.accountNumber) @IsNotEmpty() @Matches(/^\d{8,32}$/) accountNumber!: string;
  @IsText(TEXT_MAX.personName) @IsNotEmpty() accountName!: string;
}

export class BankAccountRequest {
  @IsIn(BENEFICIARIES) beneficiary!: Beneficiary;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => BankAccountFields) bankAccount!: BankAccountFields;
  @Matches(COMMAND_REASON_CODE) @StringMaxLength(TEXT_MAX.code) reasonCode!: string;
  @IsOptional() @IsText(TEXT_MAX.reason) note?: string;
}

export class AllowanceResolutionRequest {
  @IsIn(['wage-set', 'ledger-confirmed', 'recovery-recorded']) kind!: 'wage-set' | 'ledger-confirmed' | 'recovery-recorded';
  @ValidateIf((r: AllowanceResolutionRequest) => r.kind !== 'recovery-recorded') @IsIn(BENEFICIARIES) beneficiary?: Beneficiary;
  @ValidateIf((r: AllowanceResolutionRequest) => r.kind === 'wage-set') @IsInt() @Min(1) @Max(100_000_000) wageFen?: number;
  @Matches(COMMAND_REASON_CODE) @StringMaxLength(TEXT_MAX.code) reasonCode!: string;
  @IsText(REASON_MAX) @IsNotEmpty() @Matches(/\S/) reason!: string;
}

export class ReferralRequest {
  /** The county whose office takes it over, when the facts name none (an undecided place). */
  @IsOptional() @Matches(/^\d{6}$/) countyCode?: string;
  @Matches(COMMAND_REASON_CODE) @StringMaxLength(TEXT_MAX.code) reasonCode!: string;
  @IsText(REASON_MAX) @IsNotEmpty() @Matches(/\S/) reason!: string;
}

export class ReasonRequest {
  @IsText(REASON_MAX) @IsNotEmpty() @Matches(/\S/) reason!: string;
}

export class NoteRequest {
  // Kept in the audit log's reason column (500 characters), where auditors read it beside the action.
  @IsText(REASON_MAX) @IsNotEmpty() @Matches(/\S/) text!: string;
}

/** Field codes said in words, for the codes class-validator gives (the rest get a generic sentence). */
const WORDS: Record<string, { zh: string; en: string }> = {
  REQUIRED: { zh: '必填', en: 'is required' },
  NOT_AN_OBJECT: { zh: '须为JSON对象', en: 'must be a JSON object' },
  UNKNOWN_FIELD: { zh: '不支持该字段', en: 'is not a field of this request' },
};

function wordsFor(field: string, code: string): { zh: string; en: string } {
  if (field === 'reason' || field.endsWith('.reason')) return { zh: '请填写原因', en: 'A reason is required' };
  const w = WORDS[code];
  return w ? { zh: `${field} ${w.zh}`, en: `${field} ${w.en}` } : { zh: `字段 ${field} 无效（${code}）`, en: `${field} is invalid (${code})` };
}

/** The body as `cls`, or a 400 naming every field at fault; a missing or empty reason is REASON_REQUIRED. */
export function bodyAs<T extends object>(cls: new () => T, body: unknown): T {
  const decoded = validatePlain(cls, body ?? {});
  if (decoded.ok) return decoded.value;
  const errors: ConsoleApiError[] = decoded.errors.map((e) =>
    e.field === 'reason' && cls !== CorrectionRequest ? { field: 'reason', code: 'REASON_REQUIRED', message: wordsFor('reason', e.code) } : { field: e.field, code: e.code, message: wordsFor(e.field, e.code) },
  );
  const once = errors.filter((e, i) => errors.findIndex((o) => o.field === e.field && o.code === e.code) === i);
  throw new ConsoleRejection(400, once);
}
