import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { maskPersonalData } from '../personal-data';
import { Topics } from '../topics';
import { decodeEnvelope } from '../validation';
import { AdvanceCardCommandV1, UpdateBankAccountCommandV1 } from './service-commands.v1';

const SEALED = { alg: 'hpke-x25519-sha256-aes256gcm', kid: 'k-20261201-3fa2c1', enc: `${'Q'.repeat(42)}A`, ct: 'c2VhbGVkLWJhbmstYWNjb3VudC1ieXRlcw' };

function message(topic: { type: string }, payload: unknown): string {
  return JSON.stringify({
    id: randomUUID(),
    type: topic.type,
    version: 1,
    occurredAt: '2026-12-01T08:00:00+08:00',
    caseId: randomUUID(),
    correlationId: randomUUID(),
    causationId: null,
    producer: 'gateway',
    payload,
  });
}

function errorsOf(topic: Parameters<typeof decodeEnvelope>[0], payload: unknown): string[] {
  const result = decodeEnvelope(topic, message(topic, payload));
  return result.ok ? [] : result.errors.map((e) => `${e.field}:${e.code}`);
}

describe('advance-card (social-security-card.commands.v1)', () => {
  const topic = Topics.socialSecurityCardCommandsV1;
  const good = { command: 'advance-card', cardState: 'in_production', reasonCode: 'CARD_PRODUCTION', note: null };

  it('accepts the next card state', () => {
    const result = decodeEnvelope(topic, message(topic, good));
    expect(result.ok && result.value.payload).toBeInstanceOf(AdvanceCardCommandV1);
  });

  it('refuses a state the physical card does not have, naming the field', () => {
    expect(errorsOf(topic, { ...good, cardState: 'applied' })).toEqual(['payload.cardState:IS_IN']);
    expect(errorsOf(topic, { ...good, cardState: undefined })).toEqual(['payload.cardState:IS_IN']);
  });

  it('is not a command of another department', () => {
    expect(errorsOf(Topics.birthCertificateCommandsV1, good)).toEqual(['payload.command:UNKNOWN_COMMAND']);
  });
});

describe('update-bank-account (maternity-allowance.commands.v1)', () => {
  const topic = Topics.maternityAllowanceCommandsV1;
  const good = { command: 'update-bank-account', beneficiary: 'mother', bankAccount: SEALED, recordedBy: 'clerk-17', reasonCode: 'ACCOUNT_REJECTED', note: '银行退回：账户已销户' };

  it('accepts a sealed account', () => {
    const result = decodeEnvelope(topic, message(topic, good));
    expect(result.ok && result.value.payload).toBeInstanceOf(UpdateBankAccountCommandV1);
  });

  it('refuses an account in clear or without one, naming the field', () => {
    const clear = { bankName: '中国银行大连分行', accountNumber: '6217000000000000000', accountName: '王丽' };
    const errors = errorsOf(topic, { ...good, bankAccount: clear });
    expect(errors).toContain('payload.bankAccount.alg:EQUALS');
    expect(errors.every((e) => e.startsWith('payload.bankAccount.'))).toBe(true);
    expect(errorsOf(topic, { ...good, bankAccount: null })).toContain('payload.bankAccount:INVALID');
    expect(errorsOf(topic, { ...good, beneficiary: 'grandmother' })).toEqual(['payload.beneficiary:IS_IN']);
  });

  it('shows only that a sealed account exists when masked', () => {
    expect(JSON.stringify(maskPersonalData(good))).not.toContain(SEALED.ct);
    expect(maskPersonalData(good).bankAccount).toBe('[sealed:k-20261201-3fa2c1]');
  });
});
