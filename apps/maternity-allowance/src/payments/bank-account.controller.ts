import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { IsDefined, IsIn, IsObject, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { DataSource } from 'typeorm';
import { BENEFICIARIES, COMMAND_REASON_CODE, IsText, SealedValueV1, StringMaxLength, TEXT_MAX, validatePlain, type Beneficiary } from '@birth/contracts';
import { InternalApiException, InternalCaller, InternalController, type InternalRequestContext } from '@birth/platform';
import { AccountCorrections } from '../ports/payment-port';
import { AccountOpener } from './bank/account-opener';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `POST /internal/claims/{claimId}/bank-account`: the corrected account, sealed by the caller (the gateway) for this service, as on `update-bank-account`. */
export class BankAccountCorrectionRequest {
  @IsIn(BENEFICIARIES) beneficiary!: Beneficiary;
  /** The case the account was sealed for (one of the claim's cases): part of the seal's binding with `<beneficiary>.bankAccount`. */
  @IsUUID() caseId!: string;
  /** BankAccountV1 (bankName, accountNumber, accountName) as JSON, sealed with FieldSealer to the allowance's public key. */
  @IsDefined() @IsObject() @ValidateNested() @Type(() => SealedValueV1) bankAccount!: SealedValueV1;
  @Matches(COMMAND_REASON_CODE) @StringMaxLength(TEXT_MAX.code) reasonCode!: string;
  @IsOptional() @IsText(TEXT_MAX.reason) note?: string | null;
}

export interface BankAccountCorrectionAnswer {
  claimId: string;
  beneficiary: Beneficiary;
  /** The orders opened for the benefits that waited for this account (empty: nothing waited). */
  openedOrderIds: string[];
}

/** A clerk records a corrected account after the bank refused one (DOMAIN.md §7–§8: the pause ends, payment resumes). */
@InternalController('claims')
export class BankAccountController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly corrections: AccountCorrections,
    private readonly accounts: AccountOpener,
  ) {}

  @Post(':claimId/bank-account')
  @HttpCode(200)
  async correct(@Param('claimId') claimId: string, @Body() body: unknown, @InternalCaller() who: InternalRequestContext): Promise<BankAccountCorrectionAnswer> {
    if (!UUID.test(claimId)) {
      throw new InternalApiException(400, { field: 'claimId', code: 'INVALID_CLAIM_ID', message: { zh: '津贴申领编号须为UUID', en: 'The claim id must be a UUID' } });
    }
    const decoded = validatePlain(BankAccountCorrectionRequest, body);
    if (!decoded.ok) {
      throw new InternalApiException(
        400,
        ...decoded.errors.map((e) => ({ field: e.field, code: e.code, message: { zh: `字段 ${e.field} 无效（${e.code}）`, en: `${e.field} is invalid (${e.code})` } })),
      );
    }
    const request = decoded.value;
    const sealedFor = { caseId: request.caseId.toLowerCase(), fieldPath: `${request.beneficiary}.bankAccount` as const };
    // Checked before anything is stored: an account that will not open would only be refused later, at sending.
    const opened = await this.accounts.open(request.bankAccount, sealedFor);
    if (!opened.ok) {
      throw new InternalApiException(422, {
        field: 'bankAccount',
        code: 'BANK_ACCOUNT_UNREADABLE',
        message: { zh: '银行账户须为发给本服务的密封值，且与案件和受益人一致', en: "The bank account must be sealed for this service, for this case and beneficiary" },
      });
    }
    const orderIds = await this.dataSource.transaction((manager) =>
      this.corrections.record(manager, {
        claimId: claimId.toLowerCase(),
        beneficiary: request.beneficiary,
        sealedAccount: request.bankAccount,
        sealedFor,
        recordedBy: who.actor ? `${who.caller}:${who.actor}` : who.caller,
        reasonCode: request.reasonCode,
        note: request.note ?? null,
        at: new Date().toISOString(),
      }),
    );
    if (orderIds === null) {
      throw new InternalApiException(404, { field: 'claimId', code: 'CLAIM_NOT_FOUND', message: { zh: '没有该津贴申领或该受益人', en: 'No such claim, or no such beneficiary on it' } });
    }
    return { claimId: claimId.toLowerCase(), beneficiary: request.beneficiary, openedOrderIds: orderIds };
  }
}
