import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '@birth/platform';
import { GatewayConfig } from '../config';
import { keyFromBase64 } from './secret-box';

const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://gateway@db:5432/birth', KAFKA_BROKERS: 'kafka:9092' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(GatewayConfig, env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('SECRETS_KEK (GatewayConfig)', () => {
  it('has a demo default outside production, which says what it is', () => {
    const config = loadConfig(GatewayConfig, {});
    expect(keyFromBase64(config.SECRETS_KEK).toString('utf8')).toBe('DEMO-ONLY-KEY-NEVER-USE-IN-PROD!');
  });

  it('is required in production', () => {
    expect(problemsOf(production)).toEqual([expect.stringMatching(/^SECRETS_KEK is required in production/)]);
    expect(problemsOf({ ...production, SECRETS_KEK: randomBytes(32).toString('base64') })).toEqual([]);
  });

  it.each([
    ['31 bytes', randomBytes(31).toString('base64')],
    ['33 bytes', randomBytes(33).toString('base64')],
    ['base64url', 'REVNTy1PTkxZLUtFWS1ORVZFUi1VU0UtSU4tUFJPRCE'],
    ['hex', randomBytes(32).toString('hex')],
    ['non-canonical padding bits', 'REVNTy1PTkxZLUtFWS1ORVZFUi1VU0UtSU4tUFJPRCF='],
  ])('refuses a key that is not the base64 of exactly 32 bytes (%s)', (_, value) => {
    expect(problemsOf({ ...production, SECRETS_KEK: value })).toEqual([expect.stringMatching(/^SECRETS_KEK is invalid: .*32 bytes/)]);
  });

  it('accepts exactly what keyFromBase64 accepts', () => {
    for (let i = 0; i < 50; i++) {
      const value = randomBytes(32).toString('base64');
      expect(loadConfig(GatewayConfig, { ...production, SECRETS_KEK: value }).SECRETS_KEK).toBe(value);
      expect(keyFromBase64(value)).toHaveLength(32);
    }
  });
});
