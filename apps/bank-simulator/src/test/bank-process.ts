import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { migrateServiceSchema } from '@birth/platform';
import { spawnNode, testInfrastructure, type NodeProcess } from '@birth/testing';
import { program } from '../program';

export const TEST_ADMIN_TOKEN = 'test-bank-admin-token-0123456789';
export const TEST_CALLBACK_SECRET = 'test-bank-callback-secret-0123456789';

/** An answer of the bank, its JSON body loosely typed: tests check it with matchers. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test reads whatever fields an answer has
export type BankAnswer = { status: number; body: any };

/** A bank simulator process on a schema of its own (migrated as infra/db/prepare.ts does), restartable on that schema. */
export class BankUnderTest {
  process!: NodeProcess;
  url = '';

  private constructor(readonly schema: string) {}

  static async start(env: Record<string, string> = {}): Promise<BankUnderTest> {
    const bank = new BankUnderTest(`t${randomBytes(4).toString('hex')}_bank_simulator`);
    await migrateServiceSchema({ url: testInfrastructure().databaseUrl, schema: bank.schema, migrations: [...program.migrations], platformTables: false });
    await bank.restart(env);
    return bank;
  }

  /** Starts (again) on the same schema and waits until it listens. */
  async restart(env: Record<string, string> = {}): Promise<void> {
    this.process = spawnNode('apps/bank-simulator/src/main.ts', {
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: testInfrastructure().databaseUrl,
      DATABASE_SCHEMA: this.schema,
      BANK_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      BANK_CALLBACK_SECRET: TEST_CALLBACK_SECRET,
      BANK_CALLBACK_RETRY_BASE_MS: '100',
      BANK_CALLBACK_RETRY_MAX_MS: '400',
      BANK_POLL_INTERVAL_MS: '50',
      LOG_FORMAT: 'text',
      ...env,
    });
    const line = await this.process.waitForOutput(/listening on http:\/\/[^:]+:(\d+)/, 60_000);
    this.url = `http://127.0.0.1:${/:(\d+)$/.exec(line)![1]}`;
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    this.process.kill(signal);
    await this.process.exited;
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<BankAnswer> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  admin(method: string, path: string, body?: unknown) {
    return this.request(method, `/admin${path}`, body, { authorization: `Bearer ${TEST_ADMIN_TOKEN}` });
  }

  pay(key: string, body: unknown) {
    return this.request('POST', '/payments', body, { 'idempotency-key': key });
  }

  /** Rows of the bank's own schema (what its ledger says, read directly). */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: testInfrastructure().databaseUrl, options: `-c search_path=${this.schema}` });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async ledgerCredits(key: string): Promise<number> {
    const [row] = await this.query<{ n: string }>(`SELECT count(*) AS n FROM ledger_entries WHERE idempotency_key = $1 AND side = 'credit'`, [key]);
    return Number(row!.n);
  }

  async dispose(): Promise<void> {
    if (this.process && this.process.child.exitCode === null && this.process.child.signalCode === null) await this.kill();
    await this.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`).catch(() => undefined);
  }
}

let accountSeq = 0;
/** A fresh account number (19 digits, like a debit card's) for one test. */
export function newAccountNumber(): string {
  accountSeq += 1;
  return `62220${Date.now().toString().slice(-10)}${String(accountSeq).padStart(4, '0')}`;
}

export function newKey(): string {
  return `order-${randomUUID()}`;
}

export function paymentBody(accountNumber: string, callbackUrl: string, overrides: Record<string, unknown> = {}) {
  return { amountFen: 1_234_567, currency: 'CNY', account: { number: accountNumber, holderName: '王芳' }, reference: `po-${randomUUID()}`, callbackUrl, ...overrides };
}
