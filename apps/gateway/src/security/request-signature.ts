import { createHash, createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * The hospitals' signature scheme (issue "Hospital intake"; test vector in
 * docs/hospital-signing-test-vector.json).
 *
 *     signature = lower-case hex HMAC-SHA256(secret, canonical)
 *     canonical = part₁ "\n" … partₙ "\n" TIMESTAMP "\n" NONCE "\n" BODY_SHA256
 *
 * - over HTTPS the parts are METHOD and PATH: `POST\n/api/v1/births?x=1\n…`, where PATH is the
 *   request target exactly as sent (path and query string, no scheme or host);
 * - on the Kafka ingress topic there is one part, the topic's registry name (e.g.
 *   `birth.submitted.v1`, without any deployment prefix): `birth.submitted.v1\n…`;
 * - TIMESTAMP is the X-Timestamp value as sent (Unix milliseconds, decimal digits), NONCE the
 *   X-Nonce value as sent;
 * - BODY_SHA256 is the lower-case hex SHA-256 of the body bytes as they travel (an empty body
 *   hashes the empty string: e3b0c442…b855). The server hashes the bytes it received, never a
 *   re-serialised body, so the client must sign exactly the bytes it sends (under a
 *   Content-Encoding, the decoded bytes: the platform's body parser keeps those);
 * - the HMAC key is the secret string exactly as the CLI printed it, as UTF-8 (ASCII) bytes;
 *   no trailing newline anywhere in the canonical string.
 */
export const SIGNATURE_HEADERS = {
  hospitalId: 'x-hospital-id',
  keyId: 'x-key-id',
  timestamp: 'x-timestamp',
  nonce: 'x-nonce',
  signature: 'x-signature',
} as const;

/** How far a request's timestamp may be from the server's clock, either way. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** Lower-case hex SHA-256 of the bytes (the empty body included). */
export function bodySha256(body: Buffer | string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** The string that is signed; throws on a part that would make it ambiguous (a line break). */
export function canonicalString(signedParts: readonly string[], timestamp: string, nonce: string, bodyHash: string): string {
  const parts = [...signedParts, timestamp, nonce, bodyHash];
  if (signedParts.length === 0) throw new Error('canonicalString needs at least one signed part (METHOD and PATH, or the topic)');
  if (parts.some((part) => /[\r\n]/.test(part))) throw new Error('a signed part must not contain a line break');
  return parts.join('\n');
}

/** The parts an HTTP request signs: its method (upper case) and its target as sent. */
export function httpSignedParts(method: string, pathAndQuery: string): [string, string] {
  return [method.toUpperCase(), pathAndQuery];
}

/** Lower-case hex HMAC-SHA256 of `canonical` under the secret (UTF-8 bytes of the string). */
export function computeSignature(secret: string | Buffer | KeyObject, canonical: string): string {
  return createHmac('sha256', secret).update(canonical, 'utf8').digest('hex');
}

/** Everything a client needs to sign one message: its headers' values. */
export interface SignatureInput {
  secret: string | Buffer;
  signedParts: readonly string[];
  timestamp: string;
  nonce: string;
  body: Buffer | string;
}

export function signMessage(input: SignatureInput): string {
  return computeSignature(input.secret, canonicalString(input.signedParts, input.timestamp, input.nonce, bodySha256(input.body)));
}

/**
 * Whether `given` is the right signature, compared in constant time: both sides are turned into
 * 32-byte buffers first (a malformed `given` becomes a fixed zero buffer and still goes through
 * timingSafeEqual), so neither the length nor the first differing byte shows in the timing.
 */
export function signatureMatches(expectedHex: string, given: string): boolean {
  const expected = Buffer.from(expectedHex, 'hex');
  const wellFormed = /^[0-9a-f]{64}$/.test(given);
  const actual = wellFormed ? Buffer.from(given, 'hex') : Buffer.alloc(expected.length);
  if (actual.length !== expected.length) return false;
  return timingSafeEqual(expected, actual) && wellFormed;
}

/** Whether the signed message (secret, parts, headers and body) carries `signature`. */
export function verifySignature(input: SignatureInput & { signature: string }): boolean {
  return signatureMatches(signMessage(input), input.signature);
}

/** The headers a hospital client sends: a helper for tests, tools and the integration guide. */
export function signedHeaders(input: SignatureInput & { hospitalId: string; keyId: string }): Record<string, string> {
  return {
    'X-Hospital-Id': input.hospitalId,
    'X-Key-Id': input.keyId,
    'X-Timestamp': input.timestamp,
    'X-Nonce': input.nonce,
    'X-Signature': signMessage(input),
  };
}
