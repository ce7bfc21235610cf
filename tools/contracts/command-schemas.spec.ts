import { TOPIC_REGISTRY, Topics, type CommandTopicDefinition } from '@birth/contracts';
// ajv comes with eslint (not a direct dependency of this repo); draft-07 is its default dialect.
import Ajv from 'ajv';
import { generateJsonSchemas, schemaFileOf } from './json-schema';

const generated = generateJsonSchemas();
const commandTopics = TOPIC_REGISTRY.filter((t): t is CommandTopicDefinition => t.kind === 'commands');

function validatorOf(topic: CommandTopicDefinition) {
  const found = generated.find((s) => s.fileName === schemaFileOf(topic.name));
  if (!found) throw new Error(`no schema for ${topic.name}`);
  return new Ajv({ allErrors: true }).compile(found.schema);
}

describe('JSON Schemas of the command topics', () => {
  it('exist for the five department services', () => {
    expect(commandTopics.map((t) => t.name).sort()).toEqual([
      'birth-certificate.commands.v1',
      'household-registration.commands.v1',
      'maternity-allowance.commands.v1',
      'medical-insurance.commands.v1',
      'social-security-card.commands.v1',
    ]);
  });

  it.each(commandTopics.map((t) => [t.name, t] as const))('%s accepts each of its commands and nothing else', (_, topic) => {
    const validate = validatorOf(topic);
    for (const command of Object.keys(topic.commands)) {
      expect(validate({ command, reasonCode: 'STEP_STUCK', note: null })).toBe(true);
    }
    expect(validate({ command: 'launch-rocket', reasonCode: 'STEP_STUCK' })).toBe(false);
    expect(validate({ reasonCode: 'STEP_STUCK' })).toBe(false);
    expect(validate({ command: 'revoke', reasonCode: 'STEP_STUCK', extra: 1 })).toBe(false);
    expect(validate({ command: 'revoke', reasonCode: 'not a code' })).toBe(false);
  });

  it('names the discriminator in the comment', () => {
    const schema = generated.find((s) => s.fileName === schemaFileOf(Topics.birthCertificateCommandsV1.name))!.schema;
    expect(schema['$comment']).toContain('named by its "command" field');
  });
});
