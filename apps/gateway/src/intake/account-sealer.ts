import type { BirthSubmissionV1 } from '@birth/contracts';
import { FieldSealer, readPublicKeyring, ServiceConfig } from '@birth/platform';
import type { GatewayConfig } from '../config';
import { SEALED_ACCOUNT_PATHS, type AccountHolder, type SealedAccounts } from './domain/registered-birth';

/**
 * Seals the bank accounts of an application for the maternity-allowance service (HPKE to its
 * current public key, bound to the case id, the field path and the key id), before they go on
 * any topic. The gateway holds only the public keyring (ALLOWANCE_SEALING_PUBLIC_KEYS_DIR, made
 * by `npm run infra:keys`), read once at boot: a rotated key is used from the next start.
 */
export class AccountSealer {
  constructor(private readonly sealer: FieldSealer) {}

  static async fromConfig(config: ServiceConfig): Promise<AccountSealer> {
    const keyring = await readPublicKeyring((config as GatewayConfig).ALLOWANCE_SEALING_PUBLIC_KEYS_DIR);
    return new AccountSealer(new FieldSealer(keyring));
  }

  async sealAccounts(caseId: string, submission: BirthSubmissionV1): Promise<SealedAccounts> {
    const sealed: SealedAccounts = {};
    for (const holder of Object.keys(SEALED_ACCOUNT_PATHS) as AccountHolder[]) {
      const account = submission[holder]?.bankAccount;
      if (account) sealed[holder] = await this.sealer.sealJson(account, { caseId, fieldPath: SEALED_ACCOUNT_PATHS[holder] });
    }
    return sealed;
  }
}
