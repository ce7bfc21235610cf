import { chinaDayOf, formatChinaDay, parseChinaDate } from '@birth/calendar';
import { isHukouCounty } from './registration-place';

/**
 * The citizen ID number of GB 11643 (DOMAIN.md §4): the registration county (6 digits), the
 * China date of birth (8), a sequence (3: odd for a boy, even for a girl) and the ISO 7064
 * MOD 11-2 check character.
 */

/** The sex a sequence encodes; GB/T 2261.1 codes 0 (unknown) and 9 (not stated) have none. */
export type SequenceSex = 'male' | 'female';

/** Sequences per county, date and sex: 500 odd values 001–999 for boys, 499 even values 002–998 for girls. */
export const SEQUENCE_RANGES: Readonly<Record<SequenceSex, { first: number; last: number; count: number }>> = Object.freeze({
  male: Object.freeze({ first: 1, last: 999, count: 500 }),
  female: Object.freeze({ first: 2, last: 998, count: 499 }),
});

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'] as const;
const CITIZEN_ID = /^(\d{6})(\d{8})(\d{3})([0-9X])$/;

/**
 * The sex a sequence is allocated for, from a GB/T 2261.1 code: '1' male, '2' female;
 * '0' and '9' allow no number (the family must state the sex: an applicant wait).
 */
export function sequenceSexOf(sexCode: string): SequenceSex | undefined {
  if (sexCode === '1') return 'male';
  if (sexCode === '2') return 'female';
  return undefined;
}

/**
 * The sequence of the nth allocation (0-based) for a sex: 1, 3, … 999 for boys, 2, 4, … 998 for
 * girls; undefined once the 500 (boys) or 499 (girls) values are used up.
 */
export function sequenceAt(sex: SequenceSex, index: number): number | undefined {
  const range = SEQUENCE_RANGES[sex];
  if (!Number.isInteger(index) || index < 0 || index >= range.count) return undefined;
  return range.first + 2 * index;
}

/** The ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function checkCharacterOf(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('checkCharacterOf: expected 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}

/**
 * The China date of birth (`YYYY-MM-DD`) of an instant, by UTC+8 whatever the process's time
 * zone: a birth at 00:30 in Beijing (16:30Z the day before) is born on the Beijing day.
 */
export function chinaDateOfBirth(bornAt: Date): string {
  if (Number.isNaN(bornAt.getTime())) throw new RangeError('chinaDateOfBirth: invalid Date');
  return formatChinaDay(chinaDayOf(bornAt));
}

export interface CitizenIdParts {
  /** The registration county: a county-level code of GB/T 2260, or an undivided prefecture (东莞 441900). */
  countyCode: string;
  /** The China date of birth, `YYYY-MM-DD`. */
  chinaBirthDate: string;
  /** 1–999: odd for a boy, even for a girl. */
  sequence: number;
}

/** The 18-character number; throws RangeError on a part that GB 11643 does not allow. */
export function composeCitizenId(parts: CitizenIdParts): string {
  if (!isHukouCounty(parts.countyCode)) throw new RangeError(`composeCitizenId: "${parts.countyCode}" is not a county-level code`);
  if (parseChinaDate(parts.chinaBirthDate) === undefined) throw new RangeError(`composeCitizenId: "${parts.chinaBirthDate}" is not a date`);
  if (!Number.isInteger(parts.sequence) || parts.sequence < 1 || parts.sequence > 999) {
    throw new RangeError(`composeCitizenId: sequence ${parts.sequence} is outside 1–999`);
  }
  const first17 = `${parts.countyCode}${parts.chinaBirthDate.replaceAll('-', '')}${String(parts.sequence).padStart(3, '0')}`;
  return `${first17}${checkCharacterOf(first17)}`;
}

/** The parts of a well-formed number (right shape, real date, right check character), else undefined. */
export function parseCitizenId(text: string): (CitizenIdParts & { sex: SequenceSex }) | undefined {
  const match = CITIZEN_ID.exec(text);
  if (!match) return undefined;
  const [, countyCode, ymd, seq, check] = match;
  const chinaBirthDate = `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`;
  const sequence = Number(seq);
  if (sequence === 0 || parseChinaDate(chinaBirthDate) === undefined) return undefined;
  if (checkCharacterOf(text.slice(0, 17)) !== check) return undefined;
  return { countyCode, chinaBirthDate, sequence, sex: sequence % 2 === 1 ? 'male' : 'female' };
}
