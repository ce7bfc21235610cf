import { KeyObject, type webcrypto } from 'node:crypto';
import { Aes256Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/core';
import { SEALED_KEY_ID_PATTERN, SEALED_VALUE_ALG, SealedValueV1, validatePlain } from '@birth/contracts';
import { HpkeBaseSealer } from './hpke-base-seal';

/**
 * Fields sealed for one service (DESIGN.md, "Security"): HPKE, RFC 9180, base mode, suite
 * DHKEM(X25519, HKDF-SHA256) + HKDF-SHA256 + AES-256-GCM (`@hpke/core`, on Node's WebCrypto).
 * X25519 because its keys are 32 bytes and its implementations constant-time; AES-256-GCM to
 * match the encryption at rest (SecretBox). The wire format is SealedValueV1 (@birth/contracts).
 *
 * Binding: the associated data is the JSON array
 *
 *     ["birth-one-thing/sealed-value/v1", alg, kid, caseId, fieldPath]
 *
 * (JSON, so no two bindings encode alike), and `info` names the scheme. A value opens only for
 * the case, the field path and the key id it was sealed for.
 *
 * The sender holds a SealingPublicKeyring (the gateway), the recipient a SealingPrivateKeyring
 * (the maternity-allowance service only). Rotation adds a key id and makes it current; a value
 * sealed under an older key opens while the recipient still holds that key (until it is retired).
 */

/** Where a sealed value stands: the case it belongs to and its field's path in the payload, e.g. `mother.bankAccount`. */
export interface SealBinding {
  caseId: string;
  fieldPath: string;
}

export type FieldSealingErrorCode =
  /** The key id is not in this keyring: never issued here, or retired. */
  | 'SEALING_KEY_UNKNOWN'
  /** The value is not a SealedValueV1 (shape, alg, base64url, lengths). */
  | 'SEALED_VALUE_MALFORMED'
  /** Wrong case, field path or key id, or a byte changed: authentication failed. */
  | 'SEALED_VALUE_NOT_AUTHENTIC'
  /** A key or keyring that cannot be used (size, encoding, no current key). */
  | 'SEALING_KEY_INVALID';

export class FieldSealingError extends Error {
  constructor(
    readonly code: FieldSealingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FieldSealingError';
  }
}

const SCHEME = 'birth-one-thing/sealed-value/v1';
const INFO = new TextEncoder().encode(`${SCHEME} ${SEALED_VALUE_ALG}`);
const KEY_BYTES = 32;

type CryptoKey = webcrypto.CryptoKey;

/** One suite for the process: it holds no key, only the algorithms. */
const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });

function associatedData(kid: string, binding: SealBinding): Uint8Array {
  if (!binding.caseId || !binding.fieldPath) throw new FieldSealingError('SEALED_VALUE_MALFORMED', 'a sealed value is bound to a case id and a field path; both are required');
  return new TextEncoder().encode(JSON.stringify([SCHEME, SEALED_VALUE_ALG, kid, binding.caseId, binding.fieldPath]));
}

/** A raw 32-byte key from its file or configuration form: base64url (no padding) or standard base64. */
export function sealingKeyBytes(encoded: string, what: string): Uint8Array {
  const text = encoded.trim();
  const bytes = Buffer.from(text, /[+/=]/.test(text) ? 'base64' : 'base64url');
  if (bytes.length !== KEY_BYTES || !/^[A-Za-z0-9_+/-]+=*$/.test(text)) {
    throw new FieldSealingError('SEALING_KEY_INVALID', `${what} must be ${KEY_BYTES} bytes in base64url (an X25519 key), not ${bytes.length}`);
  }
  return new Uint8Array(bytes);
}

function assertKeyId(kid: string): void {
  if (!SEALED_KEY_ID_PATTERN.test(kid)) throw new FieldSealingError('SEALING_KEY_INVALID', `'${kid.slice(0, 70)}' is not a key id (1-64 of A-Z a-z 0-9 . _ -)`);
}

/** Raw keys (32 bytes, or base64url of them) by key id, imported for HPKE. */
async function importKeys(keys: Record<string, Uint8Array | string>, side: 'public' | 'private'): Promise<Map<string, CryptoKey>> {
  const imported = new Map<string, CryptoKey>();
  for (const [kid, raw] of Object.entries(keys)) {
    assertKeyId(kid);
    const bytes = typeof raw === 'string' ? sealingKeyBytes(raw, `the ${side} key ${kid}`) : raw;
    try {
      imported.set(kid, side === 'public' ? await suite.kem.deserializePublicKey(bytes) : await suite.kem.deserializePrivateKey(bytes));
    } catch {
      throw new FieldSealingError('SEALING_KEY_INVALID', `the ${side} key ${kid} is not an X25519 ${side} key`);
    }
  }
  return imported;
}

/** A new X25519 key pair, raw 32-byte keys. Only the key preparation step calls this, never a service at boot. */
export async function generateSealingKeyPair(): Promise<{ publicKey: Uint8Array; privateKey: Uint8Array }> {
  const pair = await suite.kem.generateKeyPair();
  return {
    publicKey: new Uint8Array(await suite.kem.serializePublicKey(pair.publicKey)),
    privateKey: new Uint8Array(await suite.kem.serializePrivateKey(pair.privateKey)),
  };
}

/** Key id → public key, and the current key id that new values are sealed under. What the sender (the gateway) holds. */
export class SealingPublicKeyring {
  private constructor(
    private readonly keys: ReadonlyMap<string, CryptoKey>,
    readonly currentKeyId: string,
  ) {}

  /** Raw public keys (32 bytes, or base64url of them) by key id; `currentKeyId` must be one of them. */
  static async fromRawKeys(keys: Record<string, Uint8Array | string>, currentKeyId: string): Promise<SealingPublicKeyring> {
    const imported = await importKeys(keys, 'public');
    if (!imported.has(currentKeyId)) {
      throw new FieldSealingError('SEALING_KEY_INVALID', `the current key id '${currentKeyId}' has no public key in the keyring (${[...imported.keys()].join(', ') || 'empty'})`);
    }
    return new SealingPublicKeyring(imported, currentKeyId);
  }

  keyIds(): string[] {
    return [...this.keys.keys()].sort();
  }

  /** The current key and its id. */
  current(): { kid: string; key: CryptoKey } {
    return { kid: this.currentKeyId, key: this.keys.get(this.currentKeyId)! };
  }

  toJSON(): string {
    return `SealingPublicKeyring(current ${this.currentKeyId}; ${this.keyIds().join(', ')})`;
  }
}

/** Key id → private key. Only the recipient (the maternity-allowance service) holds it; it keeps old keys until they are retired. */
export class SealingPrivateKeyring {
  private constructor(private readonly keys: ReadonlyMap<string, CryptoKey>) {}

  /** Raw private keys (32 bytes, or base64url of them) by key id; at least one. */
  static async fromRawKeys(keys: Record<string, Uint8Array | string>): Promise<SealingPrivateKeyring> {
    const imported = await importKeys(keys, 'private');
    if (imported.size === 0) throw new FieldSealingError('SEALING_KEY_INVALID', 'a private keyring needs at least one key');
    return new SealingPrivateKeyring(imported);
  }

  keyIds(): string[] {
    return [...this.keys.keys()].sort();
  }

  keyFor(kid: string): CryptoKey {
    const key = this.keys.get(kid);
    if (!key) {
      const shown = SEALED_KEY_ID_PATTERN.test(kid) ? `'${kid}'` : 'an unnamed key';
      throw new FieldSealingError('SEALING_KEY_UNKNOWN', `sealed under key ${shown}, which this keyring does not hold (retired, or never issued here); it holds ${this.keyIds().join(', ')}`);
    }
    return key;
  }

  /** Never show private keys, whatever logs or inspects this object. */
  toJSON(): string {
    return `SealingPrivateKeyring(${this.keyIds().join(', ')}; ****)`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toJSON();
  }
}

/**
 * Seals fields to the recipient's current public key. What the gateway calls when it writes an
 * account into an event. The seal itself runs on node:crypto (hpke-base-seal.ts: the same bytes
 * as @hpke/core, without a WebCrypto job per step), prepared once for the current key.
 */
export class FieldSealer {
  private readonly kid: string;
  private readonly sealer: HpkeBaseSealer;

  constructor(keyring: SealingPublicKeyring) {
    const { kid, key } = keyring.current();
    this.kid = kid;
    this.sealer = new HpkeBaseSealer(KeyObject.from(key), INFO);
  }

  /** Seals `plaintext` (UTF-8) for `binding`, under the keyring's current key. */
  async seal(plaintext: string, binding: SealBinding): Promise<SealedValueV1> {
    const aad = associatedData(this.kid, binding);
    const { enc, ct } = this.sealer.seal(Buffer.from(plaintext, 'utf8'), aad);
    return { alg: SEALED_VALUE_ALG, kid: this.kid, enc: enc.toString('base64url'), ct: ct.toString('base64url') };
  }

  /** Seals the JSON of `value` (e.g. a BankAccountV1). */
  async sealJson(value: unknown, binding: SealBinding): Promise<SealedValueV1> {
    return this.seal(JSON.stringify(value), binding);
  }
}

/** Opens fields sealed for this service. What the maternity-allowance service calls; nobody else holds the keys. */
export class FieldOpener {
  constructor(private readonly keyring: SealingPrivateKeyring) {}

  /**
   * The plaintext of `sealed`, if it was sealed for `binding` under a key this keyring holds.
   * Throws FieldSealingError: SEALED_VALUE_MALFORMED (not a SealedValueV1), SEALING_KEY_UNKNOWN
   * (its key id is retired or unknown), SEALED_VALUE_NOT_AUTHENTIC (another case, field path or
   * key id, or tampered).
   */
  async open(sealed: unknown, binding: SealBinding): Promise<string> {
    const value = checkedSealedValue(sealed);
    const key = this.keyring.keyFor(value.kid);
    const aad = associatedData(value.kid, binding);
    let plaintext: ArrayBuffer;
    try {
      plaintext = await suite.open({ recipientKey: key, enc: Buffer.from(value.enc, 'base64url'), info: INFO }, Buffer.from(value.ct, 'base64url'), aad);
    } catch {
      // Never say which part was wrong: that is no business of whoever changed it.
      throw new FieldSealingError('SEALED_VALUE_NOT_AUTHENTIC', `the sealed value at ${binding.fieldPath} did not open: sealed for another case, field or key, or altered`);
    }
    return new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
  }

  /** open() and JSON.parse: the value given to sealJson. */
  async openJson(sealed: unknown, binding: SealBinding): Promise<unknown> {
    return JSON.parse(await this.open(sealed, binding)) as unknown;
  }
}

function checkedSealedValue(sealed: unknown): SealedValueV1 {
  const decoded = validatePlain(SealedValueV1, sealed);
  if (!decoded.ok) {
    const problems = decoded.errors.map((e) => `${e.field} ${e.code}`);
    throw new FieldSealingError('SEALED_VALUE_MALFORMED', `not a SealedValueV1 ({alg, kid, enc, ct}): ${problems.join(', ')}`);
  }
  return decoded.value;
}
