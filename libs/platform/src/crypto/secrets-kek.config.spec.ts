import { randomBytes } from 'node:crypto';
import { IsInt } from 'class-validator';
import { Default, loadConfig } from '../config/config-loader';
import { keyFromBase64 } from './secret-box';
import { DEMO_SECRETS_KEK, WithSecretsKek } from './secrets-kek.config';

/** Any service's configuration: its own variables plus SECRETS_KEK from the mixin. */
class SomeServiceConfig {
  @Default(8085)
  @IsInt()
  PORT!: number;
}
class WithKek extends WithSecretsKek(SomeServiceConfig) {}

describe('WithSecretsKek (a service protects its personal data with its own key)', () => {
  it('adds SECRETS_KEK beside the service’s own variables, with a demo default that says what it is', () => {
    const config = loadConfig(WithKek, {});
    expect(config.PORT).toBe(8085);
    expect(config.SECRETS_KEK).toBe(DEMO_SECRETS_KEK);
    expect(keyFromBase64(config.SECRETS_KEK).toString('utf8')).toBe('DEMO-ONLY-KEY-NEVER-USE-IN-PROD!');
  });

  it('is required in production, and checked at boot', () => {
    expect(() => loadConfig(WithKek, { NODE_ENV: 'production' })).toThrow(/^invalid configuration:\n {2}- SECRETS_KEK is required in production[^\n]*$/);
    const own = randomBytes(32).toString('base64');
    expect(loadConfig(WithKek, { NODE_ENV: 'production', SECRETS_KEK: own }).SECRETS_KEK).toBe(own);
    for (const bad of [randomBytes(31).toString('base64'), randomBytes(32).toString('hex'), randomBytes(32).toString('base64url')]) {
      expect(() => loadConfig(WithKek, { NODE_ENV: 'production', SECRETS_KEK: bad })).toThrow(/^invalid configuration:\n {2}- SECRETS_KEK is invalid: [^\n]*32 bytes[^\n]*$/);
    }
  });

  it('accepts exactly what keyFromBase64 accepts', () => {
    for (let i = 0; i < 50; i++) {
      const value = randomBytes(32).toString('base64');
      expect(loadConfig(WithKek, { SECRETS_KEK: value }).SECRETS_KEK).toBe(value);
      expect(keyFromBase64(value)).toHaveLength(32);
    }
  });
});
