import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { deriveKey, keyedHash, keyFromBase64, open, seal, SecretBox, SecretBoxError } from './secret-box';

const key = randomBytes(32);

/** Flips one bit of one part (1 iv, 2 tag, 3 ciphertext) of a sealed value. */
function tamper(sealed: string, part: 1 | 2 | 3): string {
  const parts = sealed.split(':');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[0]! ^= 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join(':');
}

describe('secret box (AES-256-GCM)', () => {
  it('round-trips a secret, in the v1 format, with a fresh iv every time', () => {
    const a = seal(key, 'the secret é', 'ctx');
    const b = seal(key, 'the secret é', 'ctx');
    expect(a).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(open(key, a, 'ctx').toString('utf8')).toBe('the secret é');
    expect(open(key, b, 'ctx').toString('utf8')).toBe('the secret é');
    expect(open(key, seal(key, Buffer.alloc(0)))).toEqual(Buffer.alloc(0));
  });

  it('never contains the secret in clear', () => {
    const secret = 'LPOdvAvTod7phQpkqA1u3MDKzwV0smim91bglEwLflI';
    const sealed = seal(key, secret);
    expect(sealed).not.toContain(secret);
    expect(sealed).not.toContain(Buffer.from(secret).toString('base64url').slice(0, 16));
  });

  it('detects tampering with the iv, the tag or the ciphertext', () => {
    const sealed = seal(key, 'the secret');
    for (const part of [1, 2, 3] as const) expect(() => open(key, tamper(sealed, part))).toThrow(SecretBoxError);
  });

  it('opens only with the same key and the same context', () => {
    const sealed = seal(key, 'the secret', 'hospital-key:H1:k_1');
    expect(() => open(randomBytes(32), sealed, 'hospital-key:H1:k_1')).toThrow(SecretBoxError);
    expect(() => open(key, sealed, 'hospital-key:H1:k_2')).toThrow(SecretBoxError);
    expect(() => open(key, sealed)).toThrow(SecretBoxError);
  });

  it('refuses malformed values and keys of the wrong size', () => {
    for (const bad of ['', 'v2:a:b:c', 'v1:abc', seal(key, 'x').replace(/^v1/, 'v0')]) expect(() => open(key, bad)).toThrow(SecretBoxError);
    expect(() => seal(randomBytes(16), 'x')).toThrow(SecretBoxError);
    expect(() => keyFromBase64(randomBytes(31).toString('base64'))).toThrow(SecretBoxError);
    expect(() => keyFromBase64('not base64!')).toThrow(SecretBoxError);
    expect(keyFromBase64(key.toString('base64'))).toEqual(key);
  });

  it('keeps its key out of logs and JSON', () => {
    const box = SecretBox.fromKey(key);
    expect(JSON.stringify({ box })).toBe('{"box":"SecretBox(****)"}');
    expect(inspect(box)).toBe('SecretBox(****)');
    expect(box.open(box.seal('s', 'c'), 'c').toString()).toBe('s');
  });
});

describe('keyed hash (blind index)', () => {
  it('is HMAC-SHA256 in lower-case hex: equal values, equal hashes; another key, another hash', () => {
    // Computed independently: printf '110101199003071234' | openssl dgst -sha256 -hmac kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk
    expect(keyedHash(Buffer.from('k'.repeat(32)), '110101199003071234')).toBe('c271fa04ef7adbb917edab3db0b6e0d3eabd3f95674367c809f188a59c18537c');
    expect(keyedHash(key, 'a')).toMatch(/^[0-9a-f]{64}$/);
    expect(keyedHash(key, 'a')).toBe(keyedHash(key, 'a'));
    expect(keyedHash(key, 'a')).not.toBe(keyedHash(randomBytes(32), 'a'));
    expect(() => keyedHash(randomBytes(16), 'a')).toThrow(SecretBoxError);
  });

  it('derives independent subkeys per purpose', () => {
    expect(deriveKey(key, 'a')).toHaveLength(32);
    expect(deriveKey(key, 'a')).toEqual(deriveKey(key, 'a'));
    expect(deriveKey(key, 'a')).not.toEqual(deriveKey(key, 'b'));
    const box = SecretBox.fromKey(key);
    expect(box.blindIndex('mother-id', 'x')).toBe(keyedHash(deriveKey(key, 'blind-index:mother-id'), 'x'));
  });
});

describe('compatibility with the values the gateway stored before the move to @birth/platform', () => {
  // Sealed by apps/gateway/src/security/secret-box.ts (commit 0058fd1) under the demo KEK, the way
  // IntakeCrypto and the hospitals' key store seal: rows written then must still open.
  const demoKek = keyFromBase64('REVNTy1PTkxZLUtFWS1ORVZFUi1VU0UtSU4tUFJPRCE=');

  it('opens an intake payload sealed by the old code path (subkey pii:intake-records, context intake:<caseId>:payload)', () => {
    const box = SecretBox.fromKey(deriveKey(demoKek, 'pii:intake-records'));
    const sealed = 'v1:de7kcH6WH5cTGIH6:PFQhdvmfcrdLWS79_sWqiQ:hDkZjN2-o5Yyp9WGxDIIH03skKYKwo5scxKhfg';
    expect(box.open(sealed, 'intake:11111111-2222-4333-8444-555555555555:payload').toString('utf8')).toBe('{"mother":{"name":"张三"}}');
    expect(() => box.open(sealed, 'intake:11111111-2222-4333-8444-555555555556:payload')).toThrow(SecretBoxError);
  });

  it('opens a hospital signing secret sealed by the old code path and computes the same blind index', () => {
    const box = SecretBox.fromKey(demoKek);
    expect(box.open('v1:nYS8ue6981n9BAnD:SryZSA0ZvXtIvl7dJ6pkFA:MQ5X2bc3bAfghEd4-S6C', 'hospital-key:H210202001:k_0123456789ab').toString('utf8')).toBe('hospital-secret');
    const intake = SecretBox.fromKey(deriveKey(demoKek, 'pii:intake-records'));
    expect(intake.blindIndex('mother-identity', 'resident-id:11010119900307123X')).toBe('80116b4b4a724148bd0b957ef5815850d7b9ae5979fe1046a10ac3d2389472ba');
  });
});
