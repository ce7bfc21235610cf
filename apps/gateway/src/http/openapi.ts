import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { ApiHeaderOptions, ApiResponseOptions } from '@nestjs/swagger';
import type { ExampleObject, HeaderObject, ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { APPLICATION_ITEMS, ITEM_STATES, WAITING_FOR } from '@birth/contracts';
import { CALENDAR_ANSWER_SCHEMAS, CALENDAR_OPENAPI_TAG } from '../calendar/calendar.openapi';
import { CONSOLE_AUTH_OPENAPI_TAG, CONSOLE_AUTH_SCHEMAS, CONSOLE_AUTH_TAG_DESCRIPTION } from '../console-auth/console-auth.openapi';
import { addConsoleApi } from '../console/console.openapi';
import { formatCaseNumber } from '../intake/domain/case-number';
import { intakeError, type IntakeErrorCode } from '../intake/domain/validation/error-catalogue';
import { requestBodySchemas } from './openapi-request-schemas';

// The hospitals' API description. The intake controller's decorators say what each operation
// takes and answers, with $refs into the components below; buildOpenApiDocument adds those
// components. The request bodies' schemas are generated from the classes that check them
// (openapi-request-schemas.ts): a field added to a class, with its decorators, is in the
// document, and no schema of a request is written twice. The request examples are the files of
// docs/examples/. The decorators themselves read no files: the
// gateway starts without docs/.

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
const DOCS = join(REPO_ROOT, 'docs');
const GUIDE = 'docs/hospital-integration.md';

export const OPENAPI_TAG = 'births';

/** The request examples (components.examples), each a file of docs/examples/. */
export const BIRTH_EXAMPLES = {
  'birth-single': { file: 'birth-single.json', summary: 'A single birth in Dalian' },
  'birth-twins-1': { file: 'birth-twins-1.json', summary: 'Twins in Changchun: the first baby' },
  'birth-twins-2': { file: 'birth-twins-2.json', summary: 'Twins in Changchun: the second baby (same deliveryId and mother, birth order 2)' },
  'birth-passport-mother': {
    file: 'birth-passport-mother.json',
    summary: 'A mother with a passport and no hukou (dateOfBirth and nationality required; the child joins the father)',
  },
  'birth-second-child-shangyu': {
    file: 'birth-second-child-shangyu.json',
    summary: 'A second child in Shangyu (livingChildrenBefore 1: the leave of a second child)',
  },
  'birth-father-insured': {
    file: 'birth-father-insured.json',
    summary: 'A father insured, with his own account (Baoji; the couple live apart)',
  },
  'birth-changchun-settlement': {
    file: 'birth-changchun-settlement.json',
    summary: 'A Changchun settlement: parents with hukou in Jilin city, the child settles in 朝阳区 (settlementRegionCode)',
  },
} as const;

export const schemaRef = (name: string): ReferenceObject => ({ $ref: `#/components/schemas/${name}` });
const headerRef = (name: string): ReferenceObject => ({ $ref: `#/components/headers/${name}` });
const exampleRef = (name: keyof typeof BIRTH_EXAMPLES): ReferenceObject => ({ $ref: `#/components/examples/${name}` });

// ── Request headers ───────────────────────────────────────────────────────────────────────────

/** The five signature headers (every operation) and X-Request-Id. */
export const SIGNED_REQUEST_HEADERS: ApiHeaderOptions[] = [
  {
    name: 'X-Hospital-Id',
    required: true,
    description: 'The hospital\'s institution id, as registered with the platform.',
    schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', example: 'H210202001' },
  },
  {
    name: 'X-Key-Id',
    required: true,
    description: 'The id of the key that signs the request (`k_` and 12 hex digits), as the administrators issued it.',
    schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', example: 'k_3f9a1c2b7d4e' },
  },
  {
    name: 'X-Timestamp',
    required: true,
    description: 'The time of signing in Unix milliseconds, decimal; within ±5 minutes of the server\'s clock.',
    schema: { type: 'string', pattern: '^[0-9]{1,15}$', example: '1760582400000' },
  },
  {
    name: 'X-Nonce',
    required: true,
    description: 'A new value for every request, retries included: 8 to 128 printable ASCII characters without spaces (a UUID).',
    schema: { type: 'string', pattern: '^[\\x21-\\x7e]{8,128}$', example: '9b2e4c1a-5f7d-4e3b-8a6c-0d1e2f3a4b5c' },
  },
  {
    name: 'X-Signature',
    required: true,
    description: `Lower-case hex HMAC-SHA256 under the key's secret of METHOD "\\n" PATH "\\n" X-Timestamp "\\n" X-Nonce "\\n" hex SHA-256 of the body bytes, where PATH is the path and query string as sent and an empty body hashes the empty string (${GUIDE}).`,
    schema: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  },
  {
    name: 'X-Request-Id',
    required: false,
    description: 'Optional: the caller\'s id for this request, 1 to 128 of `A-Z a-z 0-9 . _ : -`. Echoed in the answer (a new one when absent or unusable); quote it to support.',
    schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$', example: 'his-20261016-000173' },
  },
];

// ── Answers ───────────────────────────────────────────────────────────────────────────────────

const EXAMPLE_CASE_ID = '5b0f3c9e-2a41-4d7e-9f36-8c1d2e4a7b10';
const EXAMPLE_ACCEPTED_AT = '2026-10-16T01:05:12.345Z';
const EXAMPLE_CASE_NUMBER = formatCaseNumber('210202', new Date(EXAMPLE_ACCEPTED_AT), 137);

export const RECEIPT_EXAMPLE = {
  caseId: EXAMPLE_CASE_ID,
  caseNumber: EXAMPLE_CASE_NUMBER,
  state: 'accepted',
  acceptedAt: EXAMPLE_ACCEPTED_AT,
  birthRecordId: 'DLFY-2026-1015-0042',
};

export const VIEW_EXAMPLE = {
  caseId: EXAMPLE_CASE_ID,
  caseNumber: EXAMPLE_CASE_NUMBER,
  hospitalId: 'H210202001',
  birthRecordId: 'DLFY-2026-1015-0042',
  deliveryId: 'DLFY-D-2026-1015-0031',
  state: 'accepted',
  channel: 'http',
  acceptedAt: EXAMPLE_ACCEPTED_AT,
  voidedAt: null,
  corrections: [],
  published: [{ eventId: '0d9e6a57-3b1c-4f2a-8e7d-6c5b4a392817', type: 'birth.registered', occurredAt: EXAMPLE_ACCEPTED_AT, publishedToKafka: true }],
};

/** GET /api/v1/births/{caseId}: the view with the case's progress from the case saga. */
const BIRTH_VIEW_EXAMPLE = {
  ...VIEW_EXAMPLE,
  progress: {
    state: 'open',
    atRisk: false,
    breached: false,
    steps: [
      { item: 'birth-certificate', state: 'done', waitingFor: [], deadline: '2026-10-20T00:00:00+08:00' },
      { item: 'household-registration', state: 'in_progress', waitingFor: [], deadline: '2026-10-24T00:00:00+08:00' },
      { item: 'medical-insurance', state: 'done', waitingFor: [], deadline: '2026-10-24T00:00:00+08:00' },
      { item: 'social-security-card', state: 'waiting', waitingFor: ['citizen-id-number'], deadline: null },
      { item: 'maternity-allowance', state: 'in_progress', waitingFor: [], deadline: '2026-10-31T00:00:00+08:00' },
    ],
  },
};

const CORRECTED_VIEW_EXAMPLE = {
  ...VIEW_EXAMPLE,
  corrections: [{ correctionId: 'DLFY-2026-1015-0042-c1', changedFields: ['newborn.name'], correctedAt: '2026-10-20T02:41:07.118Z' }],
  published: [
    ...VIEW_EXAMPLE.published,
    { eventId: '7f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', type: 'birth.corrected', occurredAt: '2026-10-20T02:41:07.118Z', publishedToKafka: true },
  ],
};

const VOIDED_VIEW_EXAMPLE = {
  ...VIEW_EXAMPLE,
  state: 'voided',
  voidedAt: '2026-10-17T06:12:44.902Z',
  published: [
    ...VIEW_EXAMPLE.published,
    { eventId: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f', type: 'birth.voided', occurredAt: '2026-10-17T06:12:44.902Z', publishedToKafka: true },
  ],
};

/**
 * The answers' examples, kept once in components.examples (several operations share them) and
 * referred to by name: a name stands for one example only.
 */
const ANSWER_EXAMPLES: Record<string, ExampleObject> = {};

function answerExample(name: string, example: ExampleObject): ReferenceObject {
  const known = ANSWER_EXAMPLES[name];
  if (known && JSON.stringify(known) !== JSON.stringify(example)) throw new Error(`two answer examples are named ${name}`);
  ANSWER_EXAMPLES[name] = example;
  return { $ref: `#/components/examples/${name}` };
}

/** An answer with a body. `headers` adds to X-Request-Id, which every answer carries. */
function answer(status: number, description: string, schema: string, examples: Record<string, ExampleObject>, headers: string[] = []): ApiResponseOptions {
  return {
    status,
    description,
    headers: Object.fromEntries(['X-Request-Id', ...headers].map((name) => [name, headerRef(name)])) as Record<string, HeaderObject>,
    content: {
      'application/json': {
        schema: schemaRef(schema),
        examples: Object.fromEntries(Object.entries(examples).map(([name, example]) => [name, answerExample(name, example)])),
      },
    },
  };
}

/** An error answer whose examples are built from the catalogue, so their messages are the real ones. */
function refusal(status: number, description: string, examples: Record<string, { summary: string; errors: [string, IntakeErrorCode, Record<string, number>?][] }>, headers: string[] = []) {
  const built = Object.fromEntries(
    Object.entries(examples).map(([name, { summary, errors }]) => [
      name,
      { summary, value: { errors: errors.map(([field, code, params]) => intakeError(field, code, params)) } },
    ]),
  );
  return answer(status, `${description} Codes and what to do: docs/errors.md.`, 'ErrorAnswer', built, headers);
}

export const ANSWERS = {
  accepted: answer(
    202,
    'Accepted: the case id and case number. The same answer again for a re-send of the same birth (same birthRecordId and content), then with `Idempotent-Replay: true`.',
    'IntakeReceipt',
    { receipt: { summary: 'A birth accepted', value: RECEIPT_EXAMPLE } },
    ['Idempotent-Replay'],
  ),
  view: answer(200, 'The case as this hospital may see it: states and ids, no personal data.', 'IntakeView', {
    'case-accepted': { summary: 'An accepted birth, published to the departments', value: VIEW_EXAMPLE },
    'case-corrected': { summary: 'After a correction', value: CORRECTED_VIEW_EXAMPLE },
  }),
  birthView: answer(200, 'The case as this hospital may see it, with its progress through the departments: states, waits and deadlines, no personal data.', 'BirthView', {
    'case-in-progress': { summary: 'An accepted birth on its way through the departments', value: BIRTH_VIEW_EXAMPLE },
    'case-progress-unknown': { summary: 'Just accepted: the case saga has not opened the case yet (or was not reached)', value: { ...VIEW_EXAMPLE, progress: null } },
  }),
  corrected: answer(202, 'Corrected (or the same correctionId and patch again): the case with its corrections.', 'IntakeView', {
    'case-corrected': { summary: 'After a correction', value: CORRECTED_VIEW_EXAMPLE },
  }),
  voided: answer(202, 'Voided (voiding again answers the same): the case, state `voided`.', 'IntakeView', {
    'case-voided': { summary: 'A voided birth', value: VOIDED_VIEW_EXAMPLE },
  }),
  invalidBirth: refusal(400, 'The application is refused: every problem at once (shape errors first; once the shape holds, every rule).', {
    'birth-rules': {
      summary: 'Detailed rules',
      errors: [
        ['newborn.weightGrams', 'NEWBORN_WEIGHT_OUT_OF_RANGE'],
        ['mother.identity.number', 'RESIDENT_ID_CHECKSUM'],
        ['mother.phone', 'PHONE_INVALID'],
      ],
    },
    'birth-shape': { summary: 'Shape', errors: [['surprise', 'UNKNOWN_FIELD'], ['newborn.bornAt', 'MATCHES']] },
    'birth-outside-window': { summary: 'Too late for the bundled application', errors: [['newborn.bornAt', 'BIRTH_OUTSIDE_WINDOW', { days: 365 }]] },
    'invalid-json': { summary: 'Not JSON', errors: [['body', 'INVALID_JSON']] },
    // Refused before any rule, on every route that takes a body (http/body-intake.ts).
    'invalid-utf8': { summary: 'Bytes that are not UTF-8', errors: [['body', 'INVALID_UTF8']] },
    'duplicate-key': { summary: 'One object with the same key twice', errors: [['mother.hukouAddress', 'DUPLICATE_KEY']] },
    'too-deep': { summary: 'Nested deeper than 16 levels', errors: [['surprise.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0', 'JSON_TOO_DEEP']] },
    'prototype-key': { summary: 'A __proto__, constructor or prototype key', errors: [['hospital.__proto__', 'UNKNOWN_FIELD']] },
    'wrong-type': { summary: 'An array where an object belongs, and the reverse', errors: [['delivery', 'IS_OBJECT'], ['application.items', 'IS_ARRAY']] },
    'bad-text': {
      summary: 'Text too long, with a control character, with an unpaired surrogate',
      errors: [['birthRecordId', 'MAX_LENGTH'], ['mother.name', 'CONTROL_CHARACTERS'], ['mother.hukouAddress', 'UNPAIRED_SURROGATE']],
    },
  }),
  invalidCorrection: refusal(400, 'The correction is refused: a field the hospital may not correct, or the corrected application breaks a rule.', {
    'not-correctable': { summary: 'Not correctable by the hospital', errors: [['mother.identity.number', 'FIELD_NOT_CORRECTABLE']] },
    'correction-rules': { summary: 'The corrected application breaks a rule', errors: [['newborn.weightGrams', 'NEWBORN_WEIGHT_OUT_OF_RANGE']] },
    'correction-shape': { summary: 'No correctionId', errors: [['correctionId', 'IS_NOT_EMPTY']] },
  }),
  invalidVoid: refusal(400, 'The request is refused.', { 'void-shape': { summary: 'No reason given', errors: [['reason', 'IS_NOT_EMPTY']] } }),
  recordIdRequired: refusal(400, 'No `recordId` query parameter.', { 'record-id-required': { summary: 'No recordId', errors: [['recordId', 'RECORD_ID_REQUIRED']] } }),
  unauthorized: refusal(401, 'The signature check refused the request; it was not processed.', {
    'signature-invalid': { summary: 'Wrong signature', errors: [['signature', 'SIGNATURE_INVALID']] },
    'timestamp-skew': { summary: 'Clock off by more than 5 minutes', errors: [['signature', 'TIMESTAMP_SKEW']] },
    'nonce-replayed': { summary: 'Nonce used before', errors: [['signature', 'NONCE_REPLAYED']] },
    'signature-missing': { summary: 'A header missing or malformed', errors: [['signature', 'SIGNATURE_MISSING']] },
  }),
  forbidden: refusal(403, 'The application names another hospital.', {
    'hospital-mismatch': { summary: 'Another hospital\'s institution id', errors: [['hospital.institutionId', 'HOSPITAL_MISMATCH']] },
  }),
  notFound: refusal(404, 'No such case of this hospital (another hospital\'s case answers the same).', {
    'case-not-found': { summary: 'By case id', errors: [['caseId', 'CASE_NOT_FOUND']] },
    'record-not-found': { summary: 'By birth record id', errors: [['recordId', 'CASE_NOT_FOUND']] },
  }),
  birthConflict: refusal(409, 'The birth contradicts an earlier submission: the same birthRecordId with other content, or another birth of the same delivery.', {
    'differs-from-original': { summary: 'Same birthRecordId, other content', errors: [['newborn.weightGrams', 'DIFFERS_FROM_ORIGINAL'], ['delivery.difficult', 'DIFFERS_FROM_ORIGINAL']] },
    'twin-conflict': {
      summary: 'A twin that disagrees with its sibling',
      errors: [['mother.identity', 'DELIVERY_MOTHER_DIFFERS'], ['delivery.mode', 'DELIVERY_FACTS_DIFFER'], ['newborn.birthOrder', 'DELIVERY_BIRTH_ORDER_TAKEN']],
    },
  }),
  correctionConflict: refusal(409, 'The correction contradicts an earlier one, or the birth was voided.', {
    'correction-id-reused': { summary: 'correctionId used for another patch', errors: [['correctionId', 'CORRECTION_ID_REUSED']] },
    'correction-after-void': { summary: 'The birth was voided', errors: [['caseId', 'CASE_VOIDED']] },
  }),
  tooLarge: refusal(413, 'The body is over 64 KiB.', { 'body-too-large': { summary: 'Too large', errors: [['body', 'BODY_TOO_LARGE']] } }),
  unsupportedMediaType: refusal(415, 'The body is not application/json (or has no Content-Type), names a charset other than UTF-8, or is compressed: compressed bodies (Content-Encoding gzip, deflate, br) are not supported. The body was not read.', {
    'unsupported-media-type': { summary: 'Not application/json', errors: [['Content-Type', 'UNSUPPORTED_MEDIA_TYPE']] },
    'unsupported-charset': { summary: 'A charset other than UTF-8', errors: [['Content-Type', 'UNSUPPORTED_CHARSET']] },
    'unsupported-content-encoding': { summary: 'A compressed body', errors: [['Content-Encoding', 'UNSUPPORTED_CONTENT_ENCODING']] },
  }),
  rateLimited: refusal(
    429,
    'Too many requests from this hospital: send again, signed anew, after Retry-After seconds.',
    { 'rate-limited': { summary: 'Rate limited', errors: [['request', 'RATE_LIMITED', { seconds: 2 }]] } },
    ['Retry-After'],
  ),
  internalError: refusal(500, 'An unexpected fault; quote X-Request-Id to support. Sending again later is safe (idempotent).', {
    'internal-error': { summary: 'Internal error', errors: [['request', 'INTERNAL_ERROR']] },
  }),
  unavailable: refusal(
    503,
    'Briefly unavailable; the request did nothing: send again, signed anew, after Retry-After seconds.',
    { 'service-unavailable': { summary: 'Database unreachable', errors: [['request', 'SERVICE_UNAVAILABLE']] } },
    ['Retry-After'],
  ),
} satisfies Record<string, ApiResponseOptions>;

// ── Request bodies ────────────────────────────────────────────────────────────────────────────

export const BIRTH_BODY = {
  description:
    'The one-form birth application (birth.registered.v1; JSON Schema in docs/schemas/birth.registered.v1.schema.json). Unknown fields are refused. Sign the exact bytes you send.',
  required: true,
  schema: schemaRef('BirthSubmissionV1'),
  examples: Object.fromEntries(Object.keys(BIRTH_EXAMPLES).map((name) => [name, exampleRef(name as keyof typeof BIRTH_EXAMPLES)])),
};

export const CORRECTION_BODY = {
  description: 'A JSON merge patch (RFC 7396) over the correctable facts, under the hospital\'s own correctionId.',
  required: true,
  schema: schemaRef('CorrectionRequest'),
  examples: {
    name: { summary: 'The newborn\'s name, given after registration', value: { correctionId: 'DLFY-2026-1015-0042-c1', patch: { newborn: { name: '张子墨' } } } },
    phone: { summary: 'A new phone number for the mother', value: { correctionId: 'DLFY-2026-1015-0042-c2', patch: { mother: { phone: '13800004321' } } } },
  },
};

export const VOID_BODY = {
  description: 'Why the registration is void.',
  required: true,
  schema: schemaRef('VoidRequest'),
  examples: { duplicate: { summary: 'Registered twice', value: { reason: '重复登记：同一新生儿已以 DLFY-2026-1015-0041 登记' } } },
};

// ── Components ────────────────────────────────────────────────────────────────────────────────

const nullable = (schema: SchemaObject): SchemaObject => ({ ...schema, nullable: true });
const DATE_TIME: SchemaObject = { type: 'string', format: 'date-time' };
const UUID: SchemaObject = { type: 'string', format: 'uuid' };

/** The answers' schemas: the answers are plain objects built in the controller, not checked classes. */
const ANSWER_SCHEMAS: Record<string, SchemaObject> = {
  IntakeReceipt: {
    type: 'object',
    description: 'The answer to a birth submission.',
    required: ['caseId', 'caseNumber', 'state', 'acceptedAt', 'birthRecordId'],
    properties: {
      caseId: { ...UUID, description: 'The case\'s id, for GET /api/v1/births/{caseId}, corrections and voiding.' },
      caseNumber: { type: 'string', pattern: '^\\d{6}-\\d{8}-\\d{6}-\\d$', description: 'Region, acceptance date (China time), sequence and a Luhn check digit: the number families and clerks quote.' },
      state: { type: 'string', enum: ['accepted', 'voided'] },
      acceptedAt: DATE_TIME,
      birthRecordId: { type: 'string' },
    },
  },
  IntakeView: {
    type: 'object',
    description: 'A case as the hospital that submitted it may see it: no personal data.',
    required: ['caseId', 'caseNumber', 'hospitalId', 'birthRecordId', 'deliveryId', 'state', 'channel', 'acceptedAt', 'voidedAt', 'corrections', 'published'],
    properties: {
      caseId: UUID,
      caseNumber: { type: 'string', pattern: '^\\d{6}-\\d{8}-\\d{6}-\\d$' },
      hospitalId: { type: 'string' },
      birthRecordId: { type: 'string' },
      deliveryId: { type: 'string' },
      state: { type: 'string', enum: ['accepted', 'voided'] },
      channel: { type: 'string', enum: ['http', 'kafka'], description: 'How the birth came in: this API, or the ingress topic birth.submitted.v1.' },
      acceptedAt: DATE_TIME,
      voidedAt: nullable(DATE_TIME),
      corrections: {
        type: 'array',
        items: {
          type: 'object',
          required: ['correctionId', 'changedFields', 'correctedAt'],
          properties: { correctionId: { type: 'string' }, changedFields: { type: 'array', items: { type: 'string' } }, correctedAt: DATE_TIME },
        },
      },
      published: {
        type: 'array',
        description: 'The events the case produced, and whether each has reached Kafka yet.',
        items: {
          type: 'object',
          required: ['eventId', 'type', 'occurredAt', 'publishedToKafka'],
          properties: {
            eventId: UUID,
            type: { type: 'string', enum: ['birth.registered', 'birth.corrected', 'birth.voided'] },
            occurredAt: DATE_TIME,
            publishedToKafka: { type: 'boolean' },
          },
        },
      },
    },
  },
  BirthView: {
    allOf: [
      schemaRef('IntakeView'),
      {
        type: 'object',
        required: ['progress'],
        properties: {
          progress: nullable({
            type: 'object',
            description: 'The case\'s progress from the case saga; null while the saga has not opened the case, or when it could not be reached in time (ask again).',
            required: ['state', 'atRisk', 'breached', 'steps'],
            properties: {
              state: { type: 'string', enum: ['open', 'completed', 'completed_with_rejections', 'voided'] },
              atRisk: { type: 'boolean', description: 'A step in progress has 2 working days or fewer left.' },
              breached: { type: 'boolean', description: 'A step passed its deadline (stays true once set).' },
              steps: {
                type: 'array',
                description: 'One step per item applied for, in the bundle\'s order.',
                items: {
                  type: 'object',
                  required: ['item', 'state', 'waitingFor', 'deadline'],
                  properties: {
                    item: { type: 'string', enum: [...APPLICATION_ITEMS] },
                    state: { type: 'string', enum: [...ITEM_STATES] },
                    waitingFor: {
                      type: 'array',
                      items: { type: 'string', enum: [...WAITING_FOR] },
                      description: 'Another department\'s outcome, or the family (newborn-name, newborn-sex, bank-account).',
                    },
                    deadline: nullable({ ...DATE_TIME, description: 'The end of the step\'s last working day (its 24:00 China time, written as the next day\'s T00:00:00+08:00), after pauses; null before its clock starts.' }),
                  },
                },
              },
            },
          }),
        },
      },
    ],
  },
  IntakeError: {
    type: 'object',
    required: ['field', 'code', 'message'],
    properties: {
      field: { type: 'string', description: 'Dotted path of the field (`body`, `signature`, `request` for the request as a whole).' },
      code: { type: 'string', description: 'Stable, for programs: docs/errors.md.' },
      message: {
        type: 'object',
        required: ['zh', 'en'],
        properties: { zh: { type: 'string' }, en: { type: 'string' } },
        description: 'For people; never repeats a submitted value.',
      },
    },
  },
  ErrorAnswer: {
    type: 'object',
    required: ['errors'],
    properties: { errors: { type: 'array', minItems: 1, items: schemaRef('IntakeError') } },
  },
};

const HEADERS: Record<string, HeaderObject> = {
  'X-Request-Id': { description: 'The request\'s id (the caller\'s own, or a new one): quote it to support.', schema: { type: 'string' } },
  'Retry-After': { description: 'Seconds to wait before sending again (signed anew).', schema: { type: 'integer', minimum: 1 } },
  'Idempotent-Replay': {
    description: 'Present (`true`) when the answer is that of an earlier identical submission: nothing new was registered.',
    schema: { type: 'string', enum: ['true'] },
  },
};

type JsonObject = { [key: string]: unknown };

function readJson(path: string): JsonObject {
  return JSON.parse(readFileSync(path, 'utf8')) as JsonObject;
}

/**
 * The document: the intake operations only (health probes are not the hospitals' business),
 * with the components their decorators refer to.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('出生一件事 — hospital intake API')
    .setDescription(
      [
        'Signed births in, `birth.registered.v1` out. Every request carries X-Hospital-Id, X-Key-Id, X-Timestamp, X-Nonce and X-Signature (see docs/hospital-integration.md: the signing scheme, a curl and a Node example, the test vector).',
        'Errors are `{ "errors": [{ "field", "code", "message": { "zh", "en" } }] }`, every problem at once; the codes, their HTTP status and which answers to retry are in docs/errors.md.',
        'A birth is idempotent by its birthRecordId; a retry is a new request (new timestamp, nonce and signature).',
        'One operation is public, unsigned: `GET /api/v1/calendar/deadline`, when a period of working days on China\'s official calendar ends.',
      ].join('\n\n'),
    )
    .setVersion('1')
    .addTag(OPENAPI_TAG, 'Birth registrations of the signing hospital: submit, read, correct, void.')
    .addTag(CALENDAR_OPENAPI_TAG, 'China\'s official working-day calendar: public, unsigned, rate-limited per client address.')
    .addTag(CONSOLE_AUTH_OPENAPI_TAG, CONSOLE_AUTH_TAG_DESCRIPTION)
    .build();
  const document = SwaggerModule.createDocument(app, config, { deepScanRoutes: true });
  document.paths = Object.fromEntries(Object.entries(document.paths).filter(([path]) => path.startsWith('/api/')));
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...requestBodySchemas(), ...ANSWER_SCHEMAS, ...CALENDAR_ANSWER_SCHEMAS, ...CONSOLE_AUTH_SCHEMAS },
    headers: { ...document.components?.headers, ...HEADERS },
    examples: {
      ...document.components?.examples,
      ...ANSWER_EXAMPLES,
      ...Object.fromEntries(
        Object.entries(BIRTH_EXAMPLES).map(([name, { file, summary }]) => [name, { summary, description: `docs/examples/${file}`, value: readJson(join(DOCS, 'examples', file)) }]),
      ),
    },
  };
  return addConsoleApi(document);
}

export function configureOpenApi(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}

/**
 * docs/openapi.json's text: keys sorted at every level (so the file changes only when the API
 * does), except where their order means something and is kept as built: a schema's properties
 * (the form's order), a list of named examples (the first is the one shown), and example data;
 * 2-space indentation and a trailing newline.
 */
export function serializeOpenApi(document: unknown): string {
  const sorted = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(sorted);
    if (typeof node !== 'object' || node === null) return node;
    const entries = Object.entries(node as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, value]) => [key, key === 'value' || key === 'example' ? value : ORDERED_MAPS.has(key) ? inOrder(value) : sorted(value)]));
  };
  const inOrder = (map: unknown): unknown =>
    typeof map === 'object' && map !== null && !Array.isArray(map) ? Object.fromEntries(Object.entries(map).map(([name, item]) => [name, sorted(item)])) : sorted(map);
  return `${JSON.stringify(sorted(document), null, 2)}\n`;
}

/** Maps whose entries keep their order in docs/openapi.json. */
const ORDERED_MAPS = new Set(['properties', 'examples']);

/** The committed export, for comparison in tests. */
export function committedOpenApi(): unknown {
  return JSON.parse(readFileSync(join(DOCS, 'openapi.json'), 'utf8'));
}

export const OPENAPI_FILE = join(DOCS, 'openapi.json');
