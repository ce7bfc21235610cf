import { Injectable } from '@nestjs/common';
import { BankAccountV1, validatePlain, type SealedValueV1 } from '@birth/contracts';
import { FieldOpener, FieldSealingError, readPrivateKeyring } from '@birth/platform';
import { PaymentsConfig } from '../payments.config';

export type OpenedAccount = { ok: true; number: string; holderName: string } | { ok: false; reasonCode: 'ACCOUNT_UNREADABLE'; detail: string };

/**
 * Opens a sealed bank account with the service's private keyring, in memory, for the one request
 * that needs it. The result is never logged, stored or put in an error; `detail` names only what
 * failed.
 */
@Injectable()
export class AccountOpener {
  private opener?: Promise<FieldOpener>;

  constructor(private readonly config: PaymentsConfig) {}

  async open(sealed: SealedValueV1, binding: { caseId: string; fieldPath: string }): Promise<OpenedAccount> {
    this.opener ??= readPrivateKeyring(this.config.SEALING_PRIVATE_KEYS_DIR).then((keyring) => new FieldOpener(keyring));
    let plain: unknown;
    try {
      plain = await (await this.opener).openJson(sealed, binding);
    } catch (error) {
      if (error instanceof FieldSealingError || error instanceof SyntaxError || error instanceof TypeError) {
        return { ok: false, reasonCode: 'ACCOUNT_UNREADABLE', detail: error instanceof FieldSealingError ? error.code : 'not UTF-8 JSON' };
      }
      throw error;
    }
    const account = validatePlain(BankAccountV1, plain, '', { unknownFields: 'ignore' });
    if (!account.ok) return { ok: false, reasonCode: 'ACCOUNT_UNREADABLE', detail: account.errors.map((e) => `${e.field} ${e.code}`).join(', ') };
    return { ok: true, number: account.value.accountNumber.replace(/[\s-]/g, ''), holderName: account.value.accountName };
  }
}
