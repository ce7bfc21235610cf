// Rules for single fields of the one-form application. Each returns the code of the problem, or
// null when the value is acceptable; the caller attaches the field path.

export const NAME_MAX_CHARACTERS = 50;

/**
 * Invisible or structural characters a name must not carry: control characters (Cc), format
 * characters (Cf: bidirectional overrides that make a name display differently from how it is
 * stored, zero-width space, BOM …), line and paragraph separators, and unpaired surrogates (Cs,
 * broken UTF-16). ZWJ (U+200D) and ZWNJ (U+200C) are format characters that some scripts need
 * inside words (Persian, Indic names of foreign parents), so they are allowed.
 * Everything else is allowed on purpose: rare characters (生僻字) outside the Basic Multilingual
 * Plane (CJK Extension B and beyond), private-use characters that some civil registries still
 * use for rare characters, and the middle dot of minority and foreign names (·).
 */
const FORBIDDEN_IN_NAMES = /(?![\u200C\u200D])[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

export type NameErrorCode = 'NAME_REQUIRED' | 'NAME_TOO_LONG' | 'NAME_INVALID_CHARACTERS';

/** A person's name. `required: false` accepts null, undefined and blank (the newborn's name may come later). */
export function checkName(value: string | null | undefined, required: boolean): NameErrorCode | null {
  if (value === null || value === undefined || value.trim() === '') return required ? 'NAME_REQUIRED' : null;
  if (FORBIDDEN_IN_NAMES.test(value)) return 'NAME_INVALID_CHARACTERS';
  if ([...value].length > NAME_MAX_CHARACTERS) return 'NAME_TOO_LONG';
  return null;
}

/** Mainland mobile (11 digits from 13x to 19x), optionally +86; or a landline with its area code, 0 + 2–3 digits. */
const MOBILE = /^(\+86)?1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

export function checkPhone(value: string): 'PHONE_INVALID' | null {
  return MOBILE.test(value) || LANDLINE.test(value) ? null : 'PHONE_INVALID';
}

/**
 * Bank account numbers: 12–30 digits, nothing else (the hospital sends them without spaces).
 * Deliberately no Luhn check, even for 16–19-digit card numbers: UnionPay card numbers usually
 * satisfy it, but passbook (存折) and settlement account numbers and some banks' card ranges do
 * not, and the allowance may be paid to any of them. Refusing a real account would block the
 * payment; a wrong account is instead caught when the payment bounces, and the case then waits
 * for the applicant's correction (DOMAIN.md §7).
 */
const BANK_ACCOUNT = /^\d{12,30}$/;

export function checkBankAccountNumber(value: string): 'BANK_ACCOUNT_INVALID' | null {
  return BANK_ACCOUNT.test(value) ? null : 'BANK_ACCOUNT_INVALID';
}

/**
 * Money in integer fen, 0 to 100,000,000 (1,000,000 yuan). For a monthly wage, anything above
 * the bound is a unit error, not a salary.
 */
export const MAX_AMOUNT_FEN = 100_000_000;

export function checkAmountFen(value: number): 'AMOUNT_OUT_OF_RANGE' | null {
  return Number.isSafeInteger(value) && value >= 0 && value <= MAX_AMOUNT_FEN ? null : 'AMOUNT_OUT_OF_RANGE';
}
