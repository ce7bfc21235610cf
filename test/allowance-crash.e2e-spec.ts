import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Topics, type BirthRegisteredV1 } from '@birth/contracts';
import type { Producer } from '@birth/messaging';
import { DEMO_INTERNAL_TOKEN, FieldSealer, prepareSealingKeys, readPublicKeyring } from '@birth/platform';
import { expectEventually, freePort, registeredBirthV1, startServiceProcess, TestNamespace, TopicDeliveries, type ServiceProcess } from '@birth/testing';
import { BankUnderTest, TEST_CALLBACK_SECRET } from '../apps/bank-simulator/src/test/bank-process';
import * as messages from '../apps/maternity-allowance/src/claims/test/claim-messages';
import { ALLOWANCE_CONSUMED, ALLOWANCE_TOPICS, idOf, type ClaimChanged } from '../apps/maternity-allowance/src/claims/test/claim-messages';
import { service as allowance } from '../apps/maternity-allowance/src/service';
import { allowancePaymentsEnv, creditsTo, openBankAccount } from './support/allowance-through-bank';

// The whole allowance service (one real process: its claim and its payments) over real Kafka and
// PostgreSQL, paying through the bank program (issue 12, "Exactly once, proven"):
// - SIGKILLed by the failpoint `payments.after-send-before-record` between the bank's answer and its
//   record, then restarted without it: one credit in the bank's ledger, the claim ends `paid`;
// - the bank's ledger holding a payment the claim does not know (the birth voided while the order
//   was at the bank): a `mismatch` raised on the claim, nothing paid again.
// Counted in the bank's ledger; the figures are literals worked out by hand.

const HEADERS = { authorization: `Bearer ${DEMO_INTERNAL_TOKEN}`, 'x-actor': 'clerk:test' };
const GROUP = 'maternity-allowance';

interface ClaimView {
  claimId: string;
  state: string;
  reasonCode: string | null;
  caseIds: string[];
  benefits: { benefit: string; state: string; reasonCode: string | null; amountFen: number; payment: { state: string; orderId: string } }[];
}

interface OrderRow {
  orderId: string;
  state: string;
  idempotencyKey: string;
  mismatchCode: string | null;
  closedReason: string | null;
}

describe('the allowance service killed between sending a payment and recording it, and a ledger the claim disagrees with', () => {
  let bank: BankUnderTest;
  let ns: TestNamespace;
  let schema: string;
  let producer: Producer;
  let deliveries: TopicDeliveries;
  let sealer: FieldSealer;
  let service: ServiceProcess | undefined;
  let env: Record<string, string>;
  const keysDir = mkdtempSync(join(tmpdir(), 'allowance-crash-'));

  /** Starts the real service on the suite's schema and port (the bank calls back on that port), `extra` added to its environment. */
  async function startService(extra: Record<string, string> = {}): Promise<void> {
    service = await startServiceProcess(ns, 'apps/maternity-allowance/src/main.ts', schema, { ...env, ...extra });
  }

  beforeAll(async () => {
    await prepareSealingKeys(keysDir);
    sealer = new FieldSealer(await readPublicKeyring(keysDir));
    bank = await BankUnderTest.start({ BANK_CALLBACK_SECRET: TEST_CALLBACK_SECRET });
    ns = await TestNamespace.create(ALLOWANCE_TOPICS);
    schema = await ns.createSchema('maternity_allowance', allowance.migrations);
    producer = ns.bus.producer();
    await producer.connect();
    deliveries = new TopicDeliveries(ns, producer, GROUP, ALLOWANCE_CONSUMED);
    env = {
      ...allowancePaymentsEnv(await freePort(), bank.url, keysDir),
      // A dead dispatcher's lease on an order is 2 × this + 5 s: short, so a resend is possible within the test.
      BANK_TIMEOUT_MS: '2000',
    };
  }, 240_000);

  afterAll(async () => {
    service?.process.kill('SIGKILL');
    await service?.process.exited;
    await producer?.disconnect();
    await ns?.dispose();
    await bank?.dispose();
    rmSync(keysDir, { recursive: true, force: true });
  });

  afterEach(async () => {
    await bank.admin('DELETE', '/faults');
    // An injected drop takes the next callback the bank sends: let every callback of a test be
    // delivered first, so the next test's drop lands on its own payment.
    await expectEventually(
      async () => {
        const [outstanding] = await bank.query<{ n: number }>(`SELECT count(*)::int AS n FROM callbacks WHERE delivered_at IS NULL AND dropped_at IS NULL`);
        expect(outstanding!.n).toBe(0);
      },
      { timeoutMs: 30_000, message: "the bank's callbacks delivered" },
    );
  });

  /** A single Dalian birth (210200: 158 days for a first child), the mother's wage and account sealed for the case; no father on it. */
  async function singleBirth(caseId: string, wageFen: number, accountNumber: string): Promise<BirthRegisteredV1> {
    const birth = registeredBirthV1();
    return {
      ...birth,
      mother: {
        ...birth.mother,
        maternityInsurance: { ...birth.mother.maternityInsurance, employerAverageMonthlyWageFen: wageFen },
        bankAccount: await sealer.sealJson({ bankName: '中国工商银行', accountNumber, accountName: '王丽' }, { caseId, fieldPath: 'mother.bankAccount' }),
      },
      father: undefined,
    };
  }

  /** The service's payment orders of the case's claim, read from its schema (also while the process is dead). */
  const ordersOfCase = (caseId: string) =>
    ns.query<OrderRow>(
      `SELECT o.order_id AS "orderId", o.state, o.idempotency_key AS "idempotencyKey", o.mismatch_code AS "mismatchCode", o.closed_reason AS "closedReason"
         FROM "${schema}".payment_orders o JOIN "${schema}".allowance_claim_cases c ON c.claim_id = o.claim_id
        WHERE c.case_id = $1 ORDER BY o.opened_at`,
      [caseId],
    );

  /** The claim as the internal API answers it (GET /internal/claims?caseId=). */
  async function claimOf(caseId: string): Promise<ClaimView> {
    const answer = await fetch(`${service!.internalUrl}/internal/claims?caseId=${caseId}`, { headers: HEADERS });
    expect(answer.status).toBe(200);
    return (await answer.json()) as ClaimView;
  }

  /** Each event once: the outbox relay may publish an event again after a crash, under the same envelope id. */
  const onceEach = (events: ClaimChanged[]) => events.filter((e, i) => events.findIndex((x) => x.id === e.id) === i);

  /** The claim-changed events of a claim, each once, waited for until `check` passes on them. */
  const changesOf = async (claimId: string, check: (mine: ClaimChanged[]) => void) =>
    onceEach(await messages.claimChanges(ns, (e) => e.payload.claimId === claimId, (mine) => check(onceEach(mine))));

  it.each([
    // The bank decides a second after taking the payment, so no callback can be recorded before the failpoint kills.
    ["the bank's callback or reconciliation", { confirmDelayMs: 1_000 }, {}],
    // Only the dispatcher's resend is left: it carries the order's key, and the bank answers with the payment it holds.
    ['its own resend under the same key (the callback lost, reconciliation not due)', { confirmDelayMs: 1_000, dropCallbacks: 1 }, { PAYMENT_RECONCILE_AFTER_MS: '600000' }],
  ])('SIGKILLed after the bank took the payment and before recording it, then restarted and told by %s: one credit in the ledger, the claim ends paid', async (path, faults, restartEnv) => {
    const caseId = randomUUID();
    const account = await openBankAccount(bank, '王丽');
    const birth = await singleBirth(caseId, 654_321, account);
    if (service) await service.stop();
    expect((await bank.admin('PUT', '/faults', faults)).status).toBe(200);
    await startService({ BIRTH_FAILPOINTS: 'payments.after-send-before-record' });
    const doomed = service!.process;

    // The birth as the broker redelivers it (same id) and as the hospital resends it (new id).
    const first = messages.birthMessage(ns, caseId, birth);
    await deliveries.deliver(first, messages.birthMessage(ns, caseId, birth, idOf(first)), messages.birthMessage(ns, caseId, birth));
    expect(await claimOf(caseId)).toMatchObject({ state: 'waiting' });
    // The certificate (twice) accepts the claim and opens its order; the dispatcher sends it and the
    // failpoint kills the process, maybe before the consumer committed the certificate's offset:
    // the wait for the group may end before the restart does, so it settles either way here and
    // the certificate's consumption is checked after the restart.
    const certificatesBefore = await ns.committedCount(ns.topic(GROUP), Topics.birthCertificateItemChangedV1.name);
    const certificate = messages.certificateMessage(ns, caseId, new Date().toISOString());
    const certificateSent = deliveries.deliver(certificate, messages.certificateMessage(ns, caseId, new Date().toISOString(), idOf(certificate))).catch(() => undefined);
    const killed = await expectEventually(
      async () => {
        const { child } = doomed;
        expect(child.signalCode).not.toBeNull();
        return child.signalCode;
      },
      { timeoutMs: 60_000, message: 'the failpoint killed the service' },
    );
    expect(killed).toBe('SIGKILL');
    expect(doomed.output()).toContain('failpoint payments.after-send-before-record: killing process');
    service = undefined;

    // The bank holds the payment under the order's key; the service recorded nothing of its answer.
    const [before, ...more] = await ordersOfCase(caseId);
    expect(more).toEqual([]);
    expect(before).toMatchObject({ state: 'pending', mismatchCode: null });
    expect(await bank.query(`SELECT reference, amount_fen::int AS "amountFen" FROM payments WHERE idempotency_key = $1`, [before!.idempotencyKey])).toEqual([
      { reference: before!.orderId, amountFen: 3_446_091 },
    ]);

    await startService(restartEnv);
    await expectEventually(
      async () => expect(await ns.committedCount(ns.topic(GROUP), Topics.birthCertificateItemChangedV1.name)).toBe(certificatesBefore + 2),
      { timeoutMs: 60_000, message: 'the certificate consumed after the restart' },
    );
    await certificateSent;
    const claim = await expectEventually(
      async () => {
        const answer = await claimOf(caseId);
        expect(answer).toMatchObject({ state: 'done' });
        return answer;
      },
      { timeoutMs: 60_000, message: 'the claim paid after the restart' },
    );
    expect(claim.benefits.map((b) => [b.benefit, b.state, b.amountFen, b.payment.state])).toEqual([
      ['maternity-leave', 'done', 3_446_091, 'paid'], // 654,321 × 158 ÷ 30 = 3,446,090.6 → 3,446,091
    ]);
    // The same order, under the same key: nothing was opened again.
    expect(await ordersOfCase(caseId)).toEqual([{ ...before, state: 'paid' }]);
    if (path.startsWith('its own resend')) {
      const [after] = await ns.query<{ sendAttempts: number; reconciled: boolean }>(
        `SELECT send_attempts AS "sendAttempts", reconciled_at IS NOT NULL AS reconciled FROM "${schema}".payment_orders WHERE order_id = $1`,
        [before!.orderId],
      );
      expect(after).toEqual({ sendAttempts: 2, reconciled: false });
    }
    expect(await creditsTo(bank, account)).toEqual({ credits: 1, sumFen: 3_446_091 });
    expect((await bank.admin('GET', '/ledger')).body.duplicateReferences).toEqual([]);

    // The birth and the certificate once more, as a hospital and the certificate service resend them: nothing paid again.
    await deliveries.deliver(messages.birthMessage(ns, caseId, birth), messages.certificateMessage(ns, caseId, new Date().toISOString()));
    const changes = await changesOf(claim.claimId, (mine) => expect(mine.at(-1)!.payload).toMatchObject({ change: 'paid', item: { state: 'done' } }));
    expect(changes.map((c) => [c.payload.change, c.payload.item.state])).toEqual([
      ['opened', 'waiting'],
      ['accepted', 'in_progress'],
      ['paid', 'done'],
    ]);
    expect(await creditsTo(bank, account)).toEqual({ credits: 1, sumFen: 3_446_091 });
    await service!.stop();
    service = undefined;
  }, 300_000);

  it('raises a mismatch when the ledger holds a payment the claim does not know (voided while the order was at the bank), and pays nothing again', async () => {
    await startService();
    const caseId = randomUUID();
    const account = await openBankAccount(bank, '王丽');
    const birth = await singleBirth(caseId, 543_211, account);
    // The bank takes the payment and decides it only later, its callback lost: only reconciliation learns of it.
    expect((await bank.admin('PUT', '/faults', { dropCallbacks: 1, confirmDelayMs: 8_000 })).status).toBe(200);
    await deliveries.deliver(messages.birthMessage(ns, caseId, birth));
    await deliveries.deliver(messages.certificateMessage(ns, caseId, new Date().toISOString()));
    await expectEventually(async () => expect((await ordersOfCase(caseId)).map((o) => o.state)).toEqual(['sent']), { timeoutMs: 30_000, message: 'the order at the bank' });

    // The birth voided before the bank decided: the claim stops and closes the order the bank still holds.
    await deliveries.deliver(messages.voidMessage(ns, caseId, birth, new Date().toISOString()));
    expect((await ordersOfCase(caseId)).map((o) => [o.state, o.closedReason])).toEqual([['closed', 'BIRTH_VOIDED']]);
    expect(await claimOf(caseId)).toMatchObject({ state: 'revoked' });

    // The bank settles it anyway; reconciliation finds the payment the claim does not know.
    const [order] = await expectEventually(
      async () => {
        const orders = await ordersOfCase(caseId);
        expect(orders.map((o) => o.mismatchCode)).toEqual(['LEDGER_PAYMENT_UNKNOWN_TO_CLAIM']);
        return orders;
      },
      { timeoutMs: 60_000, message: 'the mismatch raised' },
    );
    expect(order!.state).toBe('closed');
    const claim = await claimOf(caseId);
    expect(claim.benefits.map((b) => [b.benefit, b.state, b.reasonCode, b.amountFen])).toEqual([
      ['maternity-leave', 'in_progress', 'PAYMENT_MISMATCH', 2_860_911], // 543,211 × 158 ÷ 30 = 2,860,911.3 → 2,860,911
    ]);
    // Money went out after the claim stopped: the claim no longer reads "nothing was paid" but asks for recovery.
    expect(claim).toMatchObject({ state: 'in_progress', reasonCode: 'RECOVERY_REQUIRED' });
    const changes = await changesOf(claim.claimId, (mine) => expect(mine.map((c) => c.payload.change)).toContain('mismatch'));
    const mismatches = changes.filter((c) => c.payload.change === 'mismatch');
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0]!.payload.benefits).toMatchObject([{ benefit: 'maternity-leave', reasonCode: 'PAYMENT_MISMATCH' }]);
    expect(changes.map((c) => c.payload.change)).not.toContain('paid');
    // The ledger's one payment stays the only one: nothing paid again, nothing reversed.
    expect(await creditsTo(bank, account)).toEqual({ credits: 1, sumFen: 2_860_911 });
    expect(await ordersOfCase(caseId)).toHaveLength(1);

    // A clerk checks the ledger (the payment is this benefit's), then records the recovery: the claim closes, nothing is sent.
    const resolve = async (body: object) => {
      const answer = await fetch(`${service!.internalUrl}/internal/claims/${claim.claimId}/resolutions`, { method: 'POST', headers: { ...HEADERS, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
    };
    expect(await resolve({ kind: 'ledger-confirmed', beneficiary: 'mother', reasonCode: 'LEDGER_CHECKED' })).toEqual({
      status: 200,
      body: { claimId: claim.claimId, kind: 'ledger-confirmed', state: 'in_progress', reasonCode: 'RECOVERY_REQUIRED' },
    });
    expect(await resolve({ kind: 'recovery-recorded', reasonCode: 'REFUND_RECEIVED' })).toEqual({
      status: 200,
      body: { claimId: claim.claimId, kind: 'recovery-recorded', state: 'revoked', reasonCode: 'PAYMENT_RECOVERED' },
    });
    expect((await resolve({ kind: 'recovery-recorded', reasonCode: 'REFUND_RECEIVED' })).status).toBe(409);
    const closed = await claimOf(caseId);
    expect(closed).toMatchObject({ state: 'revoked', reasonCode: 'PAYMENT_RECOVERED', benefits: [{ state: 'done', reasonCode: null }] });
    await changesOf(claim.claimId, (mine) => expect(mine.map((c) => c.payload.change)).toContain('cancelled'));
    expect(await creditsTo(bank, account)).toEqual({ credits: 1, sumFen: 2_860_911 });
    expect(await ordersOfCase(caseId)).toHaveLength(1);
  }, 180_000);
});
