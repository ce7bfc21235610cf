import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of a signed bank callback. */
export const BANK_SIGNATURE_HEADER = 'x-bank-signature';
export const BANK_TIMESTAMP_HEADER = 'x-bank-timestamp';
/** How far a callback's timestamp may be from the receiver's clock (replay window). */
export const BANK_SIGNATURE_TOLERANCE_MS = 5 * 60_000;

/**
 * `v1=` + hex HMAC-SHA256 over `${timestamp}.${body}`, keyed by the shared secret. The timestamp
 * is in the signed text so that an old callback cannot be replayed as a new one.
 */
export function signBankCallback(secret: string, timestamp: string, rawBody: string | Buffer): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

export type BankSignatureCheck = { ok: true } | { ok: false; reason: 'MISSING_SIGNATURE' | 'STALE_TIMESTAMP' | 'BAD_SIGNATURE' };

export interface BankCallbackToVerify {
  /** The exact bytes received: never a re-serialised body. */
  rawBody: string | Buffer;
  /** The `X-Bank-Timestamp` header: milliseconds since the epoch, as a decimal string. */
  timestamp: string | undefined;
  /** The `X-Bank-Signature` header. */
  signature: string | undefined;
}

/** What a payer does with a callback before believing it. Constant-time comparison. */
export function verifyBankCallback(
  secret: string,
  callback: BankCallbackToVerify,
  now = Date.now(),
  toleranceMs = BANK_SIGNATURE_TOLERANCE_MS,
): BankSignatureCheck {
  const { rawBody, timestamp, signature } = callback;
  if (!timestamp || !signature) return { ok: false, reason: 'MISSING_SIGNATURE' };
  const at = /^\d{1,15}$/.test(timestamp) ? Number(timestamp) : NaN;
  if (!Number.isFinite(at) || Math.abs(now - at) > toleranceMs) return { ok: false, reason: 'STALE_TIMESTAMP' };
  const expected = Buffer.from(signBankCallback(secret, timestamp, rawBody));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? { ok: true } : { ok: false, reason: 'BAD_SIGNATURE' };
}
