import { randomBytes } from 'node:crypto';
import { DEMO_SECRETS_KEK, loadConfig } from '@birth/platform';
import { GatewayConfig } from '../config';

// The variable's rules (demo default, required in production, exactly 32 bytes) are WithSecretsKek's
// and tested with it in libs/platform/src/crypto/secrets-kek.config.spec.ts; here, that the gateway has them.
describe('SECRETS_KEK (GatewayConfig)', () => {
  it('is the gateway’s key-encryption key, from WithSecretsKek', () => {
    expect(loadConfig(GatewayConfig, {}).SECRETS_KEK).toBe(DEMO_SECRETS_KEK);
    const own = randomBytes(32).toString('base64');
    expect(loadConfig(GatewayConfig, { SECRETS_KEK: own }).SECRETS_KEK).toBe(own);
    expect(() => loadConfig(GatewayConfig, { SECRETS_KEK: randomBytes(31).toString('base64') })).toThrow(/SECRETS_KEK is invalid: .*32 bytes/);
  });
});
