import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUrl, Matches, MaxLength, Min, Max, ValidateNested } from 'class-validator';

/** A beneficiary account as a payer names it. A malformed number is refused synchronously. */
export class PaymentAccount {
  @IsString() @Matches(/^[0-9]{8,30}$/, { message: 'account.number must be 8 to 30 digits' }) number!: string;
  @IsString() @IsNotEmpty() @MaxLength(100) holderName!: string;
  @IsOptional() @IsString() @Matches(/^[0-9A-Z]{3,12}$/, { message: 'account.bankCode must be 3 to 12 digits or capital letters' }) bankCode?: string;
}

/** `POST /payments` body (apps/bank-simulator/README.md). */
export class PaymentRequest {
  /** Integer fen; at most 10,000,000 yuan in one payment. */
  @IsInt() @Min(1) @Max(1_000_000_000) amountFen!: number;
  @IsIn(['CNY']) currency!: 'CNY';
  @IsObject() @ValidateNested() @Type(() => PaymentAccount) account!: PaymentAccount;
  /** The payer's own id of the order (its payment order id). */
  @IsString() @IsNotEmpty() @MaxLength(128) reference!: string;
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }) @MaxLength(2048) callbackUrl!: string;
}

/** An idempotency key: what a payer sends in the `Idempotency-Key` header. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The request's fingerprint for "same key, same body?": SHA-256 over the validated fields in a
 * fixed order, so key order and whitespace do not matter, and any change of a field does.
 */
export function paymentBodyHash(request: PaymentRequest): string {
  const canonical = JSON.stringify([
    request.amountFen,
    request.currency,
    request.account.number,
    request.account.holderName,
    request.account.bankCode ?? null,
    request.reference,
    request.callbackUrl,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
