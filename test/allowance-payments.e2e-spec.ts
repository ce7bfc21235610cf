import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { signBankCallback } from '@birth/contracts';
import { DEMO_INTERNAL_TOKEN, FieldSealer, migrateServiceSchema, prepareSealingKeys, readPublicKeyring } from '@birth/platform';
import { expectEventually, spawnNode, TestNamespace, type NodeProcess } from '@birth/testing';
import { newAccountNumber, TEST_ADMIN_TOKEN, TEST_CALLBACK_SECRET } from '../apps/bank-simulator/src/test/bank-process';
import { program as bankProgram } from '../apps/bank-simulator/src/program';
import { PaymentOrderStore } from '../apps/maternity-allowance/src/payments/payment-order-store';
import { PAYMENT_MIGRATIONS } from '../apps/maternity-allowance/src/payments/payments.module';
import type { PaymentsConfig } from '../apps/maternity-allowance/src/payments/payments.config';
import { CreateRecordedOutcomes1764000012990 } from '../apps/maternity-allowance/src/payments/test/recording-claim-side';

const HARNESS = 'apps/maternity-allowance/src/payments/test/payments-harness.main.ts';
/** Starting a process compiles it first: minutes on a busy 2-core machine. */
const STARTUP_MS = 300_000;

interface OrderRow {
  orderId: string;
  state: string;
  idempotencyKey: string;
  paidAt: string | null;
  bankReference: string | null;
  reasonCode: string | null;
  mismatchCode: string | null;
  reconciled: boolean;
  closedReason: string | null;
}

interface OutcomeRow {
  kind: string;
  orderId: string | null;
  at: string;
  detail: Record<string, unknown>;
}

/**
 * The bank program on a schema of its own (as BankUnderTest, with a start-up deadline that fits
 * a busy machine): its URL, its admin API, and SQL on its own books.
 */
async function startBank(ns: TestNamespace) {
  const schema = `${ns.id}_bank_simulator`;
  await migrateServiceSchema({ url: ns.databaseUrl, schema, migrations: [...bankProgram.migrations], platformTables: false });
  const process = spawnNode('apps/bank-simulator/src/main.ts', {
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: ns.databaseUrl,
    DATABASE_SCHEMA: schema,
    BANK_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    BANK_CALLBACK_SECRET: TEST_CALLBACK_SECRET,
    BANK_CALLBACK_RETRY_BASE_MS: '100',
    BANK_CALLBACK_RETRY_MAX_MS: '400',
    BANK_POLL_INTERVAL_MS: '50',
    LOG_FORMAT: 'text',
  });
  const line = await process.waitForOutput(/listening on http:\/\/[^:]+:(\d+)/, STARTUP_MS);
  const url = `http://127.0.0.1:${/listening on http:\/\/[^:]+:(\d+)/.exec(line)![1]}`;
  return {
    url,
    process,
    async admin(method: string, path: string, body?: unknown): Promise<{ status: number }> {
      const answer = await fetch(`${url}/admin${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      await answer.text();
      return { status: answer.status };
    },
    /** SQL on the bank's own books (what its ledger says, read directly). */
    async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      const client = new Client({ connectionString: ns.databaseUrl, options: `-c search_path=${schema}` });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as T[];
      } finally {
        await client.end();
      }
    },
    async dispose(): Promise<void> {
      process.kill('SIGKILL');
      await process.exited;
      await ns.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The allowance's payments (PaymentsModule, in a process of their own with a recording claim
 * side) against the bank program, over real HTTP and PostgreSQL: exactly once, counted in the
 * bank's ledger, through a SIGKILL between sending and recording, bank faults, a rejected then
 * corrected account, a ledger that disagrees with the claim, and a void after payment.
 */
describe('maternity allowance payments through the bank program', () => {
  let ns: TestNamespace;
  let bank: Awaited<ReturnType<typeof startBank>>;
  let schema: string;
  let db: DataSource;
  let orders: PaymentOrderStore;
  let sealer: FieldSealer;
  let harness: NodeProcess | undefined;
  let port: number;
  let internalUrl = '';
  const keysDir = mkdtempSync(join(tmpdir(), 'allowance-payments-'));

  const callbackUrl = () => `http://127.0.0.1:${port}/bank/callbacks`;

  async function startHarness(env: Record<string, string> = {}): Promise<void> {
    harness = spawnNode(
      HARNESS,
      ns.serviceEnv(schema, {
        PORT: String(port),
        INTERNAL_PORT: '0',
        BANK_URL: bank.url,
        BANK_CALLBACK_SECRET: TEST_CALLBACK_SECRET,
        PAYMENT_CALLBACK_URL: callbackUrl(),
        SEALING_PRIVATE_KEYS_DIR: keysDir,
        PAYMENT_POLL_INTERVAL_MS: '50',
        PAYMENT_RETRY_BASE_MS: '100',
        PAYMENT_RETRY_MAX_MS: '400',
        PAYMENT_RECONCILE_AFTER_MS: '1000',
        PAYMENT_RECONCILE_INTERVAL_MS: '300',
        ...env,
      }),
    );
    const line = await harness.waitForOutput(/internal API on http:\/\/[^:]+:\d+/, STARTUP_MS);
    internalUrl = `http://127.0.0.1:${/internal API on http:\/\/[^:]+:(\d+)/.exec(line)![1]}`;
    await harness.waitForOutput(/listening on http/, STARTUP_MS);
  }

  async function stopHarness(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!harness) return;
    harness.kill(signal);
    await harness.exited;
    harness = undefined;
  }

  /** An account open at the bank, sealed for the allowance as the gateway seals it. */
  async function account(holderName = '王芳', caseId = randomUUID()) {
    const number = newAccountNumber();
    expect((await bank.admin('POST', '/accounts', { number, holderName })).status).toBe(201);
    const sealedFor = { caseId, fieldPath: 'mother.bankAccount' as const };
    const sealedAccount = await sealer.sealJson({ bankName: '中国工商银行', accountNumber: number, accountName: holderName }, sealedFor);
    return { number, sealedAccount, sealedFor };
  }

  /** Opens the mother's maternity-leave order as the claim does, in a transaction of its own. */
  async function openOrder(claimId: string, amountFen: number, acct: Awaited<ReturnType<typeof account>>): Promise<string> {
    return db.transaction((manager) =>
      orders.open(manager, { claimId, benefit: 'maternity-leave', beneficiary: 'mother', amountFen, sealedAccount: acct.sealedAccount, sealedFor: acct.sealedFor, cause: 'ACCEPTED' }),
    );
  }

  const ordersOf = (claimId: string) =>
    db.query<OrderRow[]>(
      `SELECT order_id AS "orderId", state, idempotency_key AS "idempotencyKey", to_char(paid_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "paidAt",
              bank_reference AS "bankReference", reason_code AS "reasonCode", mismatch_code AS "mismatchCode", reconciled_at IS NOT NULL AS reconciled, closed_reason AS "closedReason"
         FROM payment_orders WHERE claim_id = $1 ORDER BY opened_at`,
      [claimId],
    );

  const outcomesOf = (claimId: string) =>
    db.query<OutcomeRow[]>(`SELECT kind, order_id AS "orderId", at, detail FROM recorded_outcomes WHERE claim_id = $1 ORDER BY seq`, [claimId]);

  /** What the bank's ledger holds for the claim's orders (the order id is the payment's reference): credits, their sum, the accounts credited. */
  async function ledgerOf(claimId: string): Promise<{ credits: number; sumFen: number; accounts: string[] }> {
    const ids = (await ordersOf(claimId)).map((o) => o.orderId);
    const rows = await bank.query<{ account: string; amount: string }>(
      `SELECT l.account_number AS account, l.amount_fen AS amount FROM ledger_entries l JOIN payments p ON p.id = l.payment_id
        WHERE l.side = 'credit' AND p.reference = ANY($1::text[])`,
      [ids],
    );
    return { credits: rows.length, sumFen: rows.reduce((s, r) => s + Number(r.amount), 0), accounts: rows.map((r) => r.account) };
  }

  /** The bank's own record of a key: accepted, settled or rejected. */
  const bankPayment = async (key: string) => (await bank.query<{ state: string }>(`SELECT state FROM payments WHERE idempotency_key = $1`, [key]))[0];

  beforeAll(async () => {
    ns = await TestNamespace.create([]);
    await prepareSealingKeys(keysDir);
    sealer = new FieldSealer(await readPublicKeyring(keysDir));
    bank = await startBank(ns);
    schema = await ns.createSchema('maternity_allowance', [...PAYMENT_MIGRATIONS, CreateRecordedOutcomes1764000012990]);
    db = await ns.dataSource(schema);
    port = await freePort();
    orders = new PaymentOrderStore({ PAYMENT_CALLBACK_URL: callbackUrl() } as PaymentsConfig);
    await startHarness();
  }, 2 * STARTUP_MS);

  afterAll(async () => {
    await stopHarness('SIGKILL');
    await bank?.dispose();
    await ns?.dispose();
    rmSync(keysDir, { recursive: true, force: true });
  });

  afterEach(async () => {
    await bank.admin('DELETE', '/faults');
    // An injected drop takes the next callback the bank sends, whichever payment it is for: let every
    // callback of this test be delivered first, so the next test's drop lands on its own payment.
    await expectEventually(async () => {
      const [outstanding] = await bank.query<{ n: number }>(`SELECT count(*)::int AS n FROM callbacks WHERE delivered_at IS NULL AND dropped_at IS NULL`);
      expect(outstanding!.n).toBe(0);
    }, { timeoutMs: 30_000 });
  });

  it('pays once when the service is SIGKILLed after sending and before recording the answer, and the claim ends paid', async () => {
    await stopHarness();
    await startHarness({ BIRTH_FAILPOINTS: 'payments.after-send-before-record' });
    const claimId = randomUUID();
    const acct = await account();
    const orderId = await openOrder(claimId, 5_055_551, acct);
    const killed = await harness!.exited;
    expect(killed.signal).toBe('SIGKILL');
    harness = undefined;
    const [before] = await ordersOf(claimId);
    // The bank holds the payment; this service recorded nothing of the answer.
    expect(before!.state).toBe('pending');
    expect(await bankPayment(before!.idempotencyKey)).toBeDefined();

    await startHarness();
    await expectEventually(async () => expect((await ordersOf(claimId))[0]!.state).toBe('paid'), { timeoutMs: 60_000 });
    const paid = (await outcomesOf(claimId)).filter((o) => o.kind === 'paid');
    expect(paid).toHaveLength(1);
    expect(paid[0]!.orderId).toBe(orderId);
    expect(paid[0]!.detail['amountFen']).toBe(5_055_551);
    expect(await ledgerOf(claimId)).toEqual({ credits: 1, sumFen: 5_055_551, accounts: [acct.number] });
  }, 4 * STARTUP_MS);

  it('pays once through transient failures, a dropped callback and a late confirmation, found by reconciliation', async () => {
    await bank.admin('PUT', '/faults', { failNext: 2, dropCallbacks: 1, confirmDelayMs: 1_500 });
    const claimId = randomUUID();
    const acct = await account();
    await openOrder(claimId, 3_888_885, acct);
    await expectEventually(async () => expect((await ordersOf(claimId))[0]!.state).toBe('paid'), { timeoutMs: 60_000 });
    const [order] = await ordersOf(claimId);
    // No callback came (dropped): reconciliation asked the bank, whose ledger said settled.
    expect(order!.reconciled).toBe(true);
    // The bank's callback worker may reach (and drop) the callback after reconciliation already
    // read the settled ledger: wait for the bank to record the drop rather than race it.
    await expectEventually(async () => {
      const [callback] = await bank.query<{ dropped: boolean }>(
        `SELECT c.dropped_at IS NOT NULL AS dropped FROM callbacks c JOIN payments p ON p.id = c.payment_id WHERE p.idempotency_key = $1`,
        [order!.idempotencyKey],
      );
      expect(callback!.dropped).toBe(true);
    }, { timeoutMs: 30_000 });
    expect((await outcomesOf(claimId)).filter((o) => o.kind === 'paid')).toHaveLength(1);
    expect(await ledgerOf(claimId)).toEqual({ credits: 1, sumFen: 3_888_885, accounts: [acct.number] });
  });

  it('moves a refused account to the applicant, then pays once to the corrected account, with the pause recorded', async () => {
    const claimId = randomUUID();
    const caseId = randomUUID();
    const closed = await account('王芳', caseId);
    expect((await bank.admin('POST', '/accounts/close', { number: closed.number })).status).toBe(200);
    const firstOrder = await openOrder(claimId, 4_111_112, closed);
    await expectEventually(async () => expect((await ordersOf(claimId))[0]!.state).toBe('rejected'), { timeoutMs: 60_000 });
    expect((await ordersOf(claimId))[0]!.reasonCode).toBe('ACCOUNT_CLOSED');

    const corrected = await account('王芳', caseId);
    const answer = await fetch(`${internalUrl}/internal/claims/${claimId}/bank-account`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_INTERNAL_TOKEN}`, 'x-actor': 'clerk-0042' },
      body: JSON.stringify({ beneficiary: 'mother', caseId, bankAccount: corrected.sealedAccount, reasonCode: 'APPLICANT_CORRECTED' }),
    });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { openedOrderIds: string[] };
    expect(body.openedOrderIds).toHaveLength(1);
    expect(body.openedOrderIds[0]).not.toBe(firstOrder);

    await expectEventually(async () => expect((await ordersOf(claimId)).map((o) => o.state)).toEqual(['closed', 'paid']), { timeoutMs: 60_000 });
    expect((await ordersOf(claimId))[0]!.closedReason).toBe('ACCOUNT_CORRECTED');
    // The pause: from the rejection to the correction, both recorded in the claim's transaction.
    expect((await outcomesOf(claimId)).map((o) => o.kind).filter((k) => k !== 'sent')).toEqual(['rejected', 'account-corrected', 'paid']);
    expect(await ledgerOf(claimId)).toEqual({ credits: 1, sumFen: 4_111_112, accounts: [corrected.number] });
  });

  it('refuses a correction sealed for another case (422) and one for an unknown claim (404)', async () => {
    const acct = await account();
    const post = (claimId: string, caseId: string) =>
      fetch(`${internalUrl}/internal/claims/${claimId}/bank-account`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_INTERNAL_TOKEN}` },
        body: JSON.stringify({ beneficiary: 'mother', caseId, bankAccount: acct.sealedAccount, reasonCode: 'APPLICANT_CORRECTED' }),
      });
    const otherCase = await post(randomUUID(), randomUUID());
    expect(otherCase.status).toBe(422);
    expect(((await otherCase.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe('BANK_ACCOUNT_UNREADABLE');
    const unknownClaim = await post(randomUUID(), acct.sealedFor.caseId);
    expect(unknownClaim.status).toBe(404);
  });

  it('raises a mismatch when the ledger holds a payment the claim does not know, and pays nothing again', async () => {
    await bank.admin('PUT', '/faults', { dropCallbacks: 1, confirmDelayMs: 3_000 });
    const claimId = randomUUID();
    const acct = await account();
    await openOrder(claimId, 2_222_223, acct);
    await expectEventually(async () => expect((await ordersOf(claimId))[0]!.state).toBe('sent'), { timeoutMs: 60_000 });
    // A void before payment, as the claim does it: the order closes while the bank still holds it.
    expect(await db.transaction((manager) => orders.closeUnpaid(manager, claimId, 'BIRTH_VOIDED'))).toBe(1);
    await expectEventually(async () => expect((await ordersOf(claimId))[0]!.mismatchCode).toBe('LEDGER_PAYMENT_UNKNOWN_TO_CLAIM'), { timeoutMs: 60_000 });
    const mismatches = (await outcomesOf(claimId)).filter((o) => o.kind === 'mismatch');
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0]!.detail['reasonCode']).toBe('LEDGER_PAYMENT_UNKNOWN_TO_CLAIM');
    const after = await ordersOf(claimId);
    expect(after.map((o) => o.state)).toEqual(['closed']);
    expect(await ledgerOf(claimId)).toEqual({ credits: 1, sumFen: 2_222_223, accounts: [acct.number] });
  });

  it('leaves a paid order paid when the birth is voided after payment (recovery is the claim’s, by a clerk)', async () => {
    const claimId = randomUUID();
    const acct = await account();
    await openOrder(claimId, 1_000_000, acct);
    await expectEventually(async () => expect((await ordersOf(claimId))[0]!.state).toBe('paid'), { timeoutMs: 60_000 });
    expect(await db.transaction((manager) => orders.closeUnpaid(manager, claimId, 'BIRTH_VOIDED'))).toBe(0);
    expect((await ordersOf(claimId)).map((o) => o.state)).toEqual(['paid']);
    // Opening again (a redelivered acceptance, a retry-step) returns the paid order: nothing is paid twice.
    const again = await openOrder(claimId, 1_000_000, acct);
    expect(again).toBe((await ordersOf(claimId))[0]!.orderId);
    expect(await ledgerOf(claimId)).toEqual({ credits: 1, sumFen: 1_000_000, accounts: [acct.number] });
  });

  it('refuses an unsigned callback (401) and one for a key it does not hold (404)', async () => {
    const body = JSON.stringify({
      idempotencyKey: 'allowance-unknown-key',
      bankReference: 'BSIM1',
      reference: randomUUID(),
      state: 'settled',
      amountFen: 1,
      currency: 'CNY',
      decidedAt: new Date().toISOString(),
    });
    const timestamp = String(Date.now());
    const send = (signature: string) =>
      fetch(callbackUrl(), { method: 'POST', headers: { 'content-type': 'application/json', 'x-bank-timestamp': timestamp, 'x-bank-signature': signature }, body });
    expect((await send('v1=00')).status).toBe(401);
    expect((await send(signBankCallback(TEST_CALLBACK_SECRET, timestamp, body))).status).toBe(404);
  });

  it('refuses an account the bank finds malformed without paying', async () => {
    const claimId = randomUUID();
    const sealedFor = { caseId: randomUUID(), fieldPath: 'mother.bankAccount' as const };
    const sealedAccount = await sealer.sealJson({ bankName: '中国工商银行', accountNumber: '12AB', accountName: '王芳' }, sealedFor);
    await db.transaction((manager) => orders.open(manager, { claimId, benefit: 'maternity-leave', beneficiary: 'mother', amountFen: 500_000, sealedAccount, sealedFor, cause: 'ACCEPTED' }));
    await expectEventually(async () => expect((await ordersOf(claimId))[0]!.state).toBe('rejected'), { timeoutMs: 60_000 });
    expect((await ordersOf(claimId))[0]!.reasonCode).toBe('ACCOUNT_MALFORMED');
    expect((await ledgerOf(claimId)).credits).toBe(0);
  });
});
