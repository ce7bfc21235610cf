import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Min } from 'class-validator';
import { ISO_DATE_TIME_WITH_OFFSET } from '../envelope';

/** Why a bank refused a payment (asynchronously, after it was accepted). */
export const BANK_REJECTION_CODES = ['ACCOUNT_CLOSED', 'ACCOUNT_NOT_FOUND', 'HOLDER_NAME_MISMATCH'] as const;
export type BankRejectionCode = (typeof BANK_REJECTION_CODES)[number];

/**
 * The body of the bank's signed callback to the payer's `callbackUrl` (apps/bank-simulator/README.md):
 * the final answer on one payment. Sent at least once; the same answer every time for a key.
 */
export class BankPaymentCallbackV1 {
  @IsString() @IsNotEmpty() idempotencyKey!: string;
  /** The bank's own id of the payment. */
  @IsString() @IsNotEmpty() bankReference!: string;
  /** The payer's order id, as sent in `reference`. */
  @IsString() @IsNotEmpty() reference!: string;
  @IsIn(['settled', 'rejected']) state!: 'settled' | 'rejected';
  @IsInt() @Min(1) amountFen!: number;
  @IsIn(['CNY']) currency!: 'CNY';
  /** Set when `state` is `rejected`. */
  @IsOptional() @IsIn(BANK_REJECTION_CODES) reasonCode?: BankRejectionCode;
  /** When the ledger took the payment (settled) or the bank refused it (rejected). */
  @Matches(ISO_DATE_TIME_WITH_OFFSET) decidedAt!: string;
}
