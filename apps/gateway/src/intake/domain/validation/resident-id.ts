import { provinces } from '@birth/policy';
import { chinaDateOf, isRealDate } from './dates';

// The citizen ID number (公民身份号码), GB 11643-1999 (DOMAIN.md §4):
//   positions 1–6   address code (GB/T 2260) of the place of first registration
//   positions 7–14  date of birth, YYYYMMDD
//   positions 15–17 sequence; the 17th digit is odd for a man, even for a woman
//   position 18     check character, ISO 7064 MOD 11-2 over the first 17 digits

/** ISO 7064 MOD 11-2 weights for positions 1..17 (2^(18-i) mod 11). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Weighted sum mod 11 → check character. */
const CHECK_CHARACTERS = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'] as const;

/**
 * The 34 province-level codes of GB/T 2260 (first two digits of an address code), from the
 * divisions of @birth/policy: 31 mainland provinces, autonomous regions and municipalities, plus
 * Taiwan (71), Hong Kong (81) and Macao (82). Only the province part is checked: a county code may
 * have been retired since the number was issued, and a person keeps their number for life.
 */
export const PROVINCE_CODES: ReadonlySet<string> = new Set(provinces().map((province) => province.code.slice(0, 2)));

/**
 * Earliest accepted date of birth. The format allows any date, but nobody alive was born before
 * 1900, and a year such as 0990 is a typing error rather than a person.
 */
const EARLIEST_BIRTH_DATE = '1900-01-01';

/** Seventeen digits then a digit or an upper-case X. A lower-case x is refused, not repaired. */
const RESIDENT_ID = /^\d{17}[\dX]$/;

export type ResidentIdErrorCode =
  | 'RESIDENT_ID_FORMAT'
  | 'RESIDENT_ID_PROVINCE_UNKNOWN'
  | 'RESIDENT_ID_DATE_INVALID'
  | 'RESIDENT_ID_DATE_IN_FUTURE'
  | 'RESIDENT_ID_CHECKSUM';

export type ResidentIdCheck =
  | { ok: true; birthDate: string; sex: 'male' | 'female' }
  | { ok: false; code: ResidentIdErrorCode };

/**
 * The ISO 7064 MOD 11-2 check character of a 17-digit body: `1 0 X 9 8 7 6 5 4 3 2` for a
 * weighted sum ≡ 0..10 (mod 11). Throws a RangeError (without echoing the input) on anything
 * but 17 digits.
 */
export function residentIdCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('expected exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}

/** True when an 18-character number (17 digits + check) carries the right MOD 11-2 check character. */
export function hasValidCheckCharacter(value: string): boolean {
  return RESIDENT_ID.test(value) && residentIdCheckCharacter(value.slice(0, 17)) === value[17];
}

/**
 * Checks a citizen ID number: format, province, a real date of birth not after today (China time),
 * and the check character. Returns the date of birth (`YYYY-MM-DD`) and the sex it encodes, or
 * the first problem found. `now` defaults to the current time.
 */
export function checkResidentIdNumber(value: string, options: { now?: Date } = {}): ResidentIdCheck {
  if (typeof value !== 'string' || !RESIDENT_ID.test(value)) return { ok: false, code: 'RESIDENT_ID_FORMAT' };
  if (!PROVINCE_CODES.has(value.slice(0, 2))) return { ok: false, code: 'RESIDENT_ID_PROVINCE_UNKNOWN' };
  const [year, month, day] = [Number(value.slice(6, 10)), Number(value.slice(10, 12)), Number(value.slice(12, 14))];
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!isRealDate(year, month, day) || birthDate < EARLIEST_BIRTH_DATE) return { ok: false, code: 'RESIDENT_ID_DATE_INVALID' };
  if (birthDate > chinaDateOf(options.now ?? new Date())) return { ok: false, code: 'RESIDENT_ID_DATE_IN_FUTURE' };
  if (residentIdCheckCharacter(value.slice(0, 17)) !== value[17]) return { ok: false, code: 'RESIDENT_ID_CHECKSUM' };
  return { ok: true, birthDate, sex: Number(value[16]) % 2 === 1 ? 'male' : 'female' };
}
