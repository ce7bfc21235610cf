/**
 * Personal information (DOMAIN.md §9, PIPL art. 28): a newborn's whole record is sensitive.
 * These helpers mask it wherever a viewer does not need it (dead-letter listings, logs of
 * last resort, API answers for roles without the need).
 */
import { isSealedValue, maskSealedValue } from './sealed-value.v1';

/** `210202********123X`: region and the last four kept, birth date and sequence hidden. */
export function maskIdNumber(value: string): string {
  if (value.length <= 10) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}

/** `张*` / `王**`: the family name stays, so a clerk can still tell cases apart on screen. */
export function maskName(value: string): string {
  const chars = [...value];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/** `138****1234`. */
export function maskPhone(value: string): string {
  if (value.length <= 7) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}

/** `************1234`. */
export function maskAccount(value: string): string {
  return value.length <= 4 ? '*'.repeat(value.length) : `${'*'.repeat(value.length - 4)}${value.slice(-4)}`;
}

function maskAll(value: string): string {
  return '*'.repeat(Math.min([...value].length, 12));
}

/** Field names that carry personal data anywhere in our payloads, and how each is masked. */
const MASKS: Partial<Record<string, (value: string) => string>> = {
  name: maskName,
  accountName: maskName,
  householdHeadName: maskName,
  number: maskIdNumber,
  idNumber: maskIdNumber,
  /** household-registration.item-changed.v1 and the internal APIs. */
  citizenIdNumber: maskIdNumber,
  /** The social security number is the citizen ID number (DOMAIN.md §6). */
  socialSecurityNumber: maskIdNumber,
  phone: maskPhone,
  contactPhone: maskPhone,
  accountNumber: maskAccount,
  hukouAddress: maskAll,
  address: maskAll,
  dateOfBirth: maskAll,
};

/** Objects whose fields are about an institution, not a person (a hospital's name is public). */
const NOT_PERSONAL = new Set(['hospital']);

/**
 * A deep copy of `value` with every personal field masked (by field name, at any depth).
 * Numbers are masked too: an ID or phone sent as a JSON number is exactly what lands in a
 * dead-letter listing. A sealed value (SealedValueV1), wherever it stands, shows only that it
 * exists: `[sealed:<kid>]`.
 */
export function maskPersonalData<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => maskPersonalData(item)) as T;
  if (value === null || typeof value !== 'object') return value;
  if (isSealedValue(value)) return maskSealedValue(value) as T;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    const mask = MASKS[key];
    if (NOT_PERSONAL.has(key)) out[key] = field;
    else if (mask && (typeof field === 'string' || typeof field === 'number' || typeof field === 'bigint')) out[key] = mask(String(field));
    else out[key] = maskPersonalData(field);
  }
  return out as T;
}
