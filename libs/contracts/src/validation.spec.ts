import 'reflect-metadata';
import type { BirthRegisteredV1 } from './events/birth-registered.v1';
import { SEALED_VALUE_ALG, type SealedValueV1 } from './sealed-value.v1';
import { Topics, unknownFieldsOf } from './topics';
import { decodeEnvelope, validatePayload, validatePlain, type Decoded, type FieldError } from './validation';
import { EventEnvelope } from './envelope';
import { MOTHER_ID, validBirthSubmission } from '../test/birth-submission.fixture';

/** A valid single birth (fictional people), as a hospital would send it. */
const submission = validBirthSubmission;

/** A structurally valid sealed value (the contract checks its shape; @birth/platform seals and opens). */
function sealed(): SealedValueV1 {
  return { alg: SEALED_VALUE_ALG, kid: 'k-20261201-3fa2c1', enc: `${'A'.repeat(42)}A`, ct: 'B'.repeat(64) };
}

/** The same birth as `birth.registered.v1` carries it: case number, acceptance, accounts sealed. */
function birth(): BirthRegisteredV1 {
  const { mother, father, ...rest } = submission();
  return {
    ...rest,
    mother: { ...mother, bankAccount: sealed() },
    father: { ...father!, bankAccount: sealed() },
    caseNumber: '210202-20250307-000001-7',
    acceptedAt: '2025-03-07T09:00:00.123+08:00',
  };
}

function envelope(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '6f1c2a7e-3b9d-4c1e-8a52-0d4b7f9e2c11',
    type: 'birth.registered',
    version: 1,
    occurredAt: '2025-03-07T09:00:01.123+08:00',
    caseId: 'a3e5c1d2-7b4f-4e8a-9c6d-1f2e3d4c5b6a',
    correlationId: 'corr-1',
    causationId: null,
    producer: 'intake',
    payload: birth(),
    ...overrides,
  };
}

const topic = Topics.birthRegisteredV1;

function decode(value: unknown) {
  return decodeEnvelope(topic, JSON.stringify(value));
}

function decodeIngress(value: unknown) {
  return decodeEnvelope(Topics.birthSubmittedV1, JSON.stringify(value));
}

function errorsOf(result: Decoded<unknown>): FieldError[] {
  if (result.ok) throw new Error('expected the message to be rejected');
  return result.errors;
}

describe('decodeEnvelope', () => {
  it('accepts a valid birth.registered.v1 message and returns class instances', () => {
    const result = decodeEnvelope(topic, Buffer.from(JSON.stringify(envelope()), 'utf8'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toBeInstanceOf(EventEnvelope);
    expect(result.value.id).toBe('6f1c2a7e-3b9d-4c1e-8a52-0d4b7f9e2c11');
    expect(result.value.payload.constructor.name).toBe('BirthRegisteredV1');
    expect(result.value.payload.mother.identity.number).toBe(MOTHER_ID);
    expect(result.value.payload.newborn.gestation.weeks).toBe(39);
  });

  it('accepts a message without the optional father and with a null causation id', () => {
    const payload: Partial<BirthRegisteredV1> = birth();
    delete payload.father;
    expect(decode(envelope({ payload })).ok).toBe(true);
  });

  it('rejects a value that is not JSON', () => {
    const errors = errorsOf(decodeEnvelope(topic, '{"id": '));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ field: '$', code: 'INVALID_JSON' });
    // The parser's own message quotes the input (possibly personal data): it is not passed on.
    expect(errors[0]!.message).toBe('value is not JSON');
  });

  it.each([
    ['null', null],
    ['an empty string', ''],
    ['an empty buffer', Buffer.alloc(0)],
  ])('rejects %s as an empty message', (_label, value) => {
    expect(errorsOf(decodeEnvelope(topic, value))).toEqual([{ field: '$', code: 'EMPTY_MESSAGE', message: 'message has no value' }]);
  });

  it('rejects an envelope whose type does not belong to the topic', () => {
    const errors = errorsOf(decode(envelope({ type: 'birth.submitted' })));
    expect(errors).toEqual([{ field: 'type', code: 'TYPE_MISMATCH', message: 'expected type birth.registered on birth.registered.v1' }]);
  });

  it('rejects an envelope whose version does not belong to the topic', () => {
    const errors = errorsOf(decode(envelope({ version: 2 })));
    expect(errors).toEqual([{ field: 'version', code: 'VERSION_MISMATCH', message: 'expected version 1 on birth.registered.v1' }]);
  });

  it('refuses an unknown payload field on the ingress topic, naming it by its dotted path', () => {
    const payload = submission();
    (payload.mother.identity as unknown as Record<string, unknown>)['issuedBy'] = '大连市公安局';
    const errors = errorsOf(decodeIngress(envelope({ type: 'birth.submitted', payload })));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ field: 'payload.mother.identity.issuedBy', code: 'UNKNOWN_FIELD' });
  });

  it('refuses an unknown envelope field on the ingress topic', () => {
    const errors = errorsOf(decodeIngress(envelope({ type: 'birth.submitted', payload: submission(), tenant: 'dalian' })));
    expect(errors.map((e) => [e.field, e.code])).toEqual([['tenant', 'UNKNOWN_FIELD']]);
  });

  it('reads a downstream topic tolerantly: unknown payload and envelope fields are dropped, known ones still checked', () => {
    expect(unknownFieldsOf(Topics.birthSubmittedV1)).toBe('refuse');
    expect(unknownFieldsOf(topic)).toBe('ignore');
    const payload = birth();
    (payload.mother.identity as unknown as Record<string, unknown>)['issuedBy'] = '大连市公安局';
    (payload as unknown as Record<string, unknown>)['addedInV1_1'] = { optional: true };
    const result = decode(envelope({ payload, tenant: 'dalian' }));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value.payload.mother.identity).toEqual({ type: 'resident-id', number: MOTHER_ID });
    expect(result.value.payload).not.toHaveProperty('addedInV1_1');
    expect(result.value).not.toHaveProperty('tenant');
    const broken = birth() as unknown as Record<string, Record<string, unknown>>;
    broken['newborn']!['sex'] = 'F';
    expect(errorsOf(decode(envelope({ payload: { ...broken, extra: 1 } }))).map((e) => [e.field, e.code])).toEqual([['payload.newborn.sex', 'IS_IN']]);
  });

  it('checks strictly for a producer whatever the topic (validatePayload by default)', () => {
    const result = validatePayload(topic, { ...birth(), extra: 1 });
    expect(result.ok === false && result.errors.map((e) => [e.field, e.code])).toEqual([['payload.extra', 'UNKNOWN_FIELD']]);
    expect(validatePayload(topic, { ...birth(), extra: 1 }, { unknownFields: 'ignore' }).ok).toBe(true);
  });

  it('reports every problem of one message together', () => {
    const payload = birth() as unknown as Record<string, Record<string, unknown>>;
    payload['newborn']!['sex'] = 'F';
    payload['hospital']!['regionCode'] = '2102';
    payload['application']!['consent'] = null;
    const errors = errorsOf(decode(envelope({ type: 'birth.submitted', version: 3, payload })));
    expect(errors.map((e) => [e.field, e.code])).toEqual(
      expect.arrayContaining([
        ['type', 'TYPE_MISMATCH'],
        ['version', 'VERSION_MISMATCH'],
        ['payload.hospital.regionCode', 'MATCHES'],
        ['payload.newborn.sex', 'IS_IN'],
        ['payload.application.consent', 'INVALID'],
      ]),
    );
    expect(new Set(errors.map((e) => e.field))).toEqual(
      new Set(['type', 'version', 'payload.hospital.regionCode', 'payload.newborn.sex', 'payload.application.consent']),
    );
  });

  it('reports every envelope problem together (before looking at the payload)', () => {
    const errors = errorsOf(decode(envelope({ id: 'not-a-uuid', producer: '', version: 0 })));
    expect(new Set(errors.map((e) => e.field))).toEqual(new Set(['id', 'producer', 'version']));
    expect(errors.map((e) => e.code)).toEqual(expect.arrayContaining(['IS_UUID', 'IS_NOT_EMPTY', 'MIN']));
  });

  it('rejects an occurredAt without an explicit offset', () => {
    const errors = errorsOf(decode(envelope({ occurredAt: '2025-03-07T09:00:01' })));
    expect(errors).toEqual([{ field: 'occurredAt', code: 'MATCHES', message: 'occurredAt must carry an explicit offset' }]);
  });

  it('accepts occurredAt in UTC (Z)', () => {
    expect(decode(envelope({ occurredAt: '2025-03-07T01:00:01Z' })).ok).toBe(true);
  });

  it('rejects a payload that is not an object', () => {
    const errors = errorsOf(decode(envelope({ payload: 'birth' })));
    expect(errors.map((e) => [e.field, e.code])).toEqual([['payload', 'IS_OBJECT']]);
  });

  it('rejects a consent that was not given', () => {
    const payload = birth() as unknown as { application: { consent: { given: boolean } } };
    payload.application.consent.given = false;
    const errors = errorsOf(decode(envelope({ payload })));
    expect(errors.map((e) => [e.field, e.code])).toEqual([['payload.application.consent.given', 'EQUALS']]);
  });
});

describe('validatePlain', () => {
  it.each([
    ['a string', 'hello'],
    ['a number', 42],
    ['null', null],
    ['an array', [envelope()]],
  ])('refuses %s as NOT_AN_OBJECT', (_label, value) => {
    expect(validatePlain(EventEnvelope, value)).toEqual({
      ok: false,
      errors: [{ field: '$', code: 'NOT_AN_OBJECT', message: 'expected a JSON object' }],
    });
  });

  it('names the prefix as the field of a non-object', () => {
    const result = validatePlain(EventEnvelope, 7, 'payload');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.field).toBe('payload');
  });

  it('prefixes nested field paths', () => {
    const result = validatePlain(Topics.birthRegisteredV1.payload, { ...birth(), deliveryId: '' }, 'payload');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => [e.field, e.code])).toEqual([['payload.deliveryId', 'IS_NOT_EMPTY']]);
  });
});

/** Every dotted path of a JSON value with the value there. */
function leaves(value: unknown, path: string[] = []): [string[], unknown][] {
  const here: [string[], unknown][] = path.length ? [[path, value]] : [];
  if (value === null || typeof value !== 'object') return here;
  return [...here, ...Object.entries(value).flatMap(([key, child]) => leaves(child, [...path, key]))];
}

function replaced(path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(birth()) as unknown as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}

describe('a wrong JSON type at any depth is refused with the field', () => {
  const paths = leaves(birth());
  const objects = paths.filter(([, v]) => v !== null && typeof v === 'object' && !Array.isArray(v));
  const arrays = paths.filter(([, v]) => Array.isArray(v));

  it.each(objects.map(([path, value]) => [path.join('.'), path, value] as const))('an array where the object %s belongs', (field, path, value) => {
    for (const wrong of [[], [value]]) {
      const errors = errorsOf(decode(envelope({ payload: replaced(path, wrong) })));
      expect(errors).toContainEqual(expect.objectContaining({ field: `payload.${field}`, code: 'IS_OBJECT' }));
    }
  });

  it.each(arrays.map(([path, value]) => [path.join('.'), path, value] as const))('an object where the array %s belongs', (field, path, value) => {
    for (const wrong of [{}, { 0: (value as unknown[])[0] }]) {
      const errors = errorsOf(decode(envelope({ payload: replaced(path, wrong) })));
      expect(errors).toContainEqual(expect.objectContaining({ field: `payload.${field}`, code: 'IS_ARRAY' }));
    }
  });

  it.each(paths.map(([path]) => [path.join('.'), path] as const))('a scalar or an object where %s belongs is refused there', (field, path) => {
    const original = paths.find(([p]) => p.join('.') === field)![1];
    // The only null of the sample is the newborn's name, a nullable string.
    const type = original === null ? 'string' : typeof original;
    for (const wrong of [7, true, 'x', { a: 1 }, [1]]) {
      if (typeof wrong === type && typeof wrong !== 'object') continue;
      const result = decode(envelope({ payload: replaced(path, wrong) }));
      // Accepted only where the schema allows that type there; otherwise refused at that field or below it.
      expect(result.ok).toBe(false);
      const at = `payload.${field}`.replace(/\.\d+$/, ''); // a list's element is reported on the list
      expect(errorsOf(result).some((e) => e.field === at || e.field.startsWith(`${at}.`))).toBe(true);
    }
  });
});

describe('every string of the contract is bounded and clean', () => {
  const strings = leaves(birth()).filter(([, v]) => typeof v === 'string');

  it.each(strings.map(([path]) => [path.join('.'), path] as const))('%s: too long, a NUL, a control character, an unpaired surrogate', (field, path) => {
    const original = strings.find(([p]) => p.join('.') === field)![1] as string;
    for (const wrong of ['9'.repeat(10_000), `${original}\u0000`, `${original}\u001b`, `${original}\ud800`]) {
      const errors = errorsOf(decode(envelope({ payload: replaced(path, wrong) })));
      expect(errors.length).toBeGreaterThan(0);
      // An element of a list of strings is reported on the list (class-validator's `each`).
      expect(errors.every((e) => e.field === `payload.${field}`.replace(/\.\d+$/, ''))).toBe(true);
    }
  });

  it('free text names the problem: MAX_LENGTH, CONTROL_CHARACTERS, UNPAIRED_SURROGATE', () => {
    const codes = (value: string) => errorsOf(decode(envelope({ payload: replaced(['mother', 'hukouAddress'], value) }))).map((e) => e.code);
    expect(codes('路'.repeat(201))).toEqual(['MAX_LENGTH']);
    expect(codes('人民路\u00001号')).toEqual(['CONTROL_CHARACTERS']);
    expect(codes('人民路\n1号')).toEqual(['CONTROL_CHARACTERS']);
    expect(codes('人民路\udc001号')).toEqual(['UNPAIRED_SURROGATE']);
    expect(decode(envelope({ payload: replaced(['mother', 'hukouAddress'], '𠀀'.repeat(100)) })).ok).toBe(true);
  });

  it('envelope strings are bounded and clean too', () => {
    expect(errorsOf(decode(envelope({ correlationId: 'c'.repeat(129) }))).map((e) => [e.field, e.code])).toEqual([['correlationId', 'MAX_LENGTH']]);
    expect(errorsOf(decode(envelope({ producer: 'gate\u0000way' }))).map((e) => [e.field, e.code])).toEqual([['producer', 'CONTROL_CHARACTERS']]);
  });
});

describe('decodeEnvelope parses strictly', () => {
  const text = () => JSON.stringify(envelope());

  it('refuses a value whose bytes are not UTF-8', () => {
    const bytes = Buffer.from(text().replace('王丽', 'XX'), 'utf8');
    bytes[bytes.indexOf('XX')] = 0xff;
    expect(errorsOf(decodeEnvelope(topic, bytes))).toEqual([{ field: '$', code: 'INVALID_UTF8', message: 'the bytes are not valid UTF-8' }]);
  });

  it('refuses a duplicate key, naming it', () => {
    const value = text().replace('"hukouAddress":', '"hukouAddress":"elsewhere","hukouAddress":');
    expect(errorsOf(decodeEnvelope(topic, value)).map((e) => [e.field, e.code])).toEqual([['payload.mother.hukouAddress', 'DUPLICATE_KEY']]);
  });

  it('refuses __proto__, constructor and prototype keys as unknown fields', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const value = text().replace('"institutionId":', `"${key}":{"x":1},"institutionId":`);
      expect(errorsOf(decodeEnvelope(topic, value)).map((e) => [e.field, e.code])).toEqual([[`payload.hospital.${key}`, 'UNKNOWN_FIELD']]);
    }
  });

  it('refuses nesting deeper than the limit (which would overflow the validator\'s recursion)', () => {
    const value = text().replace('"institutionId":', `"deep":${'['.repeat(50_000)}${']'.repeat(50_000)},"institutionId":`);
    expect(errorsOf(decodeEnvelope(topic, value))[0]).toMatchObject({ code: 'JSON_TOO_DEEP' });
  });
});
