import { ValidateBy } from 'class-validator';
import { DemoDefault } from '../config/config-loader';
import type { ConfigClass } from './secrets-kek.config';
import { localAllowanceSealingKeysDir, sealingKeysProblem } from './sealing-key-files';

/** The directory holds a usable keyring of that side (sealingKeysProblem); checked at boot, with the problem in the message. */
function IsSealingKeysDir(side: 'public' | 'private'): PropertyDecorator {
  return ValidateBy({
    name: 'isSealingKeysDir',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && value !== '' && sealingKeysProblem(value, side) === undefined,
      defaultMessage: (args) => (typeof args?.value === 'string' && args.value !== '' ? (sealingKeysProblem(args.value, side) ?? 'unusable') : 'a directory path is required'),
    },
  });
}

/**
 * Adds `ALLOWANCE_SEALING_PUBLIC_KEYS_DIR` (the sender's side, the gateway): a directory with the
 * maternity-allowance service's `current` key id and its `<kid>.public` keys (sealing-key-files.ts),
 * read with readPublicKeyring. Demo default: the local keys directory that `npm run infra:keys`
 * fills; required in production. Checked at boot.
 */
export function WithAllowanceSealingPublicKeys<TBase extends ConfigClass>(Base: TBase) {
  class AllowanceSealingPublicKeysConfig extends Base {
    @DemoDefault(localAllowanceSealingKeysDir())
    @IsSealingKeysDir('public')
    ALLOWANCE_SEALING_PUBLIC_KEYS_DIR!: string;
  }
  return AllowanceSealingPublicKeysConfig;
}

/**
 * Adds `SEALING_PRIVATE_KEYS_DIR` (the recipient's side, the maternity-allowance service): a
 * directory with its `<kid>.private` keys, each 0600 (sealing-key-files.ts), read with
 * readPrivateKeyring. Demo default: the local keys directory that `npm run infra:keys` fills;
 * required in production. Checked at boot.
 */
export function WithSealingPrivateKeys<TBase extends ConfigClass>(Base: TBase) {
  class SealingPrivateKeysConfig extends Base {
    @DemoDefault(localAllowanceSealingKeysDir())
    @IsSealingKeysDir('private')
    SEALING_PRIVATE_KEYS_DIR!: string;
  }
  return SealingPrivateKeysConfig;
}
