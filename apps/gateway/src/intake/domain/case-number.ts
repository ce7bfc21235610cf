/**
 * Case numbers: readable, unique and checkable, e.g. `210202-20260305-000123-4`:
 * the hospital's region code, the acceptance date in China time, a per-region-per-day
 * sequence, and a Luhn check digit over those 20 digits (catches any single mistyped digit
 * and most swapped neighbours when a clerk reads a number over the phone).
 */

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000; // Asia/Shanghai has had no daylight saving since 1991

/** The calendar date in China time, `YYYYMMDD`. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10).replace(/-/g, '');
}

/** The Luhn check digit for a string of digits. */
export function luhnCheckDigit(digits: string): number {
  if (!/^\d+$/.test(digits)) throw new Error('luhnCheckDigit takes digits only');
  let sum = 0;
  // Doubling starts at the rightmost payload digit (it sits next to the check digit).
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export const MAX_DAILY_SEQUENCE = 999_999;

export function formatCaseNumber(regionCode: string, acceptedAt: Date, sequence: number): string {
  if (!/^\d{6}$/.test(regionCode)) throw new Error('region code must be 6 digits');
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_DAILY_SEQUENCE) throw new Error('sequence out of range');
  const date = chinaDate(acceptedAt);
  const seq = String(sequence).padStart(6, '0');
  return `${regionCode}-${date}-${seq}-${luhnCheckDigit(`${regionCode}${date}${seq}`)}`;
}

const CASE_NUMBER = /^(\d{6})-(\d{8})-(\d{6})-(\d)$/;

export function isValidCaseNumber(value: string): boolean {
  const match = CASE_NUMBER.exec(value);
  if (!match) return false;
  const [, region, date, seq, check] = match;
  return luhnCheckDigit(`${region}${date}${seq}`) === Number(check);
}

/** The numbers one counter update drew for a region and China-time day: `count` numbers ending with `last`. */
export interface DrawnNumbers {
  region: string;
  day: string;
  last: number;
  count: number;
}

/** A birth to number: its hospital's region and the instant it was accepted. */
export interface NumberedBirth {
  regionCode: string;
  acceptedAt: Date;
}

/**
 * Case numbers for the births taken, in their order (one each, in the same order), from the ranges drawn per region and day.
 * A range may be longer than the births taken from it (a birth refused after the draw leaves its
 * number unused); a birth whose region and day drew nothing, or a range past the daily maximum,
 * is an error, never a made-up number.
 */
export function assignCaseNumbers(births: readonly NumberedBirth[], drawn: readonly DrawnNumbers[]): string[] {
  const next = new Map<string, number>();
  for (const range of drawn) {
    if (range.last > MAX_DAILY_SEQUENCE) throw new Error(`case numbers of region ${range.region} exhausted for ${range.day}`);
    next.set(`${range.region}:${range.day}`, range.last - range.count + 1);
  }
  return births.map((birth) => {
    const key = `${birth.regionCode}:${chinaDate(birth.acceptedAt)}`;
    const sequence = next.get(key);
    if (sequence === undefined) throw new Error(`no case number was drawn for region and day ${key}`);
    next.set(key, sequence + 1);
    return formatCaseNumber(birth.regionCode, birth.acceptedAt, sequence);
  });
}
