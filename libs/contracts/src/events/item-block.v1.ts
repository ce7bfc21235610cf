import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsDefined, IsIn, IsISO8601, IsNotEmpty, IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';
import { ISO_DATE_TIME_WITH_OFFSET } from '../envelope';
import { IsText, StringMaxLength, TEXT_MAX } from '../text';
import { APPLICATION_ITEMS, type ApplicationItem } from './birth-registered.v1';

// The common item block of every department's outcome topic (`<service>.item-changed.v1`) and of
// `maternity-allowance.claim-changed.v1`: the saga mirrors a case's steps from this block alone,
// whichever department sent it (issue 11, "Contracts first"; DOMAIN.md §8).

/** The states of a department's item (and of a claim's benefit). */
export const ITEM_STATES = ['waiting', 'in_progress', 'done', 'rejected', 'awaiting_applicant', 'forwarded', 'revoked'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

/**
 * What an item can wait for: another department's outcome (`waiting`, the clock of the waiting
 * step has not started) or the applicant (`awaiting_applicant`, the clock pauses).
 */
export const WAITING_FOR = [
  /** The certificate's `issued` (household registration, medical insurance, the allowance's proof of birth). */
  'birth-certificate',
  /** The household registration's citizen ID number (the social security card). */
  'citizen-id-number',
  /** Medical insurance's outcome, enrolled or rejected (the social security card). */
  'insurance-outcome',
  /** The applicant: the newborn's name, brought by a correction (the certificate). */
  'newborn-name',
  /** The applicant: a sex code of 1 or 2, brought by a correction (household registration). */
  'newborn-sex',
  /** The applicant: a corrected bank account after the bank refused one (the allowance). */
  'bank-account',
] as const;
export type WaitingFor = (typeof WAITING_FOR)[number];

/** A machine-readable reason: `MANUAL_REVIEW`, `NUMBER_BLOCK_EXHAUSTED`, `NOT_ELIGIBLE`, … */
export const REASON_CODE_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;
/** A China date, `YYYY-MM-DD`. */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
/** A GB/T 2260 region code. */
export const REGION_CODE_PATTERN = /^\d{6}$/;

/** An instant: ISO 8601 with an explicit offset (as `bornAt`, `acceptedAt`), bounded. */
export function IsInstant(): PropertyDecorator {
  return (target: object, property: string | symbol) => {
    IsISO8601({ strict: true })(target, property);
    Matches(ISO_DATE_TIME_WITH_OFFSET)(target, property);
    StringMaxLength(TEXT_MAX.dateTime)(target, property);
  };
}

/** A text a clerk can read to the family, in Chinese and in English. Never personal data. */
export class LocalizedTextV1 {
  @IsText(TEXT_MAX.message) @IsNotEmpty() zh!: string;
  @IsText(TEXT_MAX.message) @IsNotEmpty() en!: string;
}

/**
 * The item's state after the change, with why and since when. Every department sends the whole
 * block on every change, so a consumer never needs an earlier message to know where the item is.
 */
export class ItemBlockV1 {
  /** Which of the five items this is; each topic carries its own department's item only. */
  @IsIn(APPLICATION_ITEMS) item!: ApplicationItem;
  @IsIn(ITEM_STATES) state!: ItemState;
  /** Why the item is in this state: `MANUAL_REVIEW` while in progress, the rejection's code, …; null when nothing needs saying. */
  @IsOptional() @Matches(REASON_CODE_PATTERN) @StringMaxLength(TEXT_MAX.code) reasonCode!: string | null;
  /** The reason as a clerk reads it out (a rejection, an applicant wait, a manual review); null with no reasonCode. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => LocalizedTextV1) reason!: LocalizedTextV1 | null;
  /** What the item waits for; empty unless `waiting` or `awaiting_applicant`. */
  @IsArray() @ArrayUnique() @ArrayMaxSize(WAITING_FOR.length) @IsIn(WAITING_FOR, { each: true }) waitingFor!: WaitingFor[];
  /**
   * When the item's prerequisites were all met, from the data (a certificate's `issuedAt`, the
   * case's `acceptedAt`), never the processing time: the step's SLA clock starts here. Null while waiting.
   */
  @IsOptional() @IsInstant() prerequisitesMetAt!: string | null;
  /** When the department made this change. */
  @IsInstant() changedAt!: string;
  /** The policy version (libs/policy) the item's decisions used; null before any decision needed one. */
  @IsOptional() @IsText(TEXT_MAX.code) @IsNotEmpty() ruleVersion!: string | null;
}

/** The `item` property of every outcome payload: the block is required. */
export function ItemBlock(): PropertyDecorator {
  return (target: object, property: string | symbol) => {
    IsDefined()(target, property);
    IsObject()(target, property);
    ValidateNested()(target, property);
    Type(() => ItemBlockV1)(target, property as string);
  };
}
