import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsNotEmpty, IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';
import { BENEFICIARIES, type Beneficiary } from '../events/claim-changed.v1';
import { SealedValueV1 } from '../sealed-value.v1';
import { IsText, StringMaxLength, TEXT_MAX } from '../text';
import { COMMAND_REASON_CODE, DEPARTMENT_COMMANDS } from './department-commands.v1';

// The commands one service takes beside retry-step and revoke (issues 11 and 12).

/** The states the physical card moves to, in this order (DOMAIN.md §6). */
export const CARD_ADVANCE_STATES = ['in_production', 'ready', 'issued'] as const;
export type CardAdvanceState = (typeof CARD_ADVANCE_STATES)[number];

/**
 * `advance-card` on `social-security-card.commands.v1`: the physical card reached `cardState`
 * (sent by the card production's integration or an operator's `npm run cli -- card advance`).
 * A state the card already passed is a no-op; a jump backwards is refused by the service.
 */
export class AdvanceCardCommandV1 {
  @IsIn(['advance-card']) command!: 'advance-card';
  @IsIn(CARD_ADVANCE_STATES) cardState!: CardAdvanceState;
  @Matches(COMMAND_REASON_CODE) @StringMaxLength(TEXT_MAX.code) reasonCode!: string;
  @IsOptional() @IsText(TEXT_MAX.reason) note!: string | null;
}

/**
 * `update-bank-account` on `maternity-allowance.commands.v1`: a clerk recorded the corrected
 * account of a beneficiary after the bank refused one. The account travels sealed for the
 * allowance service (SealedValueV1, HPKE), bound to the envelope's caseId and the field path
 * `<beneficiary>.bankAccount` (`mother.bankAccount`, as on birth.registered.v1), so nobody else,
 * no dead-letter listing and no log sees it.
 */
export class UpdateBankAccountCommandV1 {
  @IsIn(['update-bank-account']) command!: 'update-bank-account';
  @IsIn(BENEFICIARIES) beneficiary!: Beneficiary;
  /** The sealed BankAccountV1 (bankName, accountNumber, accountName) as JSON. */
  @IsDefined() @IsObject() @ValidateNested() @Type(() => SealedValueV1) bankAccount!: SealedValueV1;
  /** The clerk who recorded it (their user id, as the gateway names them in X-Actor). */
  @IsText(TEXT_MAX.institutionId) @IsNotEmpty() recordedBy!: string;
  @Matches(COMMAND_REASON_CODE) @StringMaxLength(TEXT_MAX.code) reasonCode!: string;
  @IsOptional() @IsText(TEXT_MAX.reason) note!: string | null;
}

/**
 * `refer-to-office` on `household-registration.commands.v1`: a clerk hands an item in manual review
 * (an exhausted ID sequence, a sex corrected after the number, a place the facts do not decide) to
 * the county's public-security office, which finishes it outside the platform: the item becomes
 * `forwarded`. A number already assigned stays used (never reissued by the platform). Sent by the
 * console with the clerk named; refused (dead-lettered with the reason) when the item is not in
 * manual review.
 */
export class ReferToOfficeCommandV1 {
  @IsIn(['refer-to-office']) command!: 'refer-to-office';
  /** The county whose office takes it over (GB/T 2260), when the facts do not name one already. */
  @IsOptional() @Matches(/^\d{6}$/) @StringMaxLength(6) countyCode!: string | null;
  /** The clerk who referred it (their console username). */
  @IsText(TEXT_MAX.institutionId) @IsNotEmpty() referredBy!: string;
  @Matches(COMMAND_REASON_CODE) @StringMaxLength(TEXT_MAX.code) reasonCode!: string;
  @IsOptional() @IsText(TEXT_MAX.reason) note!: string | null;
}

export const SOCIAL_SECURITY_CARD_COMMANDS = { ...DEPARTMENT_COMMANDS, 'advance-card': AdvanceCardCommandV1 } as const;
export const HOUSEHOLD_REGISTRATION_COMMANDS = { ...DEPARTMENT_COMMANDS, 'refer-to-office': ReferToOfficeCommandV1 } as const;
export const MATERNITY_ALLOWANCE_COMMANDS = { ...DEPARTMENT_COMMANDS, 'update-bank-account': UpdateBankAccountCommandV1 } as const;
