import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, KeyObject, randomBytes } from 'node:crypto';

/**
 * Personal data and secrets at rest (DESIGN.md, "Security"), the same way in every service:
 * AES-256-GCM under a 32-byte key-encryption key (KEK, each service's own `SECRETS_KEK`, see
 * WithSecretsKek), and a keyed hash (blind index) to find encrypted values by equality.
 * Moved here from the gateway unchanged: its stored values keep opening (the spec's fixed vectors).
 *
 * Sealed format, one text column, versioned so the scheme can change without ambiguity:
 *
 *     v1:<iv>:<tag>:<ciphertext>
 *
 * each part base64url without padding; iv = 12 random bytes (a fresh one per seal), tag = the
 * 16-byte GCM authentication tag. An optional `context` string is bound as GCM additional
 * authenticated data: a sealed value opens only with the context it was sealed under (the
 * hospital keys use `hospital-key:<hospitalId>:<keyId>`), so a ciphertext copied into another
 * row fails to open instead of lending its secret to another key.
 */
export const SEALED_VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALED_PATTERN = /^v1:([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]*)$/;

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/** The KEK from its configuration form: standard base64 of exactly 32 bytes. */
export function keyFromBase64(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== KEY_BYTES || key.toString('base64') !== base64) {
    throw new SecretBoxError(`a key must be the base64 of exactly ${KEY_BYTES} bytes`);
  }
  return key;
}

/** A key as a Buffer, or as a KeyObject (cheaper per call: Node prepares a Buffer key again on every use). */
export type SymmetricKey = Buffer | KeyObject;

function keySize(key: SymmetricKey): number {
  return key instanceof KeyObject ? (key.symmetricKeySize ?? 0) : key.length;
}

function assertKey(key: SymmetricKey): void {
  if (keySize(key) !== KEY_BYTES) throw new SecretBoxError(`a key must be ${KEY_BYTES} bytes, not ${keySize(key)}`);
}

/** Encrypts `plaintext` (a string is taken as UTF-8) into the `v1:` format. */
export function seal(key: SymmetricKey, plaintext: Buffer | string, context = ''): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [SEALED_VERSION, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join(':');
}

/**
 * Decrypts a `v1:` value. Throws SecretBoxError when the format is wrong, or when the key, the
 * context or any byte of iv, tag or ciphertext differs from what was sealed (GCM authentication).
 */
export function open(key: SymmetricKey, sealed: string, context = ''): Buffer {
  assertKey(key);
  const match = SEALED_PATTERN.exec(sealed);
  if (!match) throw new SecretBoxError(`not a ${SEALED_VERSION} sealed value`);
  const [, iv, tag, ciphertext] = match as unknown as [string, string, string, string];
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
  } catch {
    // Never say more: which part was wrong is no business of whoever tampered with it.
    throw new SecretBoxError('sealed value failed authentication (wrong key, wrong context or tampered)');
  }
}

/**
 * A blind index: lower-case hex HMAC-SHA256 of `value` (UTF-8) under `key`. Equal values give
 * equal hashes, so an encrypted column can be searched by equality without decrypting it; without
 * the key the hash reveals nothing practical, even for a small space such as ID numbers.
 * Normalise the value first (e.g. upper-case the ID number's check character): the hash is exact.
 */
export function keyedHash(key: SymmetricKey, value: string): string {
  if (keySize(key) < 32) throw new SecretBoxError('a keyed-hash key must have at least 32 bytes');
  return createHmac('sha256', key).update(value, 'utf8').digest('hex');
}

/**
 * A subkey of the KEK for one purpose (HKDF-SHA256), so that one configured secret yields
 * independent keys, e.g. `deriveKey(kek, 'blind-index:mother-id-number')` for keyedHash.
 */
export function deriveKey(master: Buffer, purpose: string): Buffer {
  assertKey(master);
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), Buffer.from(purpose, 'utf8'), KEY_BYTES));
}

/** The KEK bound to its functions: what the gateway's providers and the CLI hold. */
export class SecretBox {
  private readonly key: KeyObject;
  /** Blind-index subkeys by purpose, derived once (HKDF on every hash cost more than the hash). */
  private readonly indexKeys = new Map<string, KeyObject>();

  private constructor(key: Buffer) {
    this.key = createSecretKey(key);
  }

  static fromBase64(base64: string): SecretBox {
    return new SecretBox(keyFromBase64(base64));
  }

  static fromKey(key: Buffer): SecretBox {
    assertKey(key);
    return new SecretBox(Buffer.from(key));
  }

  seal(plaintext: Buffer | string, context = ''): string {
    return seal(this.key, plaintext, context);
  }

  open(sealed: string, context = ''): Buffer {
    return open(this.key, sealed, context);
  }

  /** keyedHash under a subkey of the KEK for `purpose`. */
  blindIndex(purpose: string, value: string): string {
    let indexKey = this.indexKeys.get(purpose);
    if (!indexKey) {
      indexKey = createSecretKey(deriveKey(this.key.export(), `blind-index:${purpose}`));
      this.indexKeys.set(purpose, indexKey);
    }
    return keyedHash(indexKey, value);
  }

  /** Never show the key, whatever logs or inspects this object. */
  toJSON(): string {
    return 'SecretBox(****)';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'SecretBox(****)';
  }
}
