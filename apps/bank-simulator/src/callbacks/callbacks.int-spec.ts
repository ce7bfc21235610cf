import { expectEventually } from '@birth/testing';
import { BankUnderTest, newAccountNumber, newKey, paymentBody, TEST_CALLBACK_SECRET } from '../test/bank-process';
import { CallbackReceiver } from '../test/callback-receiver';

interface CallbackRow {
  attempts: number;
  delivered: boolean;
  dropped: boolean;
}

/** Callbacks over real HTTP and PostgreSQL: retried until acknowledged, dropped, late, and durable across a SIGKILL. */
describe('bank simulator: callbacks', () => {
  let bank: BankUnderTest;
  let receiver: CallbackReceiver;
  let account: string;

  const callbackRow = async (key: string): Promise<CallbackRow | undefined> =>
    (
      await bank.query<CallbackRow>(
        `SELECT c.attempts, c.delivered_at IS NOT NULL AS delivered, c.dropped_at IS NOT NULL AS dropped
         FROM callbacks c JOIN payments p ON p.id = c.payment_id WHERE p.idempotency_key = $1`,
        [key],
      )
    )[0];

  beforeAll(async () => {
    receiver = await CallbackReceiver.start();
    bank = await BankUnderTest.start();
    account = newAccountNumber();
    await bank.admin('POST', '/accounts', { number: account, holderName: '王芳' });
  });

  afterAll(async () => {
    await bank?.dispose();
    await receiver?.stop();
  });

  afterEach(async () => {
    receiver.status = () => 200;
    if (bank.process.child.exitCode === null) await bank.admin('DELETE', '/faults');
  });

  it('retries an unacknowledged callback with backoff until the payer answers 2xx, then stops', async () => {
    const key = newKey();
    let refusals = 0;
    receiver.status = (c) => (c.payload.idempotencyKey === key && refusals++ < 2 ? 500 : 200);
    expect((await bank.pay(key, paymentBody(account, receiver.url))).status).toBe(202);
    await expectEventually(async () => expect(await callbackRow(key)).toEqual({ attempts: 3, delivered: true, dropped: false }));
    const received = receiver.for(key);
    expect(received).toHaveLength(3);
    expect(received.every((c) => receiver.verified(TEST_CALLBACK_SECRET, c))).toBe(true);
    expect(new Set(received.map((c) => c.rawBody)).size).toBe(1);
    expect(await bank.ledgerCredits(key)).toBe(1);
  });

  it('drops a callback when told: it never comes, and GET still finds the payment settled', async () => {
    await bank.admin('PUT', '/faults', { dropCallbacks: 1 });
    const key = newKey();
    const accepted = await bank.pay(key, paymentBody(account, receiver.url));
    await expectEventually(async () => expect(await callbackRow(key)).toEqual({ attempts: 1, delivered: false, dropped: true }));
    expect(receiver.for(key)).toEqual([]);
    const found = await bank.request('GET', `/payments/${key}`);
    expect(found.body).toMatchObject({ state: 'settled', bankReference: accepted.body.bankReference, amountFen: 1_234_567 });
    expect(await bank.ledgerCredits(key)).toBe(1);
    expect((await bank.admin('GET', '/faults')).body).toMatchObject({ dropCallbacks: 0 });
  });

  it('confirms late when told: accepted until the delay has passed, then settled and called back', async () => {
    await bank.admin('PUT', '/faults', { confirmDelayMs: 3000 });
    const key = newKey();
    expect((await bank.pay(key, paymentBody(account, receiver.url))).status).toBe(202);
    expect((await bank.request('GET', `/payments/${key}`)).body).toMatchObject({ state: 'accepted', settledAt: null });
    expect(await bank.ledgerCredits(key)).toBe(0);
    const [callback] = await expectEventually(() => {
      expect(receiver.for(key)).toHaveLength(1);
      return receiver.for(key);
    });
    const found = await bank.request('GET', `/payments/${key}`);
    expect(Date.parse(callback!.payload.decidedAt) - Date.parse(found.body.acceptedAt)).toBeGreaterThanOrEqual(3000);
    expect(await bank.ledgerCredits(key)).toBe(1);
  });

  it('keeps its promises across a SIGKILL: a payment accepted before the kill is settled once and called back after the restart', async () => {
    const beforeSettling = newKey();
    const beforeCallback = newKey();
    receiver.status = (c) => (c.payload.idempotencyKey === beforeCallback ? 503 : 200);
    expect((await bank.pay(beforeCallback, paymentBody(account, receiver.url))).status).toBe(202);
    await expectEventually(async () => expect((await callbackRow(beforeCallback))?.attempts).toBeGreaterThanOrEqual(1));
    await bank.admin('PUT', '/faults', { confirmDelayMs: 3000 });
    expect((await bank.pay(beforeSettling, paymentBody(account, receiver.url))).status).toBe(202);
    await bank.kill('SIGKILL');
    expect(await bank.ledgerCredits(beforeSettling)).toBe(0);

    receiver.status = () => 200;
    await bank.restart();
    await expectEventually(async () => {
      expect(await callbackRow(beforeSettling)).toMatchObject({ delivered: true });
      expect(await callbackRow(beforeCallback)).toMatchObject({ delivered: true });
    });
    expect(receiver.for(beforeSettling).map((c) => c.payload.state)).toEqual(['settled']);
    expect(receiver.for(beforeCallback).at(-1)!.payload.state).toBe('settled');
    expect(await bank.ledgerCredits(beforeSettling)).toBe(1);
    expect(await bank.ledgerCredits(beforeCallback)).toBe(1);
  });
});
