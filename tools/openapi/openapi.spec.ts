import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
// ajv comes with eslint (not a direct dependency of this repo); it reads OpenAPI's `nullable` with { nullable: true }.
import Ajv from 'ajv';
import { CalendarController } from '../../apps/gateway/src/calendar/calendar.controller';
import { ConsoleAuditController } from '../../apps/gateway/src/console-auth/console-audit.controller';
import { ConsoleSessionController } from '../../apps/gateway/src/console-auth/console-session.controller';
import { ConsoleCasesController } from '../../apps/gateway/src/console/console-cases.controller';
import { ConsoleEventsController } from '../../apps/gateway/src/console/console-events.controller';
import { ConsoleManualReviewController } from '../../apps/gateway/src/console/console-manual-review.controller';
import { ConsoleOperationsController } from '../../apps/gateway/src/console/console-operations.controller';
import { BIRTH_EXAMPLES, committedOpenApi } from '../../apps/gateway/src/http/openapi';
import { jsonSchemaToComponents } from '../../apps/gateway/src/http/openapi-request-schemas';
import { IntakeController } from '../../apps/gateway/src/intake/intake.controller';
import { exportOpenApi } from './export-openapi';

// docs/openapi.json is what the gateway serves at /api/docs-json (test/docs.e2e-spec.ts compares
// the two), exported by `npm run openapi`. This suite keeps the file current, complete and a
// well-formed OpenAPI 3.0 document.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Operation = {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: JsonObject; examples?: Record<string, JsonObject>; example?: Json }> };
  responses: Record<string, { description?: string; headers?: Record<string, JsonObject>; content?: Record<string, { schema: JsonObject; examples?: Record<string, JsonObject> }> }>;
  tags?: string[];
};
type Document = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, Record<string, JsonObject>>;
};

const DOCS = join(__dirname, '..', '..', 'docs');
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const SIGNATURE_HEADERS = ['X-Hospital-Id', 'X-Key-Id', 'X-Timestamp', 'X-Nonce', 'X-Signature'];

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function operations(document: Document): [string, string, Operation][] {
  return Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => [path, method, op] as [string, string, Operation]));
}

/** Follows a local `$ref` (`#/a/b`) inside the document; throws when it leads nowhere. */
function resolve(document: Document, ref: string): JsonObject {
  if (!ref.startsWith('#/')) throw new Error(`not a local reference: ${ref}`);
  let node: unknown = document;
  for (const part of ref.slice(2).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (!isObject(node) || !(part in node)) throw new Error(`${ref} leads nowhere`);
    node = node[part];
  }
  if (!isObject(node)) throw new Error(`${ref} is not an object`);
  return node;
}

const deref = (document: Document, node: JsonObject): JsonObject => (typeof node['$ref'] === 'string' ? resolve(document, node['$ref']) : node);

/** Every node of the document except example data (`value`, `example`), with its key and JSON path. */
function* walk(node: unknown, path = '#', key = ''): Generator<{ node: unknown; key: string; path: string }> {
  yield { node, key, path };
  if (key === 'value' || key === 'example') return;
  if (Array.isArray(node)) for (const [i, item] of node.entries()) yield* walk(item, `${path}/${i}`, key);
  else if (isObject(node)) for (const [k, v] of Object.entries(node)) yield* walk(v, `${path}/${k}`, k);
}

function readExample(file: string): unknown {
  return JSON.parse(readFileSync(join(DOCS, 'examples', file), 'utf8'));
}

describe('docs/openapi.json', () => {
  let fresh: string;
  let document: Document;

  beforeAll(async () => {
    fresh = await exportOpenApi();
    document = JSON.parse(fresh) as Document;
  });

  it('is current (run `npm run openapi` after changing the API)', () => {
    const committed = readFileSync(join(DOCS, 'openapi.json'), 'utf8');
    if (committed !== fresh) throw new Error('docs/openapi.json is not what the gateway serves: run `npm run openapi` and commit the result');
    expect(committedOpenApi()).toEqual(document);
  });

  it('describes every route of the intake, calendar and console sign-in controllers, and nothing else', () => {
    const routesOf = (controller: { prototype: object }) => {
      const base = Reflect.getMetadata(PATH_METADATA, controller) as string;
      return Object.getOwnPropertyNames(controller.prototype)
        .filter((name) => name !== 'constructor')
        .map((name) => (controller.prototype as unknown as Record<string, object>)[name]!)
        .filter((handler) => typeof handler === 'function' && Reflect.getMetadata(PATH_METADATA, handler) !== undefined)
        .map((handler) => {
          const sub = Reflect.getMetadata(PATH_METADATA, handler) as string;
          const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod].toLowerCase();
          const path = `/${[base, sub].map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`.replace(/:(\w+)/g, '{$1}');
          return `${method} ${path}`;
        });
    };
    const consoleApi = [ConsoleCasesController, ConsoleManualReviewController, ConsoleOperationsController, ConsoleEventsController].flatMap(routesOf);
    const routes = [...routesOf(IntakeController), ...routesOf(CalendarController), ...routesOf(ConsoleSessionController), ...routesOf(ConsoleAuditController), ...consoleApi];
    expect(routes).toHaveLength(25);
    expect(operations(document).map(([path, method]) => `${method} ${path}`).sort()).toEqual(routes.sort());
  });

  it('is a well-formed OpenAPI 3.0 document', () => {
    expect(document.openapi).toMatch(/^3\.0\.\d+$/);
    expect(document.info.title).toEqual(expect.any(String));
    expect(document.info.version).toEqual(expect.any(String));
    const operationIds = new Set<string>();
    for (const [path, item] of Object.entries(document.paths)) {
      expect(path).toMatch(/^\//);
      for (const [method, op] of Object.entries(item)) {
        expect(HTTP_METHODS).toContain(method);
        expect(op.operationId).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
        expect(operationIds.has(op.operationId)).toBe(false);
        operationIds.add(op.operationId);
        const parameters = op.parameters ?? [];
        const keys = parameters.map((p) => `${p.in}:${p.name.toLowerCase()}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const parameter of parameters) expect(['query', 'header', 'path', 'cookie']).toContain(parameter.in);
        const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect(parameters.filter((p) => p.in === 'path').map((p) => p.name).sort()).toEqual(templated.sort());
        for (const p of parameters.filter((p) => p.in === 'path')) expect(p.required).toBe(true);
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
        for (const [status, response] of Object.entries(op.responses)) {
          expect(status).toMatch(/^([1-5]\d\d|[1-5]XX|default)$/);
          expect(typeof response.description).toBe('string');
        }
      }
    }
    for (const { node, key, path } of walk(document)) {
      // Every reference resolves; draft-07 and 3.1 keywords have been converted.
      if (key === '$ref') expect(() => resolve(document, node as string)).not.toThrow();
      const isPropertyName = path.split('/').at(-2) === 'properties';
      if (['$schema', '$id', '$comment', 'definitions', 'const'].includes(key) && !isPropertyName) throw new Error(`${path}: not OpenAPI 3.0`);
      if (key === 'type' && !isPropertyName && (Array.isArray(node) || node === 'null')) throw new Error(`${path}: type ${JSON.stringify(node)} is not OpenAPI 3.0`);
      if (key === 'content' && isObject(node)) {
        for (const media of Object.values(node)) if (isObject(media)) expect('example' in media && 'examples' in media).toBe(false);
      }
    }
    for (const [kind, entries] of Object.entries(document.components)) {
      for (const name of Object.keys(entries)) expect(`${kind}/${name}`).toMatch(/^\w+\/[a-zA-Z0-9.\-_]+$/);
    }
  });

  it('documents the five signature headers and X-Request-Id on every hospital operation, and the answers every request can get', () => {
    for (const [path, method, op] of operations(document).filter(([path]) => path.startsWith('/api/v1/births'))) {
      const headers = (op.parameters ?? []).filter((p) => p.in === 'header');
      for (const name of SIGNATURE_HEADERS) expect(headers).toContainEqual(expect.objectContaining({ name, required: true }));
      expect(headers).toContainEqual(expect.objectContaining({ name: 'X-Request-Id', required: false }));
      expect(op.tags).toEqual(['births']);
      const statuses = Object.keys(op.responses);
      expect(statuses).toEqual(expect.arrayContaining(['401', '500', '503']));
      if (method === 'post') expect(statuses).toEqual(expect.arrayContaining(['202', '400', '413', '415', '429']));
      if (method === 'get') expect(statuses).toEqual(expect.arrayContaining(['200', '404']));
      if (path !== '/api/v1/births') expect(statuses).toContain('404');
      for (const response of Object.values(op.responses)) expect(Object.keys(response.headers ?? {})).toContain('X-Request-Id');
      for (const status of ['429', '503']) if (op.responses[status]) expect(Object.keys(op.responses[status].headers ?? {})).toContain('Retry-After');
    }
    const submit = document.paths['/api/v1/births']!['post']!;
    expect(Object.keys(submit.responses)).toEqual(expect.arrayContaining(['403', '409']));
    // The public calendar endpoint: unsigned, its query, its answers.
    const deadline = document.paths['/api/v1/calendar/deadline']!['get']!;
    expect(deadline.tags).toEqual(['calendar']);
    expect((deadline.parameters ?? []).map((p) => `${p.in}:${p.name}:${p.required}`)).toEqual(['query:start:true', 'query:workingDays:true']);
    expect(Object.keys(deadline.responses).sort()).toEqual(['200', '400', '429', '500']);
    for (const response of Object.values(deadline.responses)) expect(Object.keys(response.headers ?? {})).toContain('X-Request-Id');
    expect(Object.keys(deadline.responses['429']!.headers ?? {})).toContain('Retry-After');
    expect(Object.keys(submit.responses['202']!.headers ?? {})).toContain('Idempotent-Replay');
  });

  it('documents the console\'s sign-in and audit log: no signature headers, X-CSRF-Token on the change, the refusals of sessions and roles', () => {
    const consoleOperations = operations(document).filter(([path, , op]) => path.startsWith('/api/console/') && op.tags?.[0] === 'console-auth');
    expect(consoleOperations.map(([path, method]) => `${method} ${path}`).sort()).toEqual([
      'delete /api/console/session',
      'get /api/console/audit',
      'get /api/console/session',
      'post /api/console/session',
    ]);
    for (const [, method, op] of consoleOperations) {
      expect(op.tags).toEqual(['console-auth']);
      const headers = (op.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
      expect(headers).not.toContain('X-Signature');
      if (method === 'delete') expect(headers).toContain('X-CSRF-Token');
      for (const response of Object.values(op.responses)) expect(Object.keys(response.headers ?? {})).toContain('X-Request-Id');
    }
    const statuses = (path: string, method: string) => Object.keys(document.paths[path]![method]!.responses).sort();
    expect(statuses('/api/console/session', 'post')).toEqual(['200', '400', '401', '403', '423', '500']);
    expect(statuses('/api/console/session', 'get')).toEqual(['200', '401', '403']);
    expect(statuses('/api/console/session', 'delete')).toEqual(['204', '401', '403']);
    expect(statuses('/api/console/audit', 'get')).toEqual(['200', '400', '401', '403', '500']);
  });

  it('documents the console API: tagged console, X-CSRF-Token on every change, no signature headers, the refusals of roles', () => {
    const consoleApi = operations(document).filter(([path, , op]) => path.startsWith('/api/console/') && op.tags?.[0] !== 'console-auth');
    expect(consoleApi).toHaveLength(15);
    for (const [, method, op] of consoleApi) {
      expect(op.tags).toEqual(['console']);
      const headers = (op.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
      expect(headers.filter((h) => SIGNATURE_HEADERS.includes(h))).toEqual([]);
      if (method !== 'get') expect(headers).toContain('X-CSRF-Token');
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403']));
    }
  });

  it('shows docs/examples/birth-single.json as the request example, and the twins and the passport mother as named ones', () => {
    const media = document.paths['/api/v1/births']!['post']!.requestBody!.content['application/json']!;
    const examples = Object.fromEntries(Object.entries(media.examples ?? {}).map(([name, example]) => [name, deref(document, example)['value']]));
    expect(Object.keys(examples)[0]).toBe('birth-single');
    expect(examples['birth-single']).toEqual(readExample('birth-single.json'));
    for (const [name, { file }] of Object.entries(BIRTH_EXAMPLES)) expect(examples[name]).toEqual(readExample(file));
    expect(Object.keys(examples).sort()).toEqual([
      'birth-changchun-settlement',
      'birth-father-insured',
      'birth-passport-mother',
      'birth-second-child-shangyu',
      'birth-single',
      'birth-twins-1',
      'birth-twins-2',
    ]);
  });

  it('keeps every file of docs/examples under components.examples, named after it, and lists each by $ref in the birth request', () => {
    const files = readdirSync(join(DOCS, 'examples')).filter((f) => f.endsWith('.json'));
    const media = document.paths['/api/v1/births']!['post']!.requestBody!.content['application/json']!;
    for (const file of files) {
      const name = file.replace(/\.json$/, '');
      expect(document.components['examples']![name]!['value']).toEqual(readExample(file));
      expect(media.examples?.[name]).toEqual({ $ref: `#/components/examples/${name}` });
    }
    expect(Object.keys(media.examples ?? {}).sort()).toEqual(files.map((f) => f.replace(/\.json$/, '')).sort());
  });

  it('has the birth application schema of docs/schemas (one generator for both), as OpenAPI components', () => {
    const jsonSchema = JSON.parse(readFileSync(join(DOCS, 'schemas', 'birth.submitted.v1.schema.json'), 'utf8')) as JsonObject;
    const converted = jsonSchemaToComponents(jsonSchema, 'BirthSubmissionV1');
    for (const [name, schema] of Object.entries(converted)) expect(document.components['schemas']![name]).toEqual(schema);
    expect(converted['BirthSubmissionV1']!['required']).toEqual(jsonSchema['required']);
  });

  it('has request and answer examples that fit their schemas', () => {
    const ajv = new Ajv({ nullable: true, allErrors: true, validateSchema: false });
    ajv.addSchema(document as unknown as object, 'openapi');
    const check = (schema: JsonObject, value: unknown, where: string) => {
      const ref = typeof schema['$ref'] === 'string' ? `openapi${schema['$ref']}` : undefined;
      const validate = ref ? ajv.compile({ $ref: ref }) : ajv.compile(schema);
      if (!validate(value)) throw new Error(`${where}: ${ajv.errorsText(validate.errors)}`);
    };
    let checked = 0;
    for (const [path, method, op] of operations(document)) {
      const media = op.requestBody?.content['application/json'];
      for (const [name, example] of Object.entries(media?.examples ?? {})) {
        check(media!.schema, deref(document, example)['value'], `${method} ${path} request example ${name}`);
        checked++;
      }
      for (const [status, response] of Object.entries(op.responses)) {
        const content = response.content?.['application/json'];
        for (const [name, example] of Object.entries(content?.examples ?? {})) {
          check(content!.schema, deref(document, example)['value'], `${method} ${path} ${status} example ${name}`);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(30);
    // And the schema does refuse: an unknown field in the application.
    expect(() => check({ $ref: '#/components/schemas/BirthSubmissionV1' }, { ...(readExample('birth-single.json') as object), surprise: 1 }, 'unknown field')).toThrow(
      /additional properties/,
    );
  });
});
