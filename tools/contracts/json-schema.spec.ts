import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CLEAN_TEXT_PATTERN, decodeEnvelope, ID_DOCUMENT_TYPES, SEX_CODES, TEXT_MAX, Topics, TOPIC_REGISTRY } from '@birth/contracts';
// ajv comes with eslint (not a direct dependency of this repo); draft-07 is its default dialect.
import Ajv from 'ajv';
import { ENVELOPE_SCHEMA_FILE, generateJsonSchemas, schemaFileOf, serializeSchema, type Json, type JsonObject } from './json-schema';

const SCHEMAS_DIR = resolve(__dirname, '../../docs/schemas');
const REGENERATE = 'bash infra/run-node.sh tools/contracts/generate-json-schemas.ts';

const generated = generateJsonSchemas();

function schemaOf(fileName: string): JsonObject {
  const found = generated.find((s) => s.fileName === fileName);
  if (!found) throw new Error(`no schema ${fileName} was generated`);
  return found.schema;
}

const birthSchema = schemaOf(schemaFileOf(Topics.birthRegisteredV1.name));
const envelopeSchema = schemaOf(ENVELOPE_SCHEMA_FILE);

function asObject(value: Json | undefined): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`expected an object, got ${JSON.stringify(value)}`);
  return value;
}

/** Follows `$ref` (and a nullable `anyOf: [{$ref}, {type: null}]`) to the class schema inside `root`. */
function resolveRef(root: JsonObject, node: JsonObject): JsonObject {
  const anyOf = node['anyOf'];
  const target = Array.isArray(anyOf) ? asObject(anyOf.find((n) => asObject(n)['$ref'])) : node;
  const ref = target['$ref'];
  if (typeof ref !== 'string') return node;
  if (ref === '#') return root;
  const name = ref.replace(/^#\/definitions\//, '');
  return asObject(asObject(root['definitions'])[name]);
}

/** The schema of a dotted property path, e.g. `mother.identity.type`. */
function propertyAt(root: JsonObject, path: string): JsonObject {
  let node = root;
  for (const name of path.split('.')) {
    node = resolveRef(root, node);
    node = asObject(asObject(node['properties'])[name]);
  }
  return node;
}

function requiredAt(root: JsonObject, path: string): Json {
  const node = path ? resolveRef(root, propertyAt(root, path)) : root;
  return node['required'] ?? [];
}

/** Every schema object inside `node` (itself included). */
function allNodes(node: Json, out: JsonObject[] = []): JsonObject[] {
  if (Array.isArray(node)) node.forEach((n) => allNodes(n, out));
  else if (typeof node === 'object' && node !== null) {
    out.push(node);
    for (const [key, value] of Object.entries(node)) {
      // Under `properties` and `definitions` the keys are names, the values schemas.
      if (key === 'properties' || key === 'definitions') Object.values(asObject(value)).forEach((n) => allNodes(n, out));
      else if (typeof value === 'object') allNodes(value, out);
    }
  }
  return out;
}

function typesOf(node: JsonObject): Json[] {
  const type = node['type'];
  return Array.isArray(type) ? type : type === undefined ? [] : [type];
}

describe('committed JSON Schemas (docs/schemas)', () => {
  it('equal freshly generated ones', () => {
    const present = readdirSync(SCHEMAS_DIR)
      .filter((f) => f.endsWith('.schema.json'))
      .sort();
    const stale = [
      ...generated
        .filter((s) => !present.includes(s.fileName) || readFileSync(join(SCHEMAS_DIR, s.fileName), 'utf8') !== serializeSchema(s.schema))
        .map((s) => `${s.fileName} is missing or out of date`),
      ...present.filter((f) => !generated.some((s) => s.fileName === f)).map((f) => `${f} belongs to no registry topic`),
    ];
    if (stale.length) {
      throw new Error(`docs/schemas is stale (${stale.join('; ')}): run \`${REGENERATE}\` and commit the result`);
    }
  });
});

describe('generateJsonSchemas', () => {
  it('gives every registry topic a schema, plus the envelope', () => {
    expect(generated.map((s) => s.fileName)).toEqual([...TOPIC_REGISTRY.map((t) => `${t.name}.schema.json`), 'envelope.schema.json']);
  });

  it('identifies and describes each topic schema from the registry', () => {
    for (const topic of TOPIC_REGISTRY) {
      const schema = schemaOf(schemaFileOf(topic.name));
      expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
      expect(schema['$id']).toBe(`https://birth-one-thing.example/schemas/${topic.name}.schema.json`);
      expect(schema['title']).toBe(topic.name);
      expect(schema['description']).toBe(topic.description);
      // A command topic's payload is one of its commands (command-schemas.spec.ts).
      if (topic.kind === 'events') expect(schema['type']).toBe('object');
      else expect(schema['oneOf']).toHaveLength(Object.keys(topic.commands).length);
    }
  });

  it('is deterministic', () => {
    expect(generateJsonSchemas().map((s) => serializeSchema(s.schema))).toEqual(generated.map((s) => serializeSchema(s.schema)));
  });

  it('serializes as 2-space JSON with a trailing newline', () => {
    expect(serializeSchema({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}\n');
  });

  it('makes every schema self-contained: each $ref points into its own document', () => {
    for (const { schema } of generated) {
      const definitions = Object.keys(asObject(schema['definitions'] ?? {}));
      for (const node of allNodes(schema)) {
        const ref = node['$ref'];
        if (ref === undefined) continue;
        expect(typeof ref).toBe('string');
        expect(['#', ...definitions.map((d) => `#/definitions/${d}`)]).toContain(ref);
        // draft-07 ignores every keyword beside $ref
        expect(Object.keys(node)).toEqual(['$ref']);
      }
    }
  });

  it('refuses unknown fields on every object with declared properties', () => {
    for (const { schema } of generated) {
      const withProperties = allNodes(schema).filter((n) => n['properties'] !== undefined);
      expect(withProperties.length).toBeGreaterThan(0);
      for (const node of withProperties) expect(node['additionalProperties']).toBe(false);
    }
  });

  it('leaves no open object in the birth schema', () => {
    const objects = allNodes(birthSchema).filter((n) => typesOf(n).includes('object'));
    expect(objects.length).toBe(1 + Object.keys(asObject(birthSchema['definitions'])).length);
    for (const node of objects) {
      expect(node['properties']).toBeDefined();
      expect(node['additionalProperties']).toBe(false);
    }
  });

  it('holds the nested classes of the birth schema in definitions', () => {
    expect(Object.keys(asObject(birthSchema['definitions']))).toEqual([
      'ApplicationV1',
      'ConsentV1',
      'DeliveryV1',
      'GestationV1',
      'HospitalV1',
      'IdentityDocumentV1',
      'MaternityInsuranceV1',
      'NewbornV1',
      'RegisteredFatherV1',
      'RegisteredMotherV1',
      'SealedValueV1',
    ]);
  });
});

describe('the birth.registered.v1 schema', () => {
  it('requires the parts of the application, not the father', () => {
    // The registered parents come first (RegisteredMotherV1 for the submission's MotherV1), then what intake adds, then the facts both contracts share.
    expect(requiredAt(birthSchema, '')).toEqual(['mother', 'application', 'caseNumber', 'acceptedAt', 'hospital', 'birthRecordId', 'deliveryId', 'newborn', 'delivery']);
    expect(requiredAt(birthSchema, '')).not.toContain('father');
  });

  it('does not require the newborn name, and lets it be null', () => {
    expect(requiredAt(birthSchema, 'newborn')).not.toContain('name');
    expect(requiredAt(birthSchema, 'newborn')).toContain('sex');
    expect(propertyAt(birthSchema, 'newborn.name')).toEqual({ type: ['string', 'null'], pattern: CLEAN_TEXT_PATTERN, maxLength: TEXT_MAX.personName });
  });

  it('leaves optional fields out of every required list', () => {
    // The mother's hukou is optional in the shape (a passport holder may have none); intake's rules require it where it applies.
    expect(requiredAt(birthSchema, 'mother')).toEqual(['name', 'identity', 'phone', 'maternityInsurance']);
    expect(requiredAt(birthSchema, 'mother.maternityInsurance')).toEqual(['insured']);
    expect(requiredAt(birthSchema, 'father')).toEqual(['name', 'identity', 'maternityInsurance']);
  });

  it('lists the identity document types and the sex codes as enums', () => {
    expect(propertyAt(birthSchema, 'mother.identity.type')).toEqual({ type: 'string', enum: [...ID_DOCUMENT_TYPES] });
    expect(propertyAt(birthSchema, 'father.identity.type')['enum']).toEqual([...ID_DOCUMENT_TYPES]);
    expect(propertyAt(birthSchema, 'newborn.sex')).toEqual({ type: 'string', enum: [...SEX_CODES] });
  });

  it('constrains consent.given to true', () => {
    expect(propertyAt(birthSchema, 'application.consent.given')).toEqual({ type: 'boolean', enum: [true] });
  });

  it('keeps the explicit-offset pattern of a time, without an unsatisfiable oneOf', () => {
    const bornAt = propertyAt(birthSchema, 'newborn.bornAt');
    expect(bornAt['type']).toBe('string');
    expect(new RegExp(bornAt['pattern'] as string).test('2025-03-07T08:15+08:00')).toBe(true);
    expect(new RegExp(bornAt['pattern'] as string).test('2025-03-07T08:15:00')).toBe(false);
    expect(allNodes(birthSchema).filter((n) => n['oneOf'] !== undefined)).toEqual([]);
  });

  it('lets an optional nested object be null', () => {
    // On birth.registered.v1 the account travels sealed for the allowance service.
    expect(propertyAt(birthSchema, 'mother.bankAccount')).toEqual({ anyOf: [{ $ref: '#/definitions/SealedValueV1' }, { type: 'null' }] });
    expect(propertyAt(birthSchema, 'mother.maternityInsurance.insuredCategory')['enum']).toContain(null);
  });
});

describe('the envelope schema', () => {
  it('requires what the decoder requires and lets caseId and causationId be null', () => {
    expect(envelopeSchema['required']).toEqual(['id', 'type', 'version', 'occurredAt', 'correlationId', 'producer', 'payload']);
    expect(propertyAt(envelopeSchema, 'caseId')).toEqual({ type: ['string', 'null'], format: 'uuid', maxLength: 36 });
    expect(propertyAt(envelopeSchema, 'causationId')).toEqual({ type: ['string', 'null'], pattern: CLEAN_TEXT_PATTERN, maxLength: TEXT_MAX.messageId });
    expect(envelopeSchema['additionalProperties']).toBe(false);
    expect(propertyAt(envelopeSchema, 'payload')['type']).toBe('object');
  });
});

/** A valid single birth (fictional people). */
function sampleBirth(): Record<string, Json> {
  return {
    hospital: { institutionId: 'H210202001', name: '大连市妇女儿童医疗中心', regionCode: '210202' },
    birthRecordId: 'BR-0001',
    deliveryId: 'D-0001',
    newborn: { name: null, sex: '2', bornAt: '2025-03-07T08:15+08:00', weightGrams: 3250, gestation: { weeks: 39, days: 2 }, plurality: 1, birthOrder: 1 },
    delivery: { mode: 'vaginal', difficult: false },
    mother: {
      name: '王丽',
      identity: { type: 'resident-id', number: '210202199003071528' },
      hukouRegionCode: '210202',
      hukouAddress: '辽宁省大连市中山区人民路1号',
      phone: '13800000000',
      maternityInsurance: { insured: true, insuringRegionCode: '210200', employerId: 'E-1', insuredCategory: 'employee', employerAverageMonthlyWageFen: 900000 },
      bankAccount: null,
    },
    caseNumber: '210202-20250307-000001-7',
    acceptedAt: '2025-03-07T09:00:00.123+08:00',
    application: {
      items: ['birth-certificate', 'household-registration', 'medical-insurance', 'social-security-card', 'maternity-allowance'],
      hukouParent: 'mother',
      householdHeadName: '王丽',
      contactPhone: '13800000000',
      consent: { given: true, at: '2025-03-07T09:00:00Z' },
    },
  };
}

function sampleEnvelope(payload: Json, topic: { type: string; version: number } = Topics.birthRegisteredV1): Record<string, Json> {
  return {
    id: '6f1c2a7e-3b9d-4c1e-8a52-0d4b7f9e2c11',
    type: topic.type,
    version: topic.version,
    occurredAt: '2025-03-07T09:00:01.123+08:00',
    caseId: 'a3e5c1d2-7b4f-4e8a-9c6d-1f2e3d4c5b6a',
    correlationId: 'corr-1',
    causationId: null,
    producer: 'intake',
    payload,
  };
}

/** A fresh sample with the field at a dotted path set to `value` (removed when undefined). */
function variant(path: string, value: Json | undefined): Record<string, Json> {
  const birth = sampleBirth();
  const names = path.split('.');
  const parent = names.slice(0, -1).reduce<JsonObject>((node, name) => asObject(node[name]), birth);
  if (value === undefined) delete parent[names.at(-1)!];
  else parent[names.at(-1)!] = value;
  return birth;
}

describe('validating with the schemas (ajv, draft-07)', () => {
  const ajv = new Ajv({ allErrors: true });
  const validateBirth = ajv.compile(birthSchema);
  const validateEnvelope = ajv.compile(envelopeSchema);

  it('compiles every generated schema', () => {
    for (const { schema } of generated) expect(() => new Ajv().compile(schema)).not.toThrow();
  });

  it('accepts a valid payload in a valid envelope, as the decoder does', () => {
    const birth = sampleBirth();
    expect(validateBirth(birth)).toBe(true);
    expect(validateEnvelope(sampleEnvelope(birth))).toBe(true);
    expect(decodeEnvelope(Topics.birthRegisteredV1, JSON.stringify(sampleEnvelope(birth))).ok).toBe(true);
  });

  it.each([
    ['an unknown field', variant('mother.identity.issuedBy', '大连市公安局')],
    ['a missing required field', variant('mother.phone', undefined)],
    ['an unknown sex code', variant('newborn.sex', 'F')],
    ['a consent not given', variant('application.consent.given', false)],
    ['a birth time without offset', variant('newborn.bornAt', '2025-03-07T08:15:00')],
    ['a fractional weight', variant('newborn.weightGrams', 3250.5)],
    ['an empty item list', variant('application.items', [])],
    ['a null required object', variant('mother.identity', null)],
    ['an array where an object belongs', variant('delivery', [{ mode: 'vaginal', difficult: false }])],
    ['an object where an array belongs', variant('application.items', { 0: 'birth-certificate' })],
    ['an address over its maximum length', variant('mother.hukouAddress', '路'.repeat(TEXT_MAX.address + 1))],
    ['a NUL in a name', variant('mother.name', '王\u0000丽')],
    ['a newline in an address', variant('mother.hukouAddress', '人民路\n1号')],
    ['an unpaired surrogate in a name', variant('mother.name', '王\ud840')],
  ])('rejects %s, as the decoder of the ingress topic does', (_label, birth) => {
    expect(validateBirth(birth)).toBe(false);
    const ingress = Topics.birthSubmittedV1;
    expect(decodeEnvelope(ingress, JSON.stringify(sampleEnvelope(birth, ingress))).ok).toBe(false);
  });

  it('describes what a producer must send: an unknown field is refused, though a tolerant reader of a downstream topic ignores it', () => {
    const birth = variant('mother.identity.issuedBy', '大连市公安局');
    expect(validateBirth(birth)).toBe(false);
    expect(decodeEnvelope(Topics.birthRegisteredV1, JSON.stringify(sampleEnvelope(birth))).ok).toBe(true);
  });

  it('accepts rare characters (surrogate pairs) in text, as the decoder does', () => {
    const birth = variant('mother.name', '𠀀丽');
    expect(validateBirth(birth)).toBe(true);
    expect(decodeEnvelope(Topics.birthRegisteredV1, JSON.stringify(sampleEnvelope(birth))).ok).toBe(true);
  });

  it('gives every string of every schema, events and commands, a maximum length', () => {
    for (const { fileName, schema } of generated) {
      const strings = allNodes(schema).filter((n) => typesOf(n).includes('string') && !Array.isArray(n['enum']));
      expect(strings.length).toBeGreaterThan(0);
      for (const node of strings) expect({ fileName, node, maxLength: typeof node['maxLength'] }).toMatchObject({ maxLength: 'number' });
    }
  });

  it('names the offending field', () => {
    expect(validateBirth(variant('newborn.sex', 'F'))).toBe(false);
    expect(validateBirth.errors?.map((e) => e.dataPath)).toContain('.newborn.sex');
  });

  it('rejects a payload missing a required nested object', () => {
    expect(validateBirth(variant('application.consent', undefined))).toBe(false);
    expect(validateBirth.errors?.map((e) => e.params)).toContainEqual({ missingProperty: 'consent' });
  });

  it('rejects an envelope with an unknown field or an occurredAt without offset', () => {
    expect(validateEnvelope({ ...sampleEnvelope(sampleBirth()), tenant: 'dalian' })).toBe(false);
    expect(validateEnvelope({ ...sampleEnvelope(sampleBirth()), occurredAt: '2025-03-07T09:00:01' })).toBe(false);
    expect(validateEnvelope({ ...sampleEnvelope(sampleBirth()), id: 'not-a-uuid' })).toBe(false);
  });
});
