import { Matches } from 'class-validator';
import { DemoDefault } from '../config/config-loader';

/** A configuration class (the mixins below extend it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript's mixin pattern requires any[] here.
export type ConfigClass<T = object> = new (...args: any[]) => T;

/**
 * The demo key-encryption key: decodes to "DEMO-ONLY-KEY-NEVER-USE-IN-PROD!". DEMO ONLY, refused
 * as a default in production. The gateway's stored rows of the demo were sealed under it.
 */
export const DEMO_SECRETS_KEK = 'REVNTy1PTkxZLUtFWS1ORVZFUi1VU0UtSU4tUFJPRCE=';

/**
 * Adds `SECRETS_KEK` to a service's configuration: the key that protects this service's personal
 * data at rest (SecretBox: AES-256-GCM sealing, HKDF subkeys, blind indexes). Each service has
 * its own value; a service never holds another's. Standard base64 of exactly 32 random bytes
 * (`openssl rand -base64 32`), checked at boot; required in production.
 *
 *     export class GatewayConfig extends WithSecretsKek(ServiceConfig) { ... }
 *
 * Losing the key makes every value sealed under it unreadable; changing it needs every sealed
 * value re-sealed (docs/operations.md, "Keys").
 */
export function WithSecretsKek<TBase extends ConfigClass>(Base: TBase) {
  class SecretsKekConfig extends Base {
    @DemoDefault(DEMO_SECRETS_KEK)
    // The last character before '=' carries 2 bits of the 32nd byte, so only these 16 are canonical.
    @Matches(/^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/, { message: 'SECRETS_KEK must be the base64 of exactly 32 bytes (openssl rand -base64 32)' })
    SECRETS_KEK!: string;
  }
  return SecretsKekConfig;
}
