import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsUUID,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsText, StringMaxLength, TEXT_MAX } from '../text';
import { IsInstant, ItemBlock, ItemBlockV1, ITEM_STATES, REASON_CODE_PATTERN, REGION_CODE_PATTERN, type ItemState } from './item-block.v1';

// `maternity-allowance.claim-changed.v1` (issue 12): every change of a claim, keyed by the claim
// id (one claim per mother per delivery; twins' cases share it), naming every case of the
// delivery so the saga shows the same claim on each. The envelope's caseId is null here. No bank
// account travels on this topic, sealed or not: nobody downstream needs one.

export const CLAIM_CHANGES = [
  'opened',
  /** Waits for proof of birth (`birth-certificate.item-changed.v1` with `issued`). */
  'waiting',
  /** Eligibility decided and proof of birth present: amounts and `acceptedAt` set; the 10-working-day clock runs. */
  'accepted',
  /** Every benefit is not eligible (a reason a clerk can read to the family). */
  'rejected',
  /** A parent insured where the platform does not serve: that benefit went to the region's insurer. */
  'forwarded',
  /** The bank refused an account: waits for a corrected one (`bank-account`); the clock pauses. */
  'awaiting-applicant',
  /** A benefit was paid (the item is `done` when every eligible benefit is). */
  'paid',
  /** Reconciliation found the bank's ledger disagreeing with the claim: raised, never papered over. */
  'mismatch',
  /** Voided before payment: the claim stops, the item is `revoked`. */
  'cancelled',
  /** Voided after payment: a clerk must recover the money; nothing is reversed silently. */
  'recovery-required',
] as const;
export type ClaimChange = (typeof CLAIM_CHANGES)[number];

export const BENEFITS = ['maternity-leave', 'paternity-leave'] as const;
export type Benefit = (typeof BENEFITS)[number];

export const BENEFICIARIES = ['mother', 'father'] as const;
export type Beneficiary = (typeof BENEFICIARIES)[number];

/** The state of a benefit's current payment order (`none` before one exists). */
export const PAYMENT_STATES = ['none', 'pending', 'sent', 'paid', 'rejected', 'closed'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

/** What the claim says of a benefit's payment: no account, no bank reference. */
export class BenefitPaymentV1 {
  @IsIn(PAYMENT_STATES) state!: PaymentState;
  @IsOptional() @IsInstant() paidAt!: string | null;
}

/** One benefit of the claim, summed up. */
export class BenefitSummaryV1 {
  @IsIn(BENEFITS) benefit!: Benefit;
  @IsIn(BENEFICIARIES) beneficiary!: Beneficiary;
  @IsIn(ITEM_STATES) state!: ItemState;
  /** Total days from the rules; null until decided (and when not eligible). */
  @IsOptional() @IsInt() @Min(0) days!: number | null;
  /** Wage ÷ 30 × days, in integer fen, rounded half up once; null until decided. */
  @IsOptional() @IsInt() @Min(0) amountFen!: number | null;
  @IsOptional() @IsText(TEXT_MAX.code) @IsNotEmpty() ruleVersion!: string | null;
  @IsOptional() @Matches(REASON_CODE_PATTERN) @StringMaxLength(TEXT_MAX.code) reasonCode!: string | null;
  /** On `forwarded`: the insuring region the benefit went to; otherwise null. */
  @IsOptional() @Matches(REGION_CODE_PATTERN) @StringMaxLength(6) forwardedTo!: string | null;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => BenefitPaymentV1) payment!: BenefitPaymentV1;
}

/** `maternity-allowance.claim-changed.v1`. Consumer: the saga (one allowance step on each case named). */
export class MaternityAllowanceClaimChangedV1 {
  @IsIn(CLAIM_CHANGES) change!: ClaimChange;
  /** The Kafka key. */
  @IsUUID() @StringMaxLength(36) claimId!: string;
  /** Every case of the delivery still part of the claim; a voided twin's case is no longer named (its step's compensation). */
  @IsArray() @ArrayNotEmpty() @ArrayUnique() @ArrayMaxSize(16) @IsUUID('all', { each: true }) @StringMaxLength(36, { each: true }) caseIds!: string[];
  /** The claim's business key with deliveryId (DOMAIN.md §7). */
  @IsText(TEXT_MAX.institutionId) @IsNotEmpty() hospitalId!: string;
  @IsText(TEXT_MAX.externalId) @IsNotEmpty() deliveryId!: string;
  /** `item` is always `maternity-allowance`; `prerequisitesMetAt` equals `acceptedAt` once accepted. */
  @ItemBlock() item!: ItemBlockV1;
  /** The later of the case's acceptance and the certificate's issue, from the data (DOMAIN.md §7); null until accepted. */
  @IsOptional() @IsInstant() acceptedAt!: string | null;
  @IsArray() @ArrayMaxSize(BENEFITS.length) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => BenefitSummaryV1) benefits!: BenefitSummaryV1[];
}
