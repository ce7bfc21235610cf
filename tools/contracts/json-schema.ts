// JSON Schemas of the wire contracts, for producers not written in TypeScript (a hospital's
// HIS sending to birth.submitted.v1, say). libs/contracts stays the source of truth: the
// schemas are generated from its class-validator classes by class-validator-jsonschema, then
// fixed up where that library's output would not say what our decoder (decodeEnvelope) does:
// - a schema says what a producer must send, so unknown fields are refused (as validatePayload
//   refuses them for a producer): every class gets `additionalProperties: false`; readers of every
//   topic but the ingress topic are tolerant and ignore them (the registry's `unknownFields`),
//   which the `$comment` says;
// - @IsOptional() lets null through as well as an absent field: optional properties accept null;
// - @IsISO8601() comes out as `oneOf: [date, date-time]`, which a validator that treats `format`
//   as an annotation (the default since 2019-09) can never satisfy (both branches match); next
//   to our offset pattern the pattern alone says what is accepted (RFC 3339's date-time would
//   also refuse `2025-03-07T08:15+08:00`, which we accept), elsewhere it becomes `anyOf`;
// - draft-07 ignores the siblings of `$ref`: such a schema is wrapped in `allOf` (the `type: object`
//   of @IsObject() beside @ValidateNested() is dropped: the referenced class says it);
// - our text constraints (no control characters, no unpaired surrogates) become one `pattern`.
// Output is deterministic: keywords in a fixed order, definitions sorted by name, properties
// in declaration order.
import 'reflect-metadata';
import {
  CLEAN_TEXT_PATTERN,
  CONTROL_CHARACTERS_CONSTRAINT,
  EventEnvelope,
  TOPIC_REGISTRY,
  UNPAIRED_SURROGATE_CONSTRAINT,
  unknownFieldsOf,
  type TopicDefinition,
} from '@birth/contracts';
import type { MetadataStorage as ClassTransformerMetadataStorage } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage, IS_OPTIONAL, ValidationTypes } from 'class-validator';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
// @ts-expect-error -- class-transformer 0.5.1 ships no declaration beside cjs/storage.js; types/storage.d.ts describes it
import { defaultMetadataStorage as untypedTransformerStorage } from 'class-transformer/cjs/storage';

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export interface GeneratedSchema {
  /** File name under docs/schemas/. */
  fileName: string;
  schema: JsonObject;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- class-validator and class-transformer key their metadata by Function
type Class = Function;

export const SCHEMA_DIALECT = 'http://json-schema.org/draft-07/schema#';
/** An identifier, not a location: nothing is served there. */
export const SCHEMA_BASE_URI = 'https://birth-one-thing.example/schemas/';
export const ENVELOPE_SCHEMA_FILE = 'envelope.schema.json';
const DEFINITIONS = '#/definitions/';
const GENERATED_BY = 'Generated from libs/contracts by tools/contracts/generate-json-schemas.ts: do not edit by hand.';

const transformerStorage: ClassTransformerMetadataStorage = untypedTransformerStorage;
/**
 * Our own constraints (libs/contracts text.ts): both come out as one pattern of clean text (no
 * control character, every surrogate paired); without a converter the library would emit a
 * `$ref` to the property's design type.
 */
const additionalConverters = {
  [CONTROL_CHARACTERS_CONSTRAINT]: { pattern: CLEAN_TEXT_PATTERN },
  [UNPAIRED_SURROGATE_CONSTRAINT]: { pattern: CLEAN_TEXT_PATTERN },
};
const converterOptions = { classTransformerMetadataStorage: transformerStorage, refPointerPrefix: DEFINITIONS, additionalConverters };

export function schemaFileOf(topicName: string): string {
  return `${topicName}.schema.json`;
}

/** One schema per registry topic (its payload class as the root) and one for the envelope. */
export function generateJsonSchemas(topics: readonly TopicDefinition[] = TOPIC_REGISTRY): GeneratedSchema[] {
  const out = topics.map((topic) => {
    const header = {
      $id: `${SCHEMA_BASE_URI}${schemaFileOf(topic.name)}`,
      title: topic.name,
      description: topic.description,
      $comment:
        `The payload of ${topic.name}: envelope type "${topic.type}", version ${topic.version}, Kafka key ${topic.key}. ` +
        (topic.kind === 'commands' ? 'One of the commands below, named by its "command" field. ' : '') +
        (topic.kind === 'events' && topic.item ? `Every message's item.item is "${topic.item}". ` : '') +
        (topic.cleanupPolicy === 'compact' ? 'Compacted: the latest message per key is kept. ' : '') +
        (unknownFieldsOf(topic) === 'refuse'
          ? 'Its reader refuses unknown fields. '
          : 'Producers send only the fields below; its readers ignore fields they do not know (tolerant readers). ') +
        `The envelope is ${ENVELOPE_SCHEMA_FILE}. ${GENERATED_BY}`,
    };
    const schema = topic.kind === 'commands' ? commandsDocumentSchema(topic.commands, header) : documentSchema(topic.payload, header);
    return { fileName: schemaFileOf(topic.name), schema };
  });
  const envelope = documentSchema(EventEnvelope, {
    $id: `${SCHEMA_BASE_URI}${ENVELOPE_SCHEMA_FILE}`,
    title: 'EventEnvelope',
    description:
      'The envelope every message on Kafka travels in. Its type and version must be those of the topic, ' +
      'its payload must follow the schema of the topic (<topic>.schema.json); traceparent travels in the Kafka headers.',
    $comment: GENERATED_BY,
  });
  const payload = (envelope['properties'] as JsonObject)['payload'] as JsonObject;
  payload['description'] = "Validated against the schema of the message's topic.";
  out.push({ fileName: ENVELOPE_SCHEMA_FILE, schema: canonical(envelope) as JsonObject });
  const names = out.map((s) => s.fileName);
  if (new Set(names).size !== names.length) throw new Error(`two schemas share a file name: ${names.join(', ')}`);
  return out;
}

/**
 * The JSON Schema of any class-validator class (the nested classes under `definitions`), made
 * as the topics' schemas are: the gateway's OpenAPI document describes its request bodies with it.
 */
export function classJsonSchema(cls: Class, header: Partial<SchemaHeader> = {}): JsonObject {
  return documentSchema(cls, header);
}

/** The text written to disk: 2-space JSON with a trailing newline. */
export function serializeSchema(schema: JsonObject): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

interface SchemaHeader {
  $id: string;
  title: string;
  description: string;
  $comment: string;
}

function documentSchema(root: Class, header: Partial<SchemaHeader>): JsonObject {
  const classes = reachableClasses(root);
  const definitions: JsonObject = {};
  for (const [name, cls] of [...classes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (cls !== root) definitions[name] = classSchema(cls);
  }
  const document: JsonObject = { $schema: SCHEMA_DIALECT, ...header, ...classSchema(root) };
  if (Object.keys(definitions).length) document['definitions'] = definitions;
  // A class that refers back to the root refers to the document itself.
  return canonical(rewriteRefs(document, `${DEFINITIONS}${root.name}`, '#')) as JsonObject;
}

/** A command topic's payload: one of its commands' classes (under `definitions`), told apart by their `command` field. */
function commandsDocumentSchema(commands: Readonly<Record<string, Class>>, header: Partial<SchemaHeader>): JsonObject {
  const classes = new Map<string, Class>();
  for (const cls of Object.values(commands)) reachableClasses(cls, classes);
  const definitions: JsonObject = {};
  for (const [name, cls] of [...classes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) definitions[name] = classSchema(cls);
  const oneOf = Object.values(commands).map((cls) => ({ $ref: `${DEFINITIONS}${cls.name}` }));
  return canonical({ $schema: SCHEMA_DIALECT, ...header, oneOf, definitions }) as JsonObject;
}

/** The root and every class it nests (@ValidateNested), by name; two classes of one name are refused. */
function reachableClasses(root: Class, found = new Map<string, Class>()): Map<string, Class> {
  const queue = [root];
  while (queue.length) {
    const cls = queue.shift()!;
    const known = found.get(cls.name);
    if (known === cls) continue;
    if (known) throw new Error(`two contract classes are named ${cls.name}: a schema could not tell them apart`);
    found.set(cls.name, cls);
    queue.push(...nestedClassesOf(cls));
  }
  return found;
}

function validationMetadatasOf(cls: Class) {
  return getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
}

function nestedClassesOf(cls: Class): Class[] {
  return validationMetadatasOf(cls)
    .filter((m) => m.type === ValidationTypes.NESTED_VALIDATION)
    .map((m) => {
      const typeMetadata = transformerStorage.findTypeMetadata(cls, m.propertyName) as ReturnType<typeof transformerStorage.findTypeMetadata> | undefined;
      const nested: unknown = typeMetadata ? typeMetadata.typeFunction() : Reflect.getMetadata('design:type', cls.prototype, m.propertyName);
      if (typeof nested !== 'function' || nested === Object || nested === Array || !validationMetadatasOf(nested).length) {
        throw new Error(`${cls.name}.${m.propertyName}: @ValidateNested() needs @Type(() => SomeContractClass)`);
      }
      return nested;
    });
}

/** Properties that may be absent (and, being @IsOptional(), null). */
function optionalPropertiesOf(cls: Class): Set<string> {
  const optional = new Set<string>();
  for (const m of validationMetadatasOf(cls)) {
    if (m.type !== ValidationTypes.CONDITIONAL_VALIDATION) continue;
    if (m.name !== IS_OPTIONAL) throw new Error(`${cls.name}.${m.propertyName}: @ValidateIf() cannot be expressed in the JSON Schema`);
    optional.add(m.propertyName);
  }
  return optional;
}

function classSchema(cls: Class): JsonObject {
  const schema = JSON.parse(JSON.stringify(targetConstructorToSchema(cls, converterOptions))) as JsonObject;
  const properties = (schema['properties'] ?? {}) as JsonObject;
  const optional = optionalPropertiesOf(cls);
  const required = Object.keys(properties).filter((name) => !optional.has(name));
  const emitted = (schema['required'] ?? []) as string[];
  if (emitted.join() !== required.join()) {
    throw new Error(`${cls.name}: class-validator-jsonschema requires [${emitted.join(', ')}], the decoder [${required.join(', ')}]`);
  }
  for (const name of Object.keys(properties)) {
    const property = fixNode(properties[name] as JsonObject);
    properties[name] = optional.has(name) ? nullable(property) : property;
  }
  const out: JsonObject = { type: 'object', properties, additionalProperties: false };
  if (required.length) out['required'] = required;
  return out;
}

/** Fixes one property schema (and the schemas inside it) where draft-07 would read it otherwise. */
function fixNode(node: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = isObject(value) ? fixNode(value) : Array.isArray(value) ? value.map((v) => (isObject(v) ? fixNode(v) : v)) : value;
  }
  const isoFormats = dateFormatAlternatives(out['oneOf']);
  if (isoFormats) {
    delete out['oneOf'];
    if (typeof out['pattern'] !== 'string') out['anyOf'] = isoFormats;
  }
  // @IsObject() beside @ValidateNested() says "an object", which the $ref to a class says already.
  if (typeof out['$ref'] === 'string' && out['type'] === 'object') delete out['type'];
  // @IsDefined() says "not null", which a $ref to a class or a non-null type says already.
  if (isObject(out['not']) && Object.keys(out['not']).length === 1 && out['not']['type'] === 'null' && (out['$ref'] || typeof out['type'] === 'string')) {
    delete out['not'];
  }
  return wrapRef(out);
}

/** `oneOf: [{format: date}, {format: date-time}]` as @IsISO8601() emits it, or undefined. */
function dateFormatAlternatives(value: Json | undefined): JsonObject[] | undefined {
  if (!Array.isArray(value) || !value.length) return undefined;
  const formats = value.map((v) => (isObject(v) && Object.keys(v).every((k) => k === 'format' || k === 'type') ? v['format'] : undefined));
  return formats.every((f) => f === 'date' || f === 'date-time') ? (value as JsonObject[]) : undefined;
}

/** Draft-07 ignores every keyword beside `$ref`: keep them by moving the reference into allOf. */
function wrapRef(node: JsonObject): JsonObject {
  if (typeof node['$ref'] !== 'string' || Object.keys(node).length === 1) return node;
  const { $ref, ...rest } = node;
  return { ...rest, allOf: [{ $ref }, ...((rest['allOf'] as Json[] | undefined) ?? [])] };
}

function nullable(node: JsonObject): JsonObject {
  if (typeof node['$ref'] === 'string' && Object.keys(node).length === 1) return { anyOf: [node, { type: 'null' }] };
  if (typeof node['type'] === 'string') {
    const out: JsonObject = { ...node, type: [node['type'], 'null'] };
    if (Array.isArray(node['enum'])) out['enum'] = [...node['enum'], null];
    return out;
  }
  if (node['type'] === undefined && !node['enum'] && !node['allOf'] && !node['anyOf'] && !node['oneOf']) return node;
  return { anyOf: [node, { type: 'null' }] };
}

function rewriteRefs(node: Json, from: string, to: string): Json {
  if (Array.isArray(node)) return node.map((v) => rewriteRefs(v, from, to));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) out[key] = key === '$ref' && value === from ? to : rewriteRefs(value, from, to);
  return out;
}

/** Keywords first in this order, then any other key alphabetically; `properties` keep declaration order. */
const KEYWORD_ORDER = [
  '$schema',
  '$id',
  '$ref',
  'title',
  'description',
  '$comment',
  'type',
  'const',
  'enum',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
  'properties',
  'additionalProperties',
  'required',
  'not',
  'allOf',
  'anyOf',
  'oneOf',
  'definitions',
];

function canonical(node: Json, parentKey?: string): Json {
  if (Array.isArray(node)) return node.map((v) => canonical(v));
  if (!isObject(node)) return node;
  const keys = Object.keys(node);
  if (parentKey !== 'properties') {
    const rank = (k: string) => {
      const i = KEYWORD_ORDER.indexOf(k);
      return i === -1 ? KEYWORD_ORDER.length : i;
    };
    keys.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  }
  const out: JsonObject = {};
  for (const key of keys) out[key] = canonical(node[key]!, key);
  return out;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
