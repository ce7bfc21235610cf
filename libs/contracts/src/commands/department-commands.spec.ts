import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { TEXT_MAX } from '../text';
import { decodeEnvelope, validatePayload } from '../validation';
import { Topics, TOPIC_REGISTRY, commandNamesOf } from '../topics';
import { RetryStepCommandV1, RevokeCommandV1 } from './department-commands.v1';

const topic = Topics.householdRegistrationCommandsV1;

function message(payload: unknown, type: string = topic.type): string {
  return JSON.stringify({
    id: randomUUID(),
    type,
    version: 1,
    occurredAt: '2026-12-01T08:00:00+08:00',
    caseId: randomUUID(),
    correlationId: randomUUID(),
    causationId: null,
    producer: 'case-saga',
    payload,
  });
}

describe('the command topics of the registry', () => {
  it('say they carry commands, one topic per department service, keyed by case id', () => {
    const commandTopics = TOPIC_REGISTRY.filter((t) => t.kind === 'commands');
    expect(commandTopics.map((t) => [t.name, t.type, t.key])).toEqual([
      ['birth-certificate.commands.v1', 'birth-certificate.command', 'caseId'],
      ['household-registration.commands.v1', 'household-registration.command', 'caseId'],
      ['medical-insurance.commands.v1', 'medical-insurance.command', 'caseId'],
      ['social-security-card.commands.v1', 'social-security-card.command', 'caseId'],
      ['maternity-allowance.commands.v1', 'maternity-allowance.command', 'caseId'],
    ]);
    const names = Object.fromEntries(commandTopics.map((t) => [t.name, t.kind === 'commands' ? commandNamesOf(t) : []]));
    expect(names).toEqual({
      'birth-certificate.commands.v1': ['retry-step', 'revoke'],
      'household-registration.commands.v1': ['retry-step', 'revoke', 'refer-to-office'],
      'medical-insurance.commands.v1': ['retry-step', 'revoke'],
      'social-security-card.commands.v1': ['retry-step', 'revoke', 'advance-card'],
      'maternity-allowance.commands.v1': ['retry-step', 'revoke', 'update-bank-account'],
    });
    expect(TOPIC_REGISTRY.filter((t) => t.kind === 'events').map((t) => t.name)).toContain('birth.registered.v1');
  });
});

describe('decodeEnvelope on a command topic', () => {
  it('validates the payload against the class of the command it names', () => {
    const retry = decodeEnvelope(topic, message({ command: 'retry-step', reasonCode: 'STEP_STUCK', note: 'no progress for 2 working days' }));
    expect(retry.ok && retry.value.payload).toBeInstanceOf(RetryStepCommandV1);
    const revoke = decodeEnvelope(topic, message({ command: 'revoke', reasonCode: 'BIRTH_VOIDED' }));
    expect(revoke.ok && revoke.value.payload).toBeInstanceOf(RevokeCommandV1);
  });

  it('refuses a command the topic does not list, naming it', () => {
    const result = decodeEnvelope(topic, message({ command: 'launch-rocket', reasonCode: 'STEP_STUCK' }));
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          field: 'payload.command',
          code: 'UNKNOWN_COMMAND',
          message: "'launch-rocket' is not a command of household-registration.commands.v1 (retry-step, revoke, refer-to-office)",
        },
      ],
    });
  });

  it('does not echo a command name that does not look like one', () => {
    const result = decodeEnvelope(topic, message({ command: '110101199001011234', reasonCode: 'STEP_STUCK' }));
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('110101199001011234');
  });

  it('refuses a message that names no command, or a payload that is not an object', () => {
    expect(decodeEnvelope(topic, message({ reasonCode: 'STEP_STUCK' }))).toMatchObject({ ok: false, errors: [{ field: 'payload.command', code: 'MISSING_COMMAND' }] });
    expect(decodeEnvelope(topic, message({ command: ['revoke'] }))).toMatchObject({ ok: false, errors: [{ field: 'payload.command', code: 'MISSING_COMMAND' }] });
    expect(decodeEnvelope(topic, message('revoke'))).toMatchObject({ ok: false });
  });

  it('refuses inherited names, checks the fields of the command and ignores unknown ones (a tolerant reader)', () => {
    expect(decodeEnvelope(topic, message({ command: 'toString', reasonCode: 'STEP_STUCK' }))).toMatchObject({
      ok: false,
      errors: [{ code: 'UNKNOWN_COMMAND' }],
    });
    const result = decodeEnvelope(topic, message({ command: 'revoke', reasonCode: 'voided', extra: true }));
    expect(result.ok === false && result.errors.map((e) => `${e.field}:${e.code}`)).toEqual(['payload.reasonCode:MATCHES']);
    const tolerated = decodeEnvelope(topic, message({ command: 'revoke', reasonCode: 'BIRTH_VOIDED', extra: true }));
    expect(tolerated.ok && tolerated.value.payload).toEqual(Object.assign(new RevokeCommandV1(), { command: 'revoke', reasonCode: 'BIRTH_VOIDED' }));
  });

  it('refuses unknown fields for the sender (validatePayload, as OutboxPublisher.sendCommand checks)', () => {
    const result = validatePayload(topic, { command: 'revoke', reasonCode: 'BIRTH_VOIDED', extra: true });
    expect(result.ok === false && result.errors.map((e) => `${e.field}:${e.code}`)).toEqual(['payload.extra:UNKNOWN_FIELD']);
  });

  it('bounds the free text of every command (TEXT_MAX.reason) and refuses control characters in it', () => {
    const long = decodeEnvelope(topic, message({ command: 'retry-step', reasonCode: 'STEP_STUCK', note: 'x'.repeat(TEXT_MAX.reason + 1) }));
    expect(long.ok === false && long.errors.map((e) => `${e.field}:${e.code}`)).toEqual(['payload.note:MAX_LENGTH']);
    const nul = decodeEnvelope(topic, message({ command: 'revoke', reasonCode: 'BIRTH_VOIDED', note: 'a\u0000b' }));
    expect(nul.ok === false && nul.errors.map((e) => `${e.field}:${e.code}`)).toEqual(['payload.note:CONTROL_CHARACTERS']);
    const code = decodeEnvelope(topic, message({ command: 'revoke', reasonCode: `A${'B'.repeat(TEXT_MAX.code)}` }));
    expect(code.ok).toBe(false);
  });

  it('refuses an event type on a command topic', () => {
    const result = decodeEnvelope(topic, message({ command: 'revoke', reasonCode: 'BIRTH_VOIDED' }, 'birth.registered'));
    expect(result).toMatchObject({ ok: false, errors: [{ field: 'type', code: 'TYPE_MISMATCH' }] });
  });
});
