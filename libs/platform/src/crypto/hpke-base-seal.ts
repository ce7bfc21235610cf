import { createCipheriv, createHmac, createSecretKey, diffieHellman, generateKeyPairSync, type KeyObject } from 'node:crypto';

// HPKE (RFC 9180) base-mode single-shot seal for exactly one suite, DHKEM(X25519, HKDF-SHA256) +
// HKDF-SHA256 + AES-256-GCM, on node:crypto's synchronous primitives. Why not @hpke/core here:
// it runs on WebCrypto, where each of a seal's ~20 steps (key generation, DH, every HKDF
// extract and expand as importKey + sign, AES importKey + encrypt) is an async job with its own
// promise; two seals per birth made sealing the largest single cost of the gateway's intake
// (bench/README.md, intake, 2026-12-01). The output is the same bytes @hpke/core would give for
// the same ephemeral key (field-sealing.spec.ts checks that), and opening stays on @hpke/core.

const KEM_ID = 0x0020; // DHKEM(X25519, HKDF-SHA256)
const KDF_ID = 0x0001; // HKDF-SHA256
const AEAD_ID = 0x0002; // AES-256-GCM
const N_SECRET = 32;
const N_K = 32;
const N_N = 12;
const MODE_BASE = 0x00;
const EMPTY = Buffer.alloc(0);
const HPKE_V1 = Buffer.from('HPKE-v1', 'ascii');
const KEM_SUITE_ID = Buffer.concat([Buffer.from('KEM', 'ascii'), i2osp2(KEM_ID)]);
const HPKE_SUITE_ID = Buffer.concat([Buffer.from('HPKE', 'ascii'), i2osp2(KEM_ID), i2osp2(KDF_ID), i2osp2(AEAD_ID)]);

function i2osp2(n: number): Buffer {
  const out = Buffer.alloc(2);
  out.writeUInt16BE(n);
  return out;
}

// Keys go to createHmac and createCipheriv as KeyObjects: given a Buffer, Node 24 first tries it
// as a KeyObject and a CryptoKey, which costs about 9 µs a call (measured: 11 µs an HMAC with a
// Buffer key, 3 µs with createSecretKey included).
const key = (bytes: Uint8Array): KeyObject => createSecretKey(bytes);

/** HKDF-Extract (RFC 5869): HMAC-SHA256 keyed by the salt. */
function extract(salt: KeyObject, ikm: Uint8Array): Buffer {
  return createHmac('sha256', salt).update(ikm).digest();
}

/** HKDF-Expand (RFC 5869) for at most one block (every length here is 32 bytes or less). */
function expand(prk: Uint8Array, info: Uint8Array, length: number): Buffer {
  return createHmac('sha256', key(prk)).update(info).update(Buffer.of(1)).digest().subarray(0, length);
}

/** The empty salt as an HMAC key: RFC 2104 pads a key with zeros to the block size, so the empty key and 32 zero bytes are one key. */
const EMPTY_SALT = createSecretKey(Buffer.alloc(32));

function labeledExtract(suiteId: Buffer, salt: Uint8Array | undefined, label: string, ikm: Uint8Array): Buffer {
  return extract(salt === undefined ? EMPTY_SALT : key(salt), Buffer.concat([HPKE_V1, suiteId, Buffer.from(label, 'ascii'), ikm]));
}

function labeledExpand(suiteId: Buffer, prk: Uint8Array, label: string, info: Uint8Array, length: number): Buffer {
  return expand(prk, Buffer.concat([i2osp2(length), HPKE_V1, suiteId, Buffer.from(label, 'ascii'), info]), length);
}

/** The raw 32 bytes of an X25519 public key. */
export function rawX25519PublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'X25519' || typeof jwk.x !== 'string') throw new Error('not an X25519 public key');
  return Buffer.from(jwk.x, 'base64url');
}

/** The key schedule's context for the base mode (no PSK) and an `info`: the same for every seal with that info. */
function baseModeContext(info: Uint8Array): Buffer {
  const pskIdHash = labeledExtract(HPKE_SUITE_ID, undefined, 'psk_id_hash', EMPTY);
  const infoHash = labeledExtract(HPKE_SUITE_ID, undefined, 'info_hash', info);
  return Buffer.concat([Buffer.of(MODE_BASE), pskIdHash, infoHash]);
}

/** A recipient's X25519 public key and an `info`, prepared once for any number of seals. */
export class HpkeBaseSealer {
  private readonly recipientRaw: Buffer;
  private readonly context: Buffer;

  constructor(
    private readonly recipient: KeyObject,
    info: Uint8Array,
  ) {
    this.recipientRaw = rawX25519PublicKey(recipient);
    this.context = baseModeContext(info);
  }

  /**
   * SealBase(pkR, info, aad, pt) of RFC 9180 §6.1: a fresh ephemeral key pair (`ephemeral` only
   * for the test that compares with @hpke/core), Encap, the key schedule, the first AEAD seal.
   */
  seal(plaintext: Uint8Array, aad: Uint8Array, ephemeral?: { publicKey: KeyObject; privateKey: KeyObject }): { enc: Buffer; ct: Buffer } {
    const { publicKey, privateKey } = ephemeral ?? generateKeyPairSync('x25519');
    // Encap (§4.1): Node refuses an all-zero shared secret (a small-order recipient key).
    const dh = diffieHellman({ privateKey, publicKey: this.recipient });
    const enc = rawX25519PublicKey(publicKey);
    const eaePrk = labeledExtract(KEM_SUITE_ID, undefined, 'eae_prk', dh);
    const sharedSecret = labeledExpand(KEM_SUITE_ID, eaePrk, 'shared_secret', Buffer.concat([enc, this.recipientRaw]), N_SECRET);
    // KeySchedule (§5.1), base mode: psk = psk_id = "".
    const secret = labeledExtract(HPKE_SUITE_ID, sharedSecret, 'secret', EMPTY);
    const aeadKey = labeledExpand(HPKE_SUITE_ID, secret, 'key', this.context, N_K);
    const nonce = labeledExpand(HPKE_SUITE_ID, secret, 'base_nonce', this.context, N_N); // sequence 0: the base nonce itself
    const cipher = createCipheriv('aes-256-gcm', key(aeadKey), nonce, { authTagLength: 16 });
    cipher.setAAD(aad);
    const ct = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return { enc, ct };
  }
}
