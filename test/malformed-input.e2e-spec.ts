import { createHash, createHmac, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { MAX_JSON_DEPTH, Topics, type BirthRegisteredV1 } from '@birth/contracts';
import type { Producer } from '@birth/messaging';
import { expectEventually, TestNamespace } from '@birth/testing';
import type { HospitalCredentials } from './support/hospital-client';
import { signedIngressRecord, startIngressGateway, type IngressGateway } from './support/ingress-client';
import { sampleBirth } from './support/sample-birth';
import type { RunningService } from './support/system';

type Birth = Record<string, unknown>;
interface ErrorItem {
  field: string;
  code: string;
  message: { zh: string; en: string };
}

/**
 * Malformed input, tried as a careful tester would, over HTTP and over the ingress topic: every
 * case gets a specific 4xx (HTTP) or a `rejected` result and a dead letter (ingress) naming the
 * code and the field, none reaches birth.registered.v1, and the gateway stays live and ready.
 */
describe('malformed input gets a specific refusal, over HTTP and over the ingress topic', () => {
  let ns: TestNamespace, producer: Producer, ingress: IngressGateway;
  /** One hospital sends every case: its credentials sign both the requests and the ingress messages. */
  let credentials: HospitalCredentials, gateway: RunningService;

  beforeAll(async () => {
    ns = await TestNamespace.create();
    // A generous rate: every case below is one request of the same hospital.
    ingress = await startIngressGateway(ns, [{ id: 'H210202901', name: '大连市妇产医院', region: '210202' }], { INTAKE_RATE_PER_SECOND: '50', INTAKE_RATE_BURST: '200' });
    [credentials] = ingress.hospitals as [HospitalCredentials];
    ({ producer, gateway } = ingress);
  });

  afterAll(async () => {
    await ingress?.stop();
    await ns?.dispose();
  });

  function birth(): Birth {
    const b = sampleBirth() as unknown as Birth;
    b['hospital'] = { institutionId: credentials.hospitalId, name: '大连市妇产医院', regionCode: '210202' };
    return b;
  }

  /** A copy of a fresh birth with the value at a dotted path replaced. */
  function birthWith(path: string, value: unknown): Birth {
    const b = birth();
    const names = path.split('.');
    const parent = names.slice(0, -1).reduce<Birth>((node, name) => node[name] as Birth, b);
    parent[names.at(-1)!] = value;
    return b;
  }

  const bytes = (body: Birth | string | Buffer) => (Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8'));

  /** A signed POST of exactly these bytes (the signature covers them as sent), with the headers given. */
  async function post(path: string, body: Birth | string | Buffer, headers: Record<string, string | undefined> = { 'content-type': 'application/json' }) {
    const sent = bytes(body);
    const timestamp = String(Date.now());
    const nonce = randomUUID();
    const canonical = ['POST', path, timestamp, nonce, createHash('sha256').update(sent).digest('hex')].join('\n');
    const all: Record<string, string> = {
      'x-hospital-id': credentials.hospitalId,
      'x-key-id': credentials.keyId,
      'x-timestamp': timestamp,
      'x-nonce': nonce,
      'x-signature': createHmac('sha256', credentials.secret).update(canonical, 'utf8').digest('hex'),
    };
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) all[name] = value;
    const response = await fetch(`${gateway.url}${path}`, { method: 'POST', headers: all, body: sent, signal: AbortSignal.timeout(20_000) });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as { errors?: ErrorItem[]; caseId?: string } | null };
  }

  async function expectLiveAndReady(): Promise<void> {
    for (const path of ['/health/live', '/health/ready']) {
      const response = await fetch(`${gateway.url}${path}`, { signal: AbortSignal.timeout(10_000) });
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
    }
  }

  async function expectRefused(answer: Awaited<ReturnType<typeof post>>, status: number, code: string, field: string): Promise<void> {
    expect({ status: answer.status, errors: answer.body?.errors?.map((e) => `${e.code} ${e.field}`) }).toEqual({
      status,
      errors: expect.arrayContaining([`${code} ${field}`]),
    });
    for (const error of answer.body!.errors!) expect(error.message.zh && error.message.en).toBeTruthy();
    await expectLiveAndReady();
  }

  // ── the malformed bodies, shared by both channels ────────────────────────────────────────────
  const text = (b: Birth) => JSON.stringify(b);
  const deep = (b: Birth) => text(b).replace('"birthRecordId":', `"deep":${'['.repeat(5_000)}${']'.repeat(5_000)},"birthRecordId":`);
  const duplicateKey = (b: Birth) => text(b).replace('"hukouAddress":', '"hukouAddress":"辽宁省大连市西岗区","hukouAddress":');
  const prototypeKey = (key: string) => (b: Birth) => text(b).replace('"institutionId":', `"${key}":{"isAdmin":true},"institutionId":`);
  const notUtf8 = (b: Birth) => {
    const out = Buffer.from(text(b).replace('"王丽"', '"WL"'), 'utf8');
    out[out.indexOf('"WL"') + 1] = 0xcd; // GBK's first byte of 王, not UTF-8
    out[out.indexOf('"WL"') + 2] = 0xf5;
    return out;
  };

  describe('over HTTP', () => {
    let registeredBefore: number;
    beforeAll(async () => {
      registeredBefore = await ns.messageCount(Topics.birthRegisteredV1.name);
    });

    it.each([
      ['an array where the mother object belongs', 'mother', (b: Birth) => [b['mother']]],
      ['an empty array where the delivery object belongs', 'delivery', () => []],
      ['an array where the nested gestation object belongs', 'newborn.gestation', () => [{ weeks: 39, days: 2 }]],
      ['an array where the identity document belongs', 'mother.identity', () => []],
      ['an array where the maternity insurance belongs', 'mother.maternityInsurance', () => [{ insured: false }]],
      ['an array where the father belongs', 'father', () => []],
    ])('%s: 400 IS_OBJECT at the field (was a 500 or a 202)', async (_label, path, value) => {
      const b = birth();
      await expectRefused(await post('/api/v1/births', birthWith(path, value(b))), 400, 'IS_OBJECT', path);
    });

    it('an object where the item list belongs: 400 IS_ARRAY', async () => {
      await expectRefused(await post('/api/v1/births', birthWith('application.items', { 0: 'birth-certificate' })), 400, 'IS_ARRAY', 'application.items');
    });

    it('a correction whose patch puts an array where the gestation object belongs: 400 IS_OBJECT', async () => {
      const accepted = await post('/api/v1/births', birth());
      expect(accepted.status).toBe(202);
      registeredBefore += 1;
      const answer = await post(`/api/v1/births/${accepted.body!.caseId}/corrections`, { correctionId: 'C-1', patch: { newborn: { gestation: [{ weeks: 39, days: 2 }] } } });
      await expectRefused(answer, 400, 'IS_OBJECT', 'newborn.gestation');
    });

    it.each([
      ['no Content-Type', undefined],
      ['text/plain', 'text/plain'],
      ['a form', 'application/x-www-form-urlencoded'],
      ['a +json type', 'application/merge-patch+json'],
    ])('%s: 415 UNSUPPORTED_MEDIA_TYPE (no Content-Type was a 500)', async (_label, type) => {
      await expectRefused(await post('/api/v1/births', birth(), { 'content-type': type }), 415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type');
    });

    it.each(['latin1', 'gbk', 'utf-16', '"iso-8859-1"'])('charset=%s: 415 UNSUPPORTED_CHARSET', async (charset) => {
      await expectRefused(await post('/api/v1/births', birth(), { 'content-type': `application/json; charset=${charset}` }), 415, 'UNSUPPORTED_CHARSET', 'Content-Type');
    });

    it('charset=utf-8 (any case, quoted or not) is accepted', async () => {
      expect((await post('/api/v1/births', birth(), { 'content-type': 'application/json; charset="UTF-8"' })).status).toBe(202);
      registeredBefore += 1;
    });

    it.each(['gzip', 'deflate', 'br'])('Content-Encoding: %s: 415 UNSUPPORTED_CONTENT_ENCODING (compressed bodies are not supported)', async (encoding) => {
      const body = encoding === 'gzip' ? gzipSync(bytes(birth())) : bytes(birth());
      await expectRefused(await post('/api/v1/births', body, { 'content-type': 'application/json', 'content-encoding': encoding }), 415, 'UNSUPPORTED_CONTENT_ENCODING', 'Content-Encoding');
    });

    it('bytes that are not UTF-8: 400 INVALID_UTF8 (they were silently replaced by U+FFFD)', async () => {
      await expectRefused(await post('/api/v1/births', notUtf8(birth())), 400, 'INVALID_UTF8', 'body');
    });

    it('nesting 5,000 levels deep: 400 JSON_TOO_DEEP (it overflowed the validator\'s stack: a 500)', async () => {
      await expectRefused(await post('/api/v1/births', deep(birth())), 400, 'JSON_TOO_DEEP', ['deep', ...Array<number>(MAX_JSON_DEPTH - 1).fill(0)].join('.'));
    });

    it('one object holding the same key twice: 400 DUPLICATE_KEY (the last value silently won)', async () => {
      await expectRefused(await post('/api/v1/births', duplicateKey(birth())), 400, 'DUPLICATE_KEY', 'mother.hukouAddress');
    });

    it.each(['__proto__', 'constructor', 'prototype'])('a %s key: 400 UNKNOWN_FIELD (__proto__ and constructor were accepted)', async (key) => {
      await expectRefused(await post('/api/v1/births', prototypeKey(key)(birth())), 400, 'UNKNOWN_FIELD', `hospital.${key}`);
    });

    it.each([
      ['a birth record id of 10,000 characters (over the btree limit: a 500)', 'birthRecordId', 'B'.repeat(10_000), 'MAX_LENGTH'],
      ['an address of 201 characters', 'mother.hukouAddress', '路'.repeat(201), 'MAX_LENGTH'],
      ['a NUL in the mother\'s name', 'mother.name', '王\u0000丽', 'CONTROL_CHARACTERS'],
      ['a line break in the address', 'mother.hukouAddress', '人民路\n1号', 'CONTROL_CHARACTERS'],
      ['an unpaired surrogate in the employer id', 'mother.maternityInsurance.employerId', 'E-\ud800', 'UNPAIRED_SURROGATE'],
    ])('%s: 400 %s', async (_label, path, value, code) => {
      await expectRefused(await post('/api/v1/births', birthWith(path, value)), 400, code, path);
    });

    it('none of them reached birth.registered.v1 (only the births accepted on purpose did)', async () => {
      // A valid birth last: once it is on the topic, anything published before it is there too.
      const last = await post('/api/v1/births', birth());
      expect(last.status).toBe(202);
      await expectEventually(async () => expect(await ns.messageCount(Topics.birthRegisteredV1.name)).toBe(registeredBefore + 1), { timeoutMs: 60_000 });
    });
  });

  describe('over the ingress topic (birth.submitted.v1)', () => {
    /** A signed ingress message carrying exactly these bytes as its value, keyed by its birth record id. */
    const ingressMessage = (value: Buffer, recordId: string) => signedIngressRecord(ns, credentials, { key: `${credentials.hospitalId}:${recordId}`, value });

    /** The envelope text around a payload text (the envelope itself well-formed). */
    const envelopeAround = (payload: string) =>
      `{"id":"${randomUUID()}","type":"birth.submitted","version":1,"occurredAt":"${new Date().toISOString()}","caseId":null,` +
      `"correlationId":"${randomUUID()}","causationId":null,"producer":"${credentials.hospitalId}","payload":${payload}}`;

    const cases: [label: string, make: (b: Birth) => string | Buffer, code: string, field: string][] = [
      ['an array where the delivery object belongs', (b) => text({ ...b, delivery: [b['delivery']] }), 'IS_OBJECT', 'payload.delivery'],
      ['an object where the item list belongs', (b) => text({ ...b, application: { ...(b['application'] as Birth), items: {} } }), 'IS_ARRAY', 'payload.application.items'],
      ['bytes that are not UTF-8', (b) => notUtf8(b), 'INVALID_UTF8', '$'],
      ['nesting 5,000 levels deep', (b) => deep(b), 'JSON_TOO_DEEP', ['payload', 'deep', ...Array<number>(MAX_JSON_DEPTH - 2).fill(0)].join('.')],
      ['the same key twice', (b) => duplicateKey(b), 'DUPLICATE_KEY', 'payload.mother.hukouAddress'],
      ['a __proto__ key', (b) => prototypeKey('__proto__')(b), 'UNKNOWN_FIELD', 'payload.hospital.__proto__'],
      ['a constructor key', (b) => prototypeKey('constructor')(b), 'UNKNOWN_FIELD', 'payload.hospital.constructor'],
      ['a prototype key', (b) => prototypeKey('prototype')(b), 'UNKNOWN_FIELD', 'payload.hospital.prototype'],
      ['a birth record id of 10,000 characters', (b) => text({ ...b, birthRecordId: 'B'.repeat(10_000) }), 'MAX_LENGTH', 'payload.birthRecordId'],
      ['a NUL in the mother\'s name', (b) => text({ ...b, mother: { ...(b['mother'] as Birth), name: '王\u0000丽' } }), 'CONTROL_CHARACTERS', 'payload.mother.name'],
      ['an unpaired surrogate in the address', (b) => text({ ...b, mother: { ...(b['mother'] as Birth), hukouAddress: '路\udc00' } }), 'UNPAIRED_SURROGATE', 'payload.mother.hukouAddress'],
    ];

    it(`each of ${cases.length} malformed messages: a rejected result with the code and field, a dead letter with the reason, nothing registered`, async () => {
      const registeredBefore = await ns.messageCount(Topics.birthRegisteredV1.name);
      const sent = cases.map(([label, make, code, field]) => {
        const recordId = `BR-${randomUUID()}`;
        const b = birth();
        b['birthRecordId'] = recordId;
        const made = make(b);
        // The envelope is built around the payload's own text, so its bytes stay exactly as made.
        const value = Buffer.isBuffer(made)
          ? Buffer.concat([Buffer.from(envelopeAround('').slice(0, -1), 'utf8'), made, Buffer.from('}', 'utf8')])
          : Buffer.from(envelopeAround(made), 'utf8');
        return { label, code, field, recordId, message: ingressMessage(value, recordId) };
      });
      // A valid submission last: the consumer reads the partition in order, so once it is answered, every case was.
      const validRecordId = `BR-${randomUUID()}`;
      const valid = birth();
      valid['birthRecordId'] = validRecordId;
      await producer.send([...sent.map((s) => s.message), ingressMessage(Buffer.from(envelopeAround(text(valid)), 'utf8'), validRecordId)]);

      const resultsByRecord = async () =>
        new Map(
          (await ns.readAll(Topics.birthIntakeResultsV1.name))
            .map((m) => JSON.parse(m.value!.toString()).payload as { birthRecordId: string; outcome: string; errors: ErrorItem[] })
            .map((r) => [r.birthRecordId, r] as const),
        );
      await expectEventually(async () => {
        const results = await resultsByRecord();
        expect(results.get(validRecordId)?.outcome).toBe('accepted');
        for (const s of sent) expect({ label: s.label, outcome: results.get(s.recordId)?.outcome }).toEqual({ label: s.label, outcome: 'rejected' });
      }, { timeoutMs: 90_000 });

      const results = await resultsByRecord();
      for (const s of sent) {
        const errors = results.get(s.recordId)!.errors;
        expect({ label: s.label, errors: errors.map((e) => `${e.code} ${e.field}`) }).toEqual({ label: s.label, errors: expect.arrayContaining([`${s.code} ${s.field}`]) });
        for (const error of errors) expect(error.message.zh && error.message.en).toBeTruthy();
      }
      const dead = await ns.readAll(`${Topics.birthSubmittedV1.name}.dlq`);
      for (const s of sent) {
        const letter = dead.find((m) => m.key?.toString() === `${credentials.hospitalId}:${s.recordId}`);
        expect({ label: s.label, code: letter?.headers['dlq-code'], reason: Boolean(letter?.headers['dlq-reason']) }).toEqual({ label: s.label, code: 'INVALID_MESSAGE', reason: true });
      }
      // Only the valid submission was registered.
      await expectEventually(async () => expect(await ns.messageCount(Topics.birthRegisteredV1.name)).toBe(registeredBefore + 1), { timeoutMs: 60_000 });
      const registered = (await ns.readAll(Topics.birthRegisteredV1.name)).map((m) => (JSON.parse(m.value!.toString()).payload as BirthRegisteredV1).birthRecordId);
      for (const s of sent) expect(registered).not.toContain(s.recordId);
      await expectLiveAndReady();
    });
  });
});
