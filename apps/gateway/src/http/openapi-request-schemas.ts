import type { SchemaObject, ReferenceObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { Topics } from '@birth/contracts';
import { classJsonSchema } from '../../../../tools/contracts/json-schema';
import { CORRECTABLE_FIELDS, NOT_CORRECTABLE_WITHIN } from '../intake/domain/correctable-fields';
import { CorrectionRequest, VoidRequest } from '../intake/intake.dto';

// The OpenAPI schemas of the hospitals' request bodies, generated from the classes that check
// them (libs/contracts' BirthSubmissionV1, intake.dto.ts) by the generator of docs/schemas
// (tools/contracts/json-schema.ts), then written OpenAPI 3.0's way. The correctable patch is
// derived from the application's schema and the correctable facts (domain/correctable-fields.ts).

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The generated draft-07 JSON Schema of a payload as OpenAPI 3.0 schema components: the root
 * under `rootName`, its definitions beside it, `$ref`s pointed at components, and null written
 * OpenAPI 3.0's way (`nullable`).
 */
export function jsonSchemaToComponents(schema: JsonObject, rootName: string): Record<string, SchemaObject> {
  const convert = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(convert);
    if (!isObject(node)) return node;
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$schema' || key === '$id' || key === '$comment' || key === 'definitions') continue;
      if (key === '$ref' && typeof value === 'string') out[key] = value === '#' ? `#/components/schemas/${rootName}` : value.replace(/^#\/definitions\//, '#/components/schemas/');
      else if (key === 'properties' && isObject(value)) out[key] = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, convert(property)]));
      else out[key] = convert(value);
    }
    if (Array.isArray(out['type']) && out['type'].includes('null')) {
      const types = out['type'].filter((t) => t !== 'null');
      if (types.length !== 1) throw new Error(`cannot express type ${JSON.stringify(out['type'])} in OpenAPI 3.0`);
      out['type'] = types[0]!;
      out['nullable'] = true;
    }
    const alternatives = out['anyOf'];
    if (Array.isArray(alternatives) && alternatives.some((a) => isObject(a) && a['type'] === 'null' && Object.keys(a).length === 1)) {
      const rest = alternatives.filter((a) => !(isObject(a) && a['type'] === 'null' && Object.keys(a).length === 1));
      delete out['anyOf'];
      if (rest.length !== 1 || !isObject(rest[0])) throw new Error('cannot express a nullable anyOf of several schemas in OpenAPI 3.0');
      const only = rest[0];
      return typeof only['$ref'] === 'string' ? { ...out, allOf: [only], nullable: true } : { ...out, ...only, nullable: true };
    }
    return out;
  };
  const components: Record<string, SchemaObject> = { [rootName]: convert(schema) as SchemaObject };
  const definitions = schema['definitions'];
  if (isObject(definitions)) for (const [name, definition] of Object.entries(definitions)) components[name] = convert(definition) as SchemaObject;
  return components;
}

/** The classes that check the request bodies, by component name: their schemas are generated from their decorators. */
export const REQUEST_BODY_CLASSES = { BirthSubmissionV1: Topics.birthSubmittedV1.payload, CorrectionRequest, VoidRequest } as const;

/**
 * The request bodies' schemas as OpenAPI components, generated from their classes (nested
 * classes beside them), and the correctable patch derived from the application's schema.
 */
export function requestBodySchemas(classes: Record<string, new () => object> = REQUEST_BODY_CLASSES): Record<string, SchemaObject> {
  const topic = Topics.birthSubmittedV1;
  const schemas: Record<string, SchemaObject> = {};
  for (const [name, cls] of Object.entries(classes)) {
    const header = cls === topic.payload ? { title: topic.name, description: topic.description } : {};
    for (const [component, schema] of Object.entries(jsonSchemaToComponents(classJsonSchema(cls, header) as JsonObject, name))) {
      const known = schemas[component];
      if (known && JSON.stringify(known) !== JSON.stringify(schema)) throw new Error(`two request schemas are named ${component}`);
      schemas[component] = schema;
    }
  }
  schemas['CorrectablePatch'] = correctablePatchSchema(schemas, 'BirthSubmissionV1', CORRECTABLE_FIELDS, NOT_CORRECTABLE_WITHIN);
  return schemas;
}

type FieldTree = { [name: string]: FieldTree | true };

/**
 * A JSON merge patch over the `fields` of the `root` schema: an object of those fields only, and
 * every object in it partial (a merge patch names only what changes). A field the schema does
 * not have is an error, so a renamed contract field cannot leave a stale correctable fact behind.
 */
export function correctablePatchSchema(
  schemas: Record<string, SchemaObject>,
  root: string,
  fields: readonly string[],
  excluded: readonly string[] = [],
): SchemaObject {
  const tree: FieldTree = {};
  for (const field of fields) {
    const parts = field.split('.');
    let node = tree;
    for (const part of parts.slice(0, -1)) node = (node[part] = node[part] === true || node[part] === undefined ? {} : node[part]) as FieldTree;
    node[parts.at(-1)!] = true;
  }
  const target = (schema: SchemaObject | ReferenceObject): SchemaObject => {
    const ref = '$ref' in schema ? schema.$ref : schema.allOf?.length === 1 && '$ref' in schema.allOf[0]! ? schema.allOf[0].$ref : undefined;
    if (ref === undefined) return schema as SchemaObject;
    const found = schemas[ref.replace('#/components/schemas/', '')];
    if (!found) throw new Error(`${ref} is not among the request schemas`);
    return found;
  };
  // A correctable part keeps every property but those excluded within it (`father` without `father.bankAccount`).
  const partial = (property: SchemaObject | ReferenceObject, path: string): SchemaObject | ReferenceObject => {
    const object = target(property);
    if (!object.properties) return property;
    const properties = Object.fromEntries(Object.entries(object.properties).filter(([name]) => !excluded.includes(`${path}${name}`)));
    return { type: 'object', additionalProperties: false, properties, ...((property as SchemaObject).nullable ? { nullable: true } : {}) };
  };
  const build = (node: FieldTree, owner: SchemaObject, path: string): SchemaObject => {
    const properties: Record<string, SchemaObject | ReferenceObject> = {};
    for (const [name, child] of Object.entries(node)) {
      const property = owner.properties?.[name];
      if (!property) throw new Error(`the correctable fact ${path}${name} is not a field of ${root}`);
      properties[name] = child === true ? partial(property, `${path}${name}.`) : build(child, target(property), `${path}${name}.`);
    }
    return { type: 'object', additionalProperties: false, properties };
  };
  return {
    ...build(tree, schemas[root]!, ''),
    description:
      'A JSON merge patch (RFC 7396) over the application: only these facts may change (anything else is FIELD_NOT_CORRECTABLE), and only the fields named change; `null` removes an optional value. The corrected application is checked by every rule again. A wrong identity, delivery or hospital fact means voiding the birth and registering it again.',
    minProperties: 1,
  };
}
