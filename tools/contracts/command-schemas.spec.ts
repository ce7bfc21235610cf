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

/** A valid payload of each command (what decodeEnvelope accepts: department-commands.spec.ts). */
function sampleCommand(command: string): Record<string, unknown> {
  const common = { command, reasonCode: 'STEP_STUCK', note: null };
  if (command === 'advance-card') return { ...common, cardState: 'ready' };
  if (command === 'refer-to-office') return { ...common, countyCode: '210202', referredBy: 'wang.li' };
  if (command === 'update-bank-account') {
    const bankAccount = { alg: 'hpke-x25519-sha256-aes256gcm', kid: 'k-20261201-3fa2c1', enc: 'A'.repeat(43), ct: 'B'.repeat(40) };
    return { ...common, beneficiary: 'mother', bankAccount, recordedBy: 'clerk-17' };
  }
  return common;
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
      expect({ command, valid: validate(sampleCommand(command)) }).toEqual({ command, valid: true });
    }
    expect(validate({ command: 'launch-rocket', reasonCode: 'STEP_STUCK' })).toBe(false);
    expect(validate({ reasonCode: 'STEP_STUCK' })).toBe(false);
    expect(validate({ command: 'revoke', reasonCode: 'STEP_STUCK', extra: 1 })).toBe(false);
    expect(validate({ command: 'revoke', reasonCode: 'not a code' })).toBe(false);
  });

  it('refuses an advance-card without a card state and an update-bank-account with a clear account', () => {
    const card = validatorOf(Topics.socialSecurityCardCommandsV1);
    expect(card({ ...sampleCommand('advance-card'), cardState: 'lost' })).toBe(false);
    const allowance = validatorOf(Topics.maternityAllowanceCommandsV1);
    const clear = { bankName: '中国银行', accountNumber: '6217000000000000000', accountName: '王丽' };
    expect(allowance({ ...sampleCommand('update-bank-account'), bankAccount: clear })).toBe(false);
  });

  it('names the discriminator in the comment', () => {
    const schema = generated.find((s) => s.fileName === schemaFileOf(Topics.birthCertificateCommandsV1.name))!.schema;
    expect(schema['$comment']).toContain('named by its "command" field');
  });
});
