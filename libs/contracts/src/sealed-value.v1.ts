import { Equals, IsString, Matches, MaxLength } from 'class-validator';

/**
 * A field sealed for one service (DESIGN.md, "Security"): HPKE (RFC 9180), base mode, to the
 * recipient's public key. Today the bank accounts, sealed for the maternity-allowance service on
 * every topic that carries them. Only the shape lives here; sealing and opening are in
 * @birth/platform (FieldSealer, FieldOpener).
 *
 *     { "alg": "hpke-x25519-sha256-aes256gcm", "kid": "k-20261201-3fa2c1", "enc": "<43>", "ct": "<...>" }
 *
 * - `alg`: the HPKE suite, DHKEM(X25519, HKDF-SHA256) + HKDF-SHA256 + AES-256-GCM. Another suite
 *   would be another `alg` value (and another version of this class), never a silent change.
 * - `kid`: the id of the recipient's key pair (rotation adds a kid; the recipient keeps old ones
 *   until they are retired).
 * - `enc`: the encapsulated key, 32 bytes, base64url without padding.
 * - `ct`: the ciphertext with its 16-byte tag, base64url without padding.
 *
 * The case id, the field path (e.g. `mother.bankAccount`) and the kid are bound as associated
 * data: a sealed value copied to another case, another field or relabelled with another kid
 * fails to open. They are not carried here: the reader knows them from where the value stands.
 */
export const SEALED_VALUE_ALG = 'hpke-x25519-sha256-aes256gcm';

/** A key id: letters, digits, `.`, `_` and `-`, at most 64; it is shown in masked output, so nothing else. */
export const SEALED_KEY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The largest ciphertext accepted (base64url characters): a sealed field is small (an account is ~200 bytes of JSON). */
export const SEALED_CT_MAX = 8192;

export class SealedValueV1 {
  @Equals(SEALED_VALUE_ALG) alg!: typeof SEALED_VALUE_ALG;

  // An outer MaxLength beside the exact patterns of kid and enc: every string of the JSON Schemas
  // states a maxLength (tools/contracts), and a length check is cheap before a pattern's.
  @IsString() @MaxLength(128) @Matches(SEALED_KEY_ID_PATTERN, { message: 'kid must be 1-64 of A-Z a-z 0-9 . _ - (starting with a letter or digit)' }) kid!: string;

  /** X25519: 32 bytes = 43 base64url characters, no padding. */
  @IsString() @MaxLength(64) @Matches(/^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/, { message: 'enc must be 32 bytes in base64url without padding' }) enc!: string;

  /** At least the 16-byte tag (22 characters); base64url without padding. */
  @IsString()
  @MaxLength(SEALED_CT_MAX)
  @Matches(/^[A-Za-z0-9_-]{22,}$/, { message: 'ct must be base64url without padding, at least the 16-byte tag' })
  ct!: string;
}

/** Whether `value` has the shape of a SealedValueV1 (for masking: a cheap structural test, not validation). */
export function isSealedValue(value: unknown): value is SealedValueV1 {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return v['alg'] === SEALED_VALUE_ALG && typeof v['kid'] === 'string' && typeof v['enc'] === 'string' && typeof v['ct'] === 'string';
}

/**
 * What others see of a sealed value (other consumers, dead-letter listings, logs): that it
 * exists and under which key, `[sealed:k-20261201-3fa2c1]`; never `enc` or `ct`. A kid that is
 * not a valid key id is not echoed.
 */
export function maskSealedValue(value: SealedValueV1): string {
  return SEALED_KEY_ID_PATTERN.test(value.kid) ? `[sealed:${value.kid}]` : '[sealed]';
}
