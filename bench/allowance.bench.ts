// The maternity allowance's payments, on this machine (bench/README.md, "Allowance benchmark").
//
//   npm run bench:allowance
//
// 1. Through the bank program: CLAIMS claims, each decided by the claim's rules
//    (decideMaternityLeave, libs/policy) and its payment order opened in one transaction, as the
//    claim does on acceptance, by CONCURRENCY writers; the payments process (PaymentsModule with a
//    recording claim side: apps/maternity-allowance/src/payments/test/payments-harness.main.ts)
//    sends them to the bank program over HTTP, the bank settles and calls back, and the claim
//    records `paid`. Timed from the first claim to the last `paid`: paidPerSec.
// 2. Raw PostgreSQL: the same statements per claim through plain `pg`, in the same transactions
//    (order insert; lease; the bank's payment insert; `sent` + outcome; the bank's settlement with
//    two ledger entries and its callback row; `paid` + outcome; callback delivered), by the same
//    number of clients, with no HTTP, no process hops and no JSON: rawDbTxPerSec (claims' worth
//    of statements per second).
// 3. duplicatePayments: counted in the bank's ledger (GET /admin/ledger): credits beyond one per
//    claim, and payer references settled under more than one key.
// The last line printed is one JSON object for tracking.
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool, type PoolClient } from 'pg';
import type { SealedValueV1 } from '@birth/contracts';
import { createServiceDataSource, FieldSealer, migrateServiceSchema, prepareSealingKeys, readPublicKeyring } from '@birth/platform';
import { rulesFor } from '@birth/policy';
import { program as bankProgram } from '../apps/bank-simulator/src/program';
import { decideMaternityLeave } from '../apps/maternity-allowance/src/domain/benefit-decision';
import { PaymentOrderStore } from '../apps/maternity-allowance/src/payments/payment-order-store';
import { PAYMENT_MIGRATIONS } from '../apps/maternity-allowance/src/payments/payments.module';
import type { PaymentsConfig } from '../apps/maternity-allowance/src/payments/payments.config';
import { CreateRecordedOutcomes1764000012990 } from '../apps/maternity-allowance/src/payments/test/recording-claim-side';
import { spawnNode, type NodeProcess } from '../libs/testing/src/node-process';
import { intEnv } from './support/env';
import { BenchRun, sqlOnce, withDatabase } from './support/run';

// ---------------------------------------------------------------------------------------------
// Settings (environment overrides for experiments; the defaults are the tracked configuration)

const CLAIMS = intEnv('BENCH_CLAIMS', 2_000);
/** Writers opening claims at once (and raw clients). */
const CONCURRENCY = intEnv('BENCH_CONCURRENCY', 8);
/** Orders one dispatcher sends at once. */
const SEND_CONCURRENCY = intEnv('BENCH_SEND_CONCURRENCY', 32);
const TIMEOUT_MS = intEnv('BENCH_TIMEOUT_MS', 600_000);

const SERVER_URL = process.env['BENCH_SERVER_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = process.env['BENCH_DATABASE'] ?? 'birth_bench';
const DATABASE_URL = withDatabase(SERVER_URL, DATABASE);
const KAFKA_BROKERS = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
const CALLBACK_SECRET = 'bench-bank-callback-secret-0123456789';
const ADMIN_TOKEN = 'bench-bank-admin-token-0123456789';

const id = `b${randomBytes(3).toString('hex')}`;
const schemas = { bank: `${id}_bank_simulator`, allowance: `${id}_maternity_allowance`, rawBank: `${id}_raw_bank`, rawAllowance: `${id}_raw_allowance` };
const log = (message: string) => process.stderr.write(`[bench:allowance] ${message}\n`);
const run = new BenchRun(log);

/** A Changchun mother, employee, wage 7,777.77 yuan, first child, difficult birth: 195 days, 5,055,551 fen (DOMAIN.md §7's worked example). */
function decidedAmountFen(): number {
  const decision = decideMaternityLeave(
    { insured: true, insuringRegionCode: '220100', insuredCategory: 'employee', contributionMonths: 24, employerAverageMonthlyWageFen: 777_777 },
    { livingChildrenBefore: 0, babies: 1, deliveryMode: 'vaginal', difficultBirth: true },
    (region) => rulesFor(region, '2026-03-01'),
  );
  if (decision.outcome !== 'eligible' || decision.amountFen === null) throw new Error(`the bench's claim was not eligible: ${decision.reasonCode}`);
  return decision.amountFen;
}

interface Beneficiary {
  number: string;
  sealedAccount: SealedValueV1;
  caseId: string;
}

async function startProcess(entry: string, env: Record<string, string>, ready: RegExp): Promise<{ process: NodeProcess; line: string }> {
  const child = spawnNode(entry, { NODE_ENV: 'test', LOG_FORMAT: 'text', DATABASE_URL, PORT: '0', ...env });
  run.onCleanUp(async () => {
    child.kill('SIGKILL');
    await child.exited;
  });
  return { process: child, line: await child.waitForOutput(ready, 300_000) };
}

async function main(): Promise<void> {
  const [exists] = await sqlOnce(SERVER_URL, 'SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
  if (!exists) await sqlOnce(SERVER_URL, `CREATE DATABASE "${DATABASE}"`);
  for (const schema of Object.values(schemas)) run.onCleanUp(() => sqlOnce(DATABASE_URL, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
  const allowanceMigrations = [...PAYMENT_MIGRATIONS, CreateRecordedOutcomes1764000012990];
  await migrateServiceSchema({ url: DATABASE_URL, schema: schemas.bank, migrations: [...bankProgram.migrations], platformTables: false });
  await migrateServiceSchema({ url: DATABASE_URL, schema: schemas.rawBank, migrations: [...bankProgram.migrations], platformTables: false });
  await migrateServiceSchema({ url: DATABASE_URL, schema: schemas.allowance, migrations: allowanceMigrations });
  await migrateServiceSchema({ url: DATABASE_URL, schema: schemas.rawAllowance, migrations: allowanceMigrations, platformTables: false });

  const keysDir = mkdtempSync(join(tmpdir(), 'bench-allowance-'));
  run.onCleanUp(async () => rmSync(keysDir, { recursive: true, force: true }));
  await prepareSealingKeys(keysDir);
  const sealer = new FieldSealer(await readPublicKeyring(keysDir));
  const amountFen = decidedAmountFen();

  // The beneficiaries: accounts open at the bank (in both bank schemas), sealed as the gateway seals them.
  log(`sealing ${CLAIMS} accounts`);
  const beneficiaries: Beneficiary[] = [];
  for (let i = 0; i < CLAIMS; i += 1) {
    const number = `6222${String(i).padStart(15, '0')}`;
    const caseId = randomUUID();
    beneficiaries.push({ number, caseId, sealedAccount: await sealer.sealJson({ bankName: '中国工商银行', accountNumber: number, accountName: '王芳' }, { caseId, fieldPath: 'mother.bankAccount' }) });
  }
  for (const schema of [schemas.bank, schemas.rawBank]) {
    await sqlOnce(DATABASE_URL, `INSERT INTO "${schema}".accounts (number, holder_name) SELECT unnest($1::text[]), '王芳'`, [beneficiaries.map((b) => b.number)]);
  }

  const raw = await measureRaw(beneficiaries, amountFen);
  log(`raw PostgreSQL: ${raw.toFixed(1)} claims' statements/s`);
  const { paidPerSec, duplicatePayments, settled } = await measurePipeline(beneficiaries, amountFen, keysDir);
  log(`through the bank: ${paidPerSec.toFixed(1)} claims paid/s; ledger: ${settled} settled, ${duplicatePayments} duplicates`);
  process.stdout.write(
    `${JSON.stringify({ claims: CLAIMS, concurrency: CONCURRENCY, paidPerSec: round(paidPerSec), rawDbTxPerSec: round(raw), ratio: round(paidPerSec / raw, 3), duplicatePayments, settledInLedger: settled })}\n`,
  );
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function round(value: number, digits = 1): number {
  return Number(value.toFixed(digits));
}

/** Runs `work` over items with `concurrency` at once. */
async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
      }
    }),
  );
}

async function measurePipeline(beneficiaries: Beneficiary[], amountFen: number, keysDir: string): Promise<{ paidPerSec: number; duplicatePayments: number; settled: number }> {
  const bank = await startProcess(
    'apps/bank-simulator/src/main.ts',
    { DATABASE_SCHEMA: schemas.bank, BANK_ADMIN_TOKEN: ADMIN_TOKEN, BANK_CALLBACK_SECRET: CALLBACK_SECRET, BANK_POLL_INTERVAL_MS: '20', DATABASE_POOL_SIZE: '10' },
    /listening on http:\/\/[^:]+:(\d+)/,
  );
  const bankUrl = `http://127.0.0.1:${/listening on http:\/\/[^:]+:(\d+)/.exec(bank.line)![1]}`;
  // The bank calls back on the payments process's main port, so it is chosen before the start.
  const port = await freePort();
  const callbackUrl = `http://127.0.0.1:${port}/bank/callbacks`;
  await startProcess(
    'apps/maternity-allowance/src/payments/test/payments-harness.main.ts',
    {
      DATABASE_SCHEMA: schemas.allowance,
      PORT: String(port),
      INTERNAL_PORT: '0',
      KAFKA_BROKERS,
      KAFKA_TOPIC_PREFIX: `${id}.`,
      BANK_URL: bankUrl,
      BANK_CALLBACK_SECRET: CALLBACK_SECRET,
      PAYMENT_CALLBACK_URL: callbackUrl,
      SEALING_PRIVATE_KEYS_DIR: keysDir,
      PAYMENT_POLL_INTERVAL_MS: '20',
      PAYMENT_SEND_CONCURRENCY: String(SEND_CONCURRENCY),
      DATABASE_POOL_SIZE: '10',
    },
    /listening on http/,
  );
  const dataSource = await createServiceDataSource({ url: DATABASE_URL, schema: schemas.allowance, migrations: [], poolSize: CONCURRENCY }).initialize();
  run.onCleanUp(() => dataSource.destroy());
  const orders = new PaymentOrderStore({ PAYMENT_CALLBACK_URL: callbackUrl } as PaymentsConfig);

  log(`through the bank: opening ${beneficiaries.length} claims`);
  const started = performance.now();
  await inParallel(beneficiaries, CONCURRENCY, async (b) => {
    const decided = decidedAmountFen();
    if (decided !== amountFen) throw new Error('the decision changed between claims');
    await dataSource.transaction((manager) =>
      orders.open(manager, {
        claimId: randomUUID(),
        benefit: 'maternity-leave',
        beneficiary: 'mother',
        amountFen: decided,
        sealedAccount: b.sealedAccount,
        sealedFor: { caseId: b.caseId, fieldPath: 'mother.bankAccount' },
        cause: 'ACCEPTED',
      }),
    );
  });
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const [row] = (await dataSource.query(`SELECT count(*)::int AS n FROM recorded_outcomes WHERE kind = 'paid'`)) as { n: number }[];
    if (row!.n >= beneficiaries.length) break;
    if (Date.now() > deadline) throw new Error(`only ${row!.n} of ${beneficiaries.length} paid within ${TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const elapsedS = (performance.now() - started) / 1000;
  const ledgerAnswer = await fetch(`${bankUrl}/admin/ledger`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const ledger = (await ledgerAnswer.json()) as { settledCount: number; byKey: { settledCount: number }[]; duplicateReferences: { settledCount: number }[] };
  const duplicatePayments =
    Math.max(0, ledger.settledCount - beneficiaries.length) +
    ledger.byKey.reduce((sum, k) => sum + Math.max(0, k.settledCount - 1), 0) +
    ledger.duplicateReferences.reduce((sum, r) => sum + Math.max(0, r.settledCount - 1), 0);
  return { paidPerSec: beneficiaries.length / elapsedS, duplicatePayments, settled: ledger.settledCount };
}

/** The same statements per claim, in the same transactions, through plain pg. */
async function measureRaw(beneficiaries: Beneficiary[], amountFen: number): Promise<number> {
  const pool = new Pool({ connectionString: DATABASE_URL, max: CONCURRENCY });
  run.onCleanUp(() => pool.end());
  const a = `"${schemas.rawAllowance}"`;
  const b = `"${schemas.rawBank}"`;
  const tx = async (client: PoolClient, statements: () => Promise<unknown>) => {
    await client.query('BEGIN');
    await statements();
    await client.query('COMMIT');
  };
  log(`raw PostgreSQL: ${beneficiaries.length} claims`);
  const started = performance.now();
  await inParallel(beneficiaries, CONCURRENCY, async (beneficiary) => {
    const client = await pool.connect();
    try {
      const orderId = randomUUID();
      const claimId = randomUUID();
      const key = `allowance-${randomUUID()}`;
      await tx(client, async () => {
        await client.query(`SELECT order_id FROM ${a}.payment_orders WHERE claim_id = $1 AND beneficiary = 'mother' AND benefit = 'maternity-leave' AND state <> 'closed' FOR UPDATE`, [claimId]);
        await client.query(
          `INSERT INTO ${a}.payment_orders (order_id, claim_id, benefit, beneficiary, amount_fen, sealed_account, sealed_case_id, sealed_field_path, idempotency_key, callback_url, cause)
           VALUES ($1, $2, 'maternity-leave', 'mother', $3, $4, $5, 'mother.bankAccount', $6, 'http://127.0.0.1/bank/callbacks', 'ACCEPTED')
           ON CONFLICT (claim_id, beneficiary, benefit) WHERE state <> 'closed' DO NOTHING RETURNING order_id`,
          [orderId, claimId, amountFen, JSON.stringify(beneficiary.sealedAccount), beneficiary.caseId, key],
        );
      });
      await client.query(
        `UPDATE ${a}.payment_orders SET next_attempt_at = now() + interval '25 seconds', send_attempts = send_attempts + 1, first_sent_at = coalesce(first_sent_at, now())
          WHERE order_id IN (SELECT order_id FROM ${a}.payment_orders WHERE order_id = $1 AND state = 'pending' FOR UPDATE SKIP LOCKED) RETURNING order_id`,
        [orderId],
      );
      let paymentId = '';
      await tx(client, async () => {
        const inserted = await client.query<{ id: string }>(
          `INSERT INTO ${b}.payments (idempotency_key, body_sha256, bank_reference, amount_fen, currency, account_number, holder_name, reference, callback_url)
           VALUES ($1, $2, 'BSIM' || nextval('${schemas.rawBank}.bank_reference_seq'), $3, 'CNY', $4, '王芳', $5, 'http://127.0.0.1/bank/callbacks') RETURNING id`,
          [key, 'sha', amountFen, beneficiary.number, orderId],
        );
        paymentId = inserted.rows[0]!.id;
      });
      await tx(client, async () => {
        await client.query(`SELECT order_id FROM ${a}.payment_orders WHERE order_id = $1 FOR UPDATE`, [orderId]);
        await client.query(`UPDATE ${a}.payment_orders SET state = 'sent', bank_state = 'accepted', bank_reference = 'BSIM', sent_at = now() WHERE order_id = $1`, [orderId]);
        await client.query(`INSERT INTO ${a}.recorded_outcomes (kind, claim_id, order_id, beneficiary, at, detail) VALUES ('sent', $1, $2, 'mother', now()::text, '{}')`, [claimId, orderId]);
      });
      await tx(client, async () => {
        await client.query(`SELECT state FROM ${b}.accounts WHERE number = $1`, [beneficiary.number]);
        await client.query(`UPDATE ${b}.payments SET state = 'settled', decided_at = now() WHERE id = $1`, [paymentId]);
        await client.query(
          `INSERT INTO ${b}.ledger_entries (payment_id, idempotency_key, account_number, side, amount_fen) VALUES ($1, $2, 'PAYER-SETTLEMENT', 'debit', $3), ($1, $2, $4, 'credit', $3)`,
          [paymentId, key, amountFen, beneficiary.number],
        );
        await client.query(`INSERT INTO ${b}.callbacks (payment_id) VALUES ($1)`, [paymentId]);
      });
      await tx(client, async () => {
        await client.query(`SELECT order_id FROM ${a}.payment_orders WHERE idempotency_key = $1 FOR UPDATE`, [key]);
        await client.query(`UPDATE ${a}.payment_orders SET state = 'paid', bank_state = 'settled', paid_at = now(), answered_at = now() WHERE order_id = $1`, [orderId]);
        await client.query(`INSERT INTO ${a}.recorded_outcomes (kind, claim_id, order_id, beneficiary, at, detail) VALUES ('paid', $1, $2, 'mother', now()::text, '{}')`, [claimId, orderId]);
      });
      await client.query(`UPDATE ${b}.callbacks SET delivered_at = now(), attempts = attempts + 1 WHERE payment_id = $1`, [paymentId]);
    } finally {
      client.release();
    }
  });
  return beneficiaries.length / ((performance.now() - started) / 1000);
}

run.start(main);
