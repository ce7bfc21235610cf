import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bodySha256,
  canonicalString,
  computeSignature,
  httpSignedParts,
  signatureMatches,
  signedHeaders,
  signMessage,
  verifySignature,
} from './request-signature';

// The fixed vector. Expected values computed once by hand, independently of this code:
//   printf '{ "a" :1,\n\t"b":"\xc3\xa9" }' | openssl dgst -sha256
//   printf 'POST\n/api/v1/births?x=1\n1764000000000\n3f2b8c1e-7d4a-4e9b-a6c5-0e1f2a3b4c5d\n<body hash>' \
//     | openssl dgst -sha256 -hmac 'LPOdvAvTod7phQpkqA1u3MDKzwV0smim91bglEwLflI'
const SECRET = 'LPOdvAvTod7phQpkqA1u3MDKzwV0smim91bglEwLflI';
const TIMESTAMP = '1764000000000';
const NONCE = '3f2b8c1e-7d4a-4e9b-a6c5-0e1f2a3b4c5d';
const BODY = Buffer.from('{ "a" :1,\n\t"b":"é" }', 'utf8');
const BODY_SHA256 = 'bb48b4206160cd4896ef04cdfbdbceb6f3609d813a57aa4b47a093b4f2c91cd2';
const SIGNATURE_POST = '56f4dddeabcb751d58198f40c1d0fc5b5dd1b2721d2d6a5f9b389e1a501024c7';
const SIGNATURE_TOPIC = '27fb45d695cb721c78e0135f0d1dca51742dfd369388a721ec2fae530501092f';
const SIGNATURE_GET_EMPTY = '4e4bbd454907937bc95b57527054e34d395acdabf58c54de03dac5af395a574f';
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const post = { secret: SECRET, signedParts: ['POST', '/api/v1/births?x=1'], timestamp: TIMESTAMP, nonce: NONCE, body: BODY };

describe('request signature: the test vector', () => {
  it('hashes the raw body bytes (unusual whitespace, non-ASCII) as openssl does', () => {
    expect(BODY.toString('hex')).toBe('7b20226122203a312c0a092262223a22c3a922207d');
    expect(bodySha256(BODY)).toBe(BODY_SHA256);
  });

  it('builds the canonical string: parts, timestamp, nonce and body hash, one line each, no trailing newline', () => {
    expect(canonicalString(httpSignedParts('post', '/api/v1/births?x=1'), TIMESTAMP, NONCE, BODY_SHA256)).toBe(
      `POST\n/api/v1/births?x=1\n1764000000000\n3f2b8c1e-7d4a-4e9b-a6c5-0e1f2a3b4c5d\n${BODY_SHA256}`,
    );
  });

  it('gives the signature openssl gives, for POST with a body, GET with none, and the ingress topic', () => {
    expect(signMessage(post)).toBe(SIGNATURE_POST);
    expect(signMessage({ ...post, signedParts: ['GET', '/api/v1/births/HB-2025-000123'], body: Buffer.alloc(0) })).toBe(SIGNATURE_GET_EMPTY);
    expect(bodySha256(Buffer.alloc(0))).toBe(EMPTY_SHA256);
    expect(signMessage({ ...post, signedParts: ['birth.submitted.v1'] })).toBe(SIGNATURE_TOPIC);
  });

  it('matches docs/hospital-signing-test-vector.json, which the integration guide cites', () => {
    const doc = JSON.parse(readFileSync(join(__dirname, '../../../../docs/hospital-signing-test-vector.json'), 'utf8')) as {
      secret: string;
      vectors: { method?: string; path?: string; topic?: string; timestamp: string; nonce: string; body: string; bodyBytesHex: string; bodySha256: string; canonical: string; signature: string }[];
    };
    expect(doc.secret).toBe(SECRET);
    expect(doc.vectors.map((v) => v.signature)).toEqual([SIGNATURE_POST, SIGNATURE_GET_EMPTY, SIGNATURE_TOPIC]);
    for (const v of doc.vectors) {
      const body = Buffer.from(v.body, 'utf8');
      expect(body.toString('hex')).toBe(v.bodyBytesHex);
      expect(bodySha256(body)).toBe(v.bodySha256);
      const parts = v.topic ? [v.topic] : [v.method!, v.path!];
      expect(canonicalString(parts, v.timestamp, v.nonce, v.bodySha256)).toBe(v.canonical);
      expect(computeSignature(doc.secret, v.canonical)).toBe(v.signature);
    }
  });
});

describe('request signature: verification', () => {
  it('accepts the right signature', () => {
    expect(verifySignature({ ...post, signature: SIGNATURE_POST })).toBe(true);
  });

  it('refuses a tampered body, even one byte or only whitespace (the bytes are signed, not the JSON)', () => {
    expect(verifySignature({ ...post, body: Buffer.from('{ "a" :2,\n\t"b":"é" }'), signature: SIGNATURE_POST })).toBe(false);
    expect(verifySignature({ ...post, body: Buffer.from(JSON.stringify({ a: 1, b: 'é' })), signature: SIGNATURE_POST })).toBe(false);
    expect(verifySignature({ ...post, body: Buffer.concat([BODY, Buffer.from('\n')]), signature: SIGNATURE_POST })).toBe(false);
  });

  it('refuses another method, path, query, timestamp, nonce or secret', () => {
    const variants = [
      { signedParts: ['PUT', '/api/v1/births?x=1'] },
      { signedParts: ['POST', '/api/v1/births?x=2'] },
      { signedParts: ['POST', '/api/v1/births'] },
      { timestamp: '1764000000001' },
      { nonce: '3f2b8c1e-7d4a-4e9b-a6c5-0e1f2a3b4c5e' },
      { secret: `${SECRET}x` },
    ];
    for (const variant of variants) expect(verifySignature({ ...post, ...variant, signature: SIGNATURE_POST })).toBe(false);
  });

  it('refuses a malformed signature without throwing: upper case, short, long, not hex', () => {
    for (const given of [SIGNATURE_POST.toUpperCase(), SIGNATURE_POST.slice(2), `${SIGNATURE_POST}00`, 'z'.repeat(64), '']) {
      expect(signatureMatches(SIGNATURE_POST, given)).toBe(false);
    }
  });

  it('refuses to build an ambiguous canonical string (a line break in a part)', () => {
    expect(() => canonicalString(['POST', '/a\n/b'], TIMESTAMP, NONCE, BODY_SHA256)).toThrow(/line break/);
    expect(() => canonicalString([], TIMESTAMP, NONCE, BODY_SHA256)).toThrow();
  });

  it('gives a client its five headers', () => {
    expect(signedHeaders({ ...post, hospitalId: 'H1', keyId: 'k_0123456789ab' })).toEqual({
      'X-Hospital-Id': 'H1',
      'X-Key-Id': 'k_0123456789ab',
      'X-Timestamp': TIMESTAMP,
      'X-Nonce': NONCE,
      'X-Signature': SIGNATURE_POST,
    });
  });
});
