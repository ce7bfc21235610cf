import { newAccountNumber, TEST_CALLBACK_SECRET, type BankUnderTest } from '../../apps/bank-simulator/src/test/bank-process';

// What the e2e suites of the whole allowance service share around the bank program: the
// service's payments configuration against it (short intervals, so retries, reconciliation and
// a dead dispatcher's lease end within a test), an account opened at the bank, and the count
// of credits in the bank's own ledger.

/** The allowance's payments environment for a service on `port`, paying through the bank at `bankUrl`, opening accounts with the keyring in `keysDir`. */
export function allowancePaymentsEnv(port: number, bankUrl: string, keysDir: string): Record<string, string> {
  return {
    PORT: String(port),
    BANK_URL: bankUrl,
    BANK_CALLBACK_SECRET: TEST_CALLBACK_SECRET,
    PAYMENT_CALLBACK_URL: `http://127.0.0.1:${port}/bank/callbacks`,
    SEALING_PRIVATE_KEYS_DIR: keysDir,
    PAYMENT_POLL_INTERVAL_MS: '50',
    PAYMENT_RETRY_BASE_MS: '100',
    PAYMENT_RETRY_MAX_MS: '400',
    PAYMENT_RECONCILE_AFTER_MS: '1000',
    PAYMENT_RECONCILE_INTERVAL_MS: '300',
  };
}

/** A fresh account opened at the bank in `holderName`'s name: its number. */
export async function openBankAccount(bank: BankUnderTest, holderName: string): Promise<string> {
  const number = newAccountNumber();
  const answer = await bank.admin('POST', '/accounts', { number, holderName });
  if (answer.status !== 201) throw new Error(`the bank did not open an account (${answer.status}): ${JSON.stringify(answer.body)}`);
  return number;
}

/** Credits in the bank's ledger to an account: how many, and their sum. */
export async function creditsTo(bank: BankUnderTest, accountNumber: string): Promise<{ credits: number; sumFen: number }> {
  const rows = await bank.query<{ amount: string }>(`SELECT amount_fen AS amount FROM ledger_entries WHERE side = 'credit' AND account_number = $1`, [accountNumber]);
  return { credits: rows.length, sumFen: rows.reduce((sum, r) => sum + Number(r.amount), 0) };
}
