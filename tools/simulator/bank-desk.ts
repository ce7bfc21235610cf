import type { BankAccountV1 } from '@birth/contracts';
import { FieldSealer, InternalApiClient, localAllowanceSealingKeysDir, readPublicKeyring } from '@birth/platform';

// The world around the payments: the demo bank (apps/bank-simulator's admin API) holding the
// families' accounts, and the clerk who records a corrected account on the allowance's claim
// (POST /internal/claims/{claimId}/bank-account on the maternity-allowance internal port), sealed
// to the allowance's public key as the gateway seals accounts (the clerk never sends one in clear).

/** The bank program's admin API: open and close accounts. */
export class BankAdmin {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async open(number: string, holderName: string): Promise<void> {
    await this.post('/admin/accounts', { number, holderName }, [200, 201]);
  }

  async close(number: string): Promise<void> {
    await this.post('/admin/accounts/close', { number }, [200]);
  }

  private async post(path: string, body: object, expected: number[]): Promise<void> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    if (!expected.includes(response.status)) throw new Error(`bank ${path} answered ${response.status}: ${text.slice(0, 200)}`);
  }
}

export type ClerkOutcome = { done: true } | { done: false; reason: string };

/** The clerk at the allowance's desk. */
export class AllowanceClerk {
  private sealer: Promise<FieldSealer> | null = null;

  constructor(
    private readonly client: InternalApiClient,
    private readonly publicKeysDir: string = process.env['ALLOWANCE_SEALING_PUBLIC_KEYS_DIR'] || localAllowanceSealingKeysDir(),
  ) {}

  /** Records the mother's corrected account on the claim; says why not when the service refuses or lacks the endpoint. */
  async correctMothersAccount(claimId: string, caseId: string, account: BankAccountV1): Promise<ClerkOutcome> {
    this.sealer ??= readPublicKeyring(this.publicKeysDir).then((keyring) => new FieldSealer(keyring));
    const sealed = await (await this.sealer).sealJson(account, { caseId, fieldPath: 'mother.bankAccount' });
    const answer = await this.client.post(
      `/internal/claims/${claimId}/bank-account`,
      { beneficiary: 'mother', caseId, bankAccount: sealed, reasonCode: 'ACCOUNT_CORRECTED_BY_CLERK', note: 'simulated clerk: the family gave a new account' },
      { actor: 'simulator-clerk' },
    );
    if (answer.ok) return { done: true };
    if (answer.status === 404 && answer.errors.length === 0) return { done: false, reason: 'the allowance has no POST /internal/claims/{claimId}/bank-account yet' };
    return { done: false, reason: `the allowance refused the corrected account (${answer.status} ${answer.errors.map((e) => e.code).join(', ')})` };
  }
}
