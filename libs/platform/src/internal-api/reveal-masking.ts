import { hasControlCharacter, hasUnpairedSurrogate, maskPersonalData, TEXT_MAX } from '@birth/contracts';

/** A reveal asked for with its reason; the audit records it before the unmasked answer leaves. */
export interface RevealRequest {
  reason: string;
}

export type RevealQueryResult =
  | { ok: true; reveal: RevealRequest | null }
  | { ok: false; code: 'INVALID_REVEAL' | 'REVEAL_REASON_REQUIRED' | 'REVEAL_REASON_INVALID' };

export const REVEAL_REASON_MAX_LENGTH = TEXT_MAX.reason;

/**
 * Masked unless `reveal=true`; then `reason` is required. A repeated parameter (an array) is
 * refused rather than guessed at; `reason` without `reveal=true` changes nothing.
 */
export function parseRevealQuery(query: Record<string, unknown> | undefined): RevealQueryResult {
  const reveal = query?.['reveal'];
  if (reveal === undefined || reveal === 'false') return { ok: true, reveal: null };
  if (reveal !== 'true') return { ok: false, code: 'INVALID_REVEAL' };
  const reason = query?.['reason'];
  if (reason === undefined || (typeof reason === 'string' && reason.trim() === '')) return { ok: false, code: 'REVEAL_REASON_REQUIRED' };
  if (typeof reason !== 'string' || reason.length > REVEAL_REASON_MAX_LENGTH || hasControlCharacter(reason) || hasUnpairedSurrogate(reason)) {
    return { ok: false, code: 'REVEAL_REASON_INVALID' };
  }
  return { ok: true, reveal: { reason: reason.trim() } };
}

/** Masks by field name, beyond those maskPersonalData knows (e.g. `{ citizenIdNumber: maskIdNumber }`). */
export type FieldMasks = Readonly<Record<string, (value: string) => string>>;

/**
 * The masked form of an answer: the service's own personal fields (`masks`, by name at any
 * depth), then every field libs/contracts knows as personal (maskPersonalData).
 */
export function maskForAnswer<T>(value: T, masks: FieldMasks = {}): T {
  return maskPersonalData(maskNamed(asJson(value), masks));
}

/** The answer as JSON will carry it (Dates as ISO strings): what is masked is exactly what is sent. */
export function asJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function maskNamed<T>(value: T, masks: FieldMasks): T {
  if (Array.isArray(value)) return value.map((item) => maskNamed(item, masks)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    const mask = Object.hasOwn(masks, key) ? masks[key] : undefined;
    out[key] = mask && (typeof field === 'string' || typeof field === 'number') ? mask(String(field)) : maskNamed(field, masks);
  }
  return out as T;
}

/**
 * The fields a reveal shows: the paths where the masked answer differs from the real one, array
 * positions written `[]` (`benefits[].beneficiary.name`), sorted and each once. Empty when the
 * answer holds no personal data (then nothing is revealed and nothing is audited).
 */
export function revealedFields(real: unknown, masked: unknown): string[] {
  const fields = new Set<string>();
  collectDifferences(real, masked, '', fields);
  return [...fields].sort();
}

function collectDifferences(real: unknown, masked: unknown, path: string, out: Set<string>): void {
  if (Array.isArray(real) && Array.isArray(masked)) {
    real.forEach((item, index) => collectDifferences(item, masked[index], `${path}[]`, out));
  } else if (real !== null && typeof real === 'object' && masked !== null && typeof masked === 'object') {
    for (const [key, field] of Object.entries(real as Record<string, unknown>)) {
      collectDifferences(field, (masked as Record<string, unknown>)[key], path ? `${path}.${key}` : key, out);
    }
  } else if (real !== masked) {
    out.add(path || '$');
  }
}
