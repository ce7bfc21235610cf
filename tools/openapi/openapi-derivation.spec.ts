import { readFileSync } from 'node:fs';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { NewbornV1 } from '@birth/contracts';
import { OPENAPI_FILE } from '../../apps/gateway/src/http/openapi';
import { CORRECTABLE_FIELDS } from '../../apps/gateway/src/intake/domain/correctable-fields';
import { VoidRequest } from '../../apps/gateway/src/intake/intake.dto';
import { exportOpenApi } from './export-openapi';

// The request schemas of docs/openapi.json are generated from the classes that check the
// requests: a field added to a DTO or a contract class, with its decorators, is in the document
// (and docs/openapi.json is then stale until `npm run openapi`). This suite adds such fields the
// way a developer would, decorators on the class, in its own module registry (jest isolates the
// metadata of each test file), and reads the document the gateway would serve.

type Schema = { type?: string; properties?: Record<string, Schema>; required?: string[]; [key: string]: unknown };
type Document = { components: { schemas: Record<string, Schema> } };

describe('OpenAPI request schemas derive from the request classes', () => {
  let before: Document;
  let after: Document;
  let afterText: string;

  beforeAll(async () => {
    before = JSON.parse(await exportOpenApi()) as Document;
    // A new optional DTO field…
    JSONSchema({ description: 'Who asked for the voiding.' })(VoidRequest.prototype, 'requestedBy');
    IsOptional()(VoidRequest.prototype, 'requestedBy');
    IsString()(VoidRequest.prototype, 'requestedBy');
    MaxLength(64)(VoidRequest.prototype, 'requestedBy');
    // …and a new required field of a contract class nested in the application.
    IsString()(NewbornV1.prototype, 'apgarScore');
    MaxLength(8)(NewbornV1.prototype, 'apgarScore');
    afterText = await exportOpenApi();
    after = JSON.parse(afterText) as Document;
  });

  it('shows a new DTO field with its constraints and description, optional as declared', () => {
    expect(before.components.schemas['VoidRequest']!.properties!['requestedBy']).toBeUndefined();
    expect(after.components.schemas['VoidRequest']!.properties!['requestedBy']).toEqual({
      type: 'string',
      maxLength: 64,
      nullable: true,
      description: 'Who asked for the voiding.',
    });
    expect(after.components.schemas['VoidRequest']!.required).toEqual(['reason']);
  });

  it('shows a new field of a contract class, required as declared', () => {
    expect(before.components.schemas['NewbornV1']!.properties!['apgarScore']).toBeUndefined();
    expect(after.components.schemas['NewbornV1']!.properties!['apgarScore']).toEqual({ type: 'string', maxLength: 8 });
    expect(after.components.schemas['NewbornV1']!.required).toContain('apgarScore');
  });

  it('makes the committed docs/openapi.json stale, so the currency check asks for `npm run openapi`', () => {
    expect(afterText).not.toBe(readFileSync(OPENAPI_FILE, 'utf8'));
  });

  it('derives the correctable patch from the application and the correctable facts: exactly those, every object partial', () => {
    const patch = before.components.schemas['CorrectablePatch']!;
    const leaves = (schema: Schema, prefix: string): string[] =>
      Object.entries(schema.properties ?? {}).flatMap(([name, child]) =>
        (CORRECTABLE_FIELDS as readonly string[]).includes(`${prefix}${name}`) ? [`${prefix}${name}`] : leaves(child, `${prefix}${name}.`),
      );
    expect(leaves(patch, '').sort()).toEqual([...CORRECTABLE_FIELDS].sort());
    expect(patch.additionalProperties).toBe(false);
    const gestation = patch.properties!['newborn']!.properties!['gestation']!;
    expect(gestation.required).toBeUndefined();
    expect(Object.keys(gestation.properties!)).toEqual(Object.keys(before.components.schemas['GestationV1']!.properties!));
    expect(patch.properties!['father']!.nullable).toBe(true);
    // The father is correctable, his account is not (a clerk corrects it through the allowance service).
    const father = patch.properties!['father']!;
    expect(Object.keys(father.properties!)).not.toContain('bankAccount');
    expect(Object.keys(father.properties!)).toContain('maternityInsurance');
  });
});
