import { generateKeyPairSync, KeyObject, webcrypto } from 'node:crypto';
import { inspect } from 'node:util';
import { Aes256Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/core';
import { SEALED_VALUE_ALG, SealedValueV1, validatePlain } from '@birth/contracts';
import { FieldOpener, FieldSealer, FieldSealingError, generateSealingKeyPair, SealingPrivateKeyring, SealingPublicKeyring } from './field-sealing';
import { HpkeBaseSealer } from './hpke-base-seal';

const account = { bankName: '中国银行', accountNumber: '6222020200112233445', accountName: '王丽' };
const binding = { caseId: '11111111-2222-4333-8444-555555555555', fieldPath: 'mother.bankAccount' };

type KeyPair = Awaited<ReturnType<typeof generateSealingKeyPair>>;
let k1: KeyPair;
let k2: KeyPair;

beforeAll(async () => {
  [k1, k2] = await Promise.all([generateSealingKeyPair(), generateSealingKeyPair()]);
});

async function sealerOf(keys: Record<string, KeyPair>, current: string): Promise<FieldSealer> {
  const publicKeys = Object.fromEntries(Object.entries(keys).map(([kid, pair]) => [kid, pair.publicKey]));
  return new FieldSealer(await SealingPublicKeyring.fromRawKeys(publicKeys, current));
}

async function openerOf(keys: Record<string, KeyPair>): Promise<FieldOpener> {
  const privateKeys = Object.fromEntries(Object.entries(keys).map(([kid, pair]) => [kid, pair.privateKey]));
  return new FieldOpener(await SealingPrivateKeyring.fromRawKeys(privateKeys));
}

/** The code the promise rejects with (a FieldSealingError's), or 'resolved'. */
async function failureOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof FieldSealingError ? error.code : `not a FieldSealingError: ${String(error)}`;
  }
}

function flipFirstByte(base64url: string): string {
  const bytes = Buffer.from(base64url, 'base64url');
  bytes[0]! ^= 0x01;
  return bytes.toString('base64url');
}

describe('sealing a field with HPKE (X25519, HKDF-SHA256, AES-256-GCM)', () => {
  it('round-trips a value in the SealedValueV1 format, with a fresh encapsulated key every time', async () => {
    const sealer = await sealerOf({ k1 }, 'k1');
    const opener = await openerOf({ k1 });
    const a = await sealer.sealJson(account, binding);
    const b = await sealer.sealJson(account, binding);
    expect(validatePlain(SealedValueV1, a)).toEqual({ ok: true, value: expect.anything() });
    expect(a).toEqual({ alg: SEALED_VALUE_ALG, kid: 'k1', enc: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), ct: expect.stringMatching(/^[A-Za-z0-9_-]+$/) });
    expect(a.enc).not.toBe(b.enc);
    expect(await opener.openJson(a, binding)).toEqual(account);
    expect(await opener.openJson(b, binding)).toEqual(account);
    expect(await opener.open(await sealer.seal('', binding), binding)).toBe('');
  });

  it('never carries the plaintext', async () => {
    const sealed = await (await sealerOf({ k1 }, 'k1')).sealJson(account, binding);
    const wire = JSON.stringify(sealed);
    for (const clear of [account.accountNumber, Buffer.from(account.accountNumber).toString('base64url').slice(0, 12), binding.caseId]) expect(wire).not.toContain(clear);
  });

  it('opens only for the case, the field path and the key id it was sealed for', async () => {
    const sealed = await (await sealerOf({ k1 }, 'k1')).sealJson(account, binding);
    // The same private key under two ids: relabelling the kid changes nothing but the associated data.
    const opener = await openerOf({ k1, 'k1-alias': k1 });
    expect(await failureOf(opener.open(sealed, { ...binding, caseId: '11111111-2222-4333-8444-555555555556' }))).toBe('SEALED_VALUE_NOT_AUTHENTIC');
    expect(await failureOf(opener.open(sealed, { ...binding, fieldPath: 'father.bankAccount' }))).toBe('SEALED_VALUE_NOT_AUTHENTIC');
    expect(await failureOf(opener.open({ ...sealed, kid: 'k1-alias' }, binding))).toBe('SEALED_VALUE_NOT_AUTHENTIC');
    expect(await failureOf(opener.open(sealed, { ...binding, caseId: '' }))).toBe('SEALED_VALUE_MALFORMED');
    expect(await opener.openJson(sealed, binding)).toEqual(account);
  });

  it('does not open under another recipient’s key, nor when enc or ct was altered', async () => {
    const sealed = await (await sealerOf({ k1 }, 'k1')).sealJson(account, binding);
    expect(await failureOf((await openerOf({ k1: k2 })).open(sealed, binding))).toBe('SEALED_VALUE_NOT_AUTHENTIC');
    const opener = await openerOf({ k1 });
    expect(await failureOf(opener.open({ ...sealed, enc: flipFirstByte(sealed.enc) }, binding))).toBe('SEALED_VALUE_NOT_AUTHENTIC');
    expect(await failureOf(opener.open({ ...sealed, ct: flipFirstByte(sealed.ct) }, binding))).toBe('SEALED_VALUE_NOT_AUTHENTIC');
    const error = await opener.open({ ...sealed, ct: flipFirstByte(sealed.ct) }, binding).catch((e: Error) => e);
    expect(String(error)).not.toContain(sealed.ct);
  });

  it('refuses what is not a SealedValueV1, with the field and the problem', async () => {
    const opener = await openerOf({ k1 });
    const sealed = await (await sealerOf({ k1 }, 'k1')).sealJson(account, binding);
    expect(await failureOf(opener.open(account, binding))).toBe('SEALED_VALUE_MALFORMED');
    expect(await failureOf(opener.open({ ...sealed, extra: 1 }, binding))).toBe('SEALED_VALUE_MALFORMED');
    expect(await failureOf(opener.open({ ...sealed, alg: 'hpke-x25519-sha256-chacha20poly1305' }, binding))).toBe('SEALED_VALUE_MALFORMED');
    expect(await failureOf(opener.open('v1:abc', binding))).toBe('SEALED_VALUE_MALFORMED');
    await expect(opener.open({ ...sealed, enc: 'short' }, binding)).rejects.toThrow(/not a SealedValueV1.*enc MATCHES/);
  });
});

describe('keyrings: rotation and retirement', () => {
  it('after a rotation seals under the new key and still opens what the old one sealed, until it is retired', async () => {
    const before = await (await sealerOf({ k1 }, 'k1')).sealJson(account, binding);
    // Rotation: k2 is added and made current; the recipient holds both.
    const after = await (await sealerOf({ k1, k2 }, 'k2')).sealJson(account, binding);
    expect([before.kid, after.kid]).toEqual(['k1', 'k2']);
    const both = await openerOf({ k1, k2 });
    expect(await both.openJson(before, binding)).toEqual(account);
    expect(await both.openJson(after, binding)).toEqual(account);
    // Retirement of k1: its values no longer open, with an error that says why.
    const retired = await openerOf({ k2 });
    expect(await retired.openJson(after, binding)).toEqual(account);
    await expect(retired.open(before, binding)).rejects.toThrow(new FieldSealingError('SEALING_KEY_UNKNOWN', "sealed under key 'k1', which this keyring does not hold (retired, or never issued here); it holds k2"));
  });

  it('refuses a keyring whose current key is missing, a key of the wrong size and a bad key id', async () => {
    await expect(SealingPublicKeyring.fromRawKeys({ k1: k1.publicKey }, 'k2')).rejects.toThrow(/current key id 'k2' has no public key/);
    await expect(SealingPublicKeyring.fromRawKeys({ k1: Buffer.alloc(31).toString('base64url') }, 'k1')).rejects.toThrow(/32 bytes/);
    await expect(SealingPrivateKeyring.fromRawKeys({ 'k 1': k1.privateKey })).rejects.toThrow(/not a key id/);
    await expect(SealingPrivateKeyring.fromRawKeys({})).rejects.toThrow(/at least one key/);
    const ring = await SealingPublicKeyring.fromRawKeys({ k1: Buffer.from(k1.publicKey).toString('base64url'), k2: k2.publicKey }, 'k2');
    expect([ring.currentKeyId, ring.keyIds()]).toEqual(['k2', ['k1', 'k2']]);
  });

  it('keeps private keys out of logs and JSON', async () => {
    const ring = await SealingPrivateKeyring.fromRawKeys({ k1: k1.privateKey });
    const secret = Buffer.from(k1.privateKey).toString('base64url');
    expect(JSON.stringify({ ring })).toBe('{"ring":"SealingPrivateKeyring(k1; ****)"}');
    expect(inspect(ring)).not.toContain(secret);
  });
});

describe('a fixed vector (the format must not drift: values sealed today open after any upgrade)', () => {
  it('opens a value sealed by the first version of FieldSealer', async () => {
    const opener = new FieldOpener(await SealingPrivateKeyring.fromRawKeys({ 'k-20261201-vector': 'uAEcFL4aOVi-Z1ITWVYCgESwt-cwawiEsRt5RFJpMUw' }));
    const sealed = {
      alg: 'hpke-x25519-sha256-aes256gcm',
      kid: 'k-20261201-vector',
      enc: 'A90-NJg9C3d8Ywd0R6VJgNlyljm2-GObfseRJi3IhUs',
      ct: 'A0qWkjz-fJc-kTR-9lnaMQNXbvhqcbtlWOQs1w6tMsIKkZPO9B-9zPJtLZWTu-B5ulOiwEswO3gRHmDeOpOPNuUzKO2quhdEld1vHWumfDrKScRt8za21gezEFcJUdCV8wSjC_m8Kl0',
    };
    expect(await opener.openJson(sealed, binding)).toEqual(account);
  });
});

describe('the node:crypto seal (hpke-base-seal.ts)', () => {
  it('gives the bytes @hpke/core gives for the same ephemeral key, recipient, info, aad and plaintext', async () => {
    const hpke = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });
    const recipient = generateKeyPairSync('x25519');
    const info = Buffer.from('birth-one-thing/sealed-value/v1 test');
    for (const plaintext of ['', JSON.stringify(account), 'x'.repeat(1000)]) {
      const ephemeral = generateKeyPairSync('x25519');
      const aad = Buffer.from(`aad ${plaintext.length}`);
      const ours = new HpkeBaseSealer(recipient.publicKey, info).seal(Buffer.from(plaintext), aad, ephemeral);
      const theirs = await hpke.seal(
        {
          recipientPublicKey: recipient.publicKey.toCryptoKey({ name: 'X25519' }, true, []) as webcrypto.CryptoKey,
          info,
          ekm: {
            publicKey: ephemeral.publicKey.toCryptoKey({ name: 'X25519' }, true, []) as webcrypto.CryptoKey,
            privateKey: ephemeral.privateKey.toCryptoKey({ name: 'X25519' }, true, ['deriveBits']) as webcrypto.CryptoKey,
          },
        },
        Buffer.from(plaintext),
        aad,
      );
      expect(ours.enc.toString('hex')).toBe(Buffer.from(theirs.enc).toString('hex'));
      expect(ours.ct.toString('hex')).toBe(Buffer.from(theirs.ct).toString('hex'));
    }
    expect(KeyObject.from(recipient.publicKey.toCryptoKey({ name: 'X25519' }, true, []) as webcrypto.CryptoKey).equals(recipient.publicKey)).toBe(true);
  });
});
