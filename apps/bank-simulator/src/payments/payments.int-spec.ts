import { expectEventually } from '@birth/testing';
import { BankUnderTest, newAccountNumber, newKey, paymentBody, TEST_CALLBACK_SECRET } from '../test/bank-process';
import { CallbackReceiver } from '../test/callback-receiver';

/** The payer's API over real HTTP and PostgreSQL: idempotency, validation, rejection, transient failures. */
describe('bank simulator: payments', () => {
  let bank: BankUnderTest;
  let receiver: CallbackReceiver;
  let account: string;

  beforeAll(async () => {
    receiver = await CallbackReceiver.start();
    bank = await BankUnderTest.start();
    account = newAccountNumber();
    expect((await bank.admin('POST', '/accounts', { number: account, holderName: '王芳' })).status).toBe(201);
  });

  afterAll(async () => {
    await bank?.dispose();
    await receiver?.stop();
  });

  afterEach(async () => {
    if (bank.process.child.exitCode === null) await bank.admin('DELETE', '/faults');
  });

  it('pays once per key: the same body again answers the same payment, the ledger has one entry, the callback is signed', async () => {
    const key = newKey();
    const body = paymentBody(account, receiver.url);
    const first = await bank.pay(key, body);
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ idempotencyKey: key, state: 'accepted', amountFen: 1_234_567, account: { number: `***************${account.slice(-4)}` } });
    const again = await bank.pay(key, { ...body, account: { holderName: '王芳', number: account } });
    expect(again.status).toBe(200);
    expect(again.body.bankReference).toBe(first.body.bankReference);

    const [callback] = await expectEventually(() => {
      const found = receiver.for(key);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(callback!.payload).toMatchObject({ idempotencyKey: key, bankReference: first.body.bankReference, reference: body.reference, state: 'settled', amountFen: 1_234_567, currency: 'CNY' });
    expect(receiver.verified(TEST_CALLBACK_SECRET, callback!)).toBe(true);
    expect(receiver.verified(TEST_CALLBACK_SECRET, { ...callback!, rawBody: callback!.rawBody.replace('1234567', '7654321') })).toBe(false);
    expect(receiver.verified('another-secret-of-enough-length', callback!)).toBe(false);

    expect(await bank.ledgerCredits(key)).toBe(1);
    const ledger = await bank.admin('GET', `/ledger?idempotencyKey=${key}`);
    expect(ledger.body).toEqual({ settledCount: 1, settledSumFen: 1_234_567, byKey: [{ idempotencyKey: key, settledCount: 1, settledSumFen: 1_234_567 }], duplicateReferences: [] });
    const found = await bank.request('GET', `/payments/${key}`);
    expect(found.body).toMatchObject({ state: 'settled', bankReference: first.body.bankReference, settledAt: callback!.payload.decidedAt });
  });

  it('refuses another body under a used key, and pays nothing for it', async () => {
    const key = newKey();
    const body = paymentBody(account, receiver.url);
    expect((await bank.pay(key, body)).status).toBe(202);
    const other = await bank.pay(key, { ...body, amountFen: 1 });
    expect(other.status).toBe(409);
    expect(other.body.errors[0]).toMatchObject({ field: 'Idempotency-Key', code: 'IDEMPOTENCY_KEY_REUSED' });
    await expectEventually(async () => expect(await bank.ledgerCredits(key)).toBe(1));
    expect((await bank.query(`SELECT amount_fen FROM payments WHERE idempotency_key = $1`, [key])).map((r) => Number(r['amount_fen']))).toEqual([1_234_567]);
  });

  it('refuses a malformed account, a bad amount and a missing key at once (422/400), storing nothing', async () => {
    const key = newKey();
    const bad = await bank.pay(key, paymentBody('12AB', receiver.url, { amountFen: 1.5, currency: 'USD' }));
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['account.number', 'amountFen', 'currency']);
    expect(JSON.stringify(bad.body)).not.toContain('12AB');
    expect((await bank.request('POST', '/payments', paymentBody(account, receiver.url))).body.errors[0].code).toBe('IDEMPOTENCY_KEY_MISSING');
    expect(await bank.query(`SELECT 1 FROM payments WHERE idempotency_key = $1`, [key])).toEqual([]);
  });

  it('accepts a payment to a closed or unknown account, then rejects it by callback, with no ledger entry', async () => {
    const closed = newAccountNumber();
    await bank.admin('POST', '/accounts', { number: closed, holderName: '李娜' });
    expect((await bank.admin('POST', '/accounts/close', { number: closed })).body).toEqual({ number: expect.stringMatching(/^\*+\d{4}$/), state: 'closed' });
    const toClosed = newKey();
    const toUnknown = newKey();
    expect((await bank.pay(toClosed, paymentBody(closed, receiver.url, { account: { number: closed, holderName: '李娜' } }))).status).toBe(202);
    expect((await bank.pay(toUnknown, paymentBody(newAccountNumber(), receiver.url))).status).toBe(202);
    await expectEventually(() => {
      expect(receiver.for(toClosed).map((c) => c.payload)).toEqual([expect.objectContaining({ state: 'rejected', reasonCode: 'ACCOUNT_CLOSED' })]);
      expect(receiver.for(toUnknown).map((c) => c.payload)).toEqual([expect.objectContaining({ state: 'rejected', reasonCode: 'ACCOUNT_NOT_FOUND' })]);
    });
    expect(await bank.ledgerCredits(toClosed)).toBe(0);
    expect((await bank.request('GET', `/payments/${toClosed}`)).body).toMatchObject({ state: 'rejected', reasonCode: 'ACCOUNT_CLOSED', settledAt: null });
  });

  it('ten clients posting one key at once: one payment, one ledger entry, the same answer for all', async () => {
    const key = newKey();
    const body = paymentBody(account, receiver.url);
    const answers = await Promise.all(Array.from({ length: 10 }, () => bank.pay(key, body)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 202]);
    expect(new Set(answers.map((a) => a.body.bankReference)).size).toBe(1);
    await expectEventually(async () => expect(receiver.for(key)).toHaveLength(1));
    expect(await bank.ledgerCredits(key)).toBe(1);
  });

  it('fails transiently when told (503, nothing stored), then pays once on the retry', async () => {
    expect((await bank.admin('PUT', '/faults', { failNext: 2 })).body).toMatchObject({ failNext: 2 });
    const key = newKey();
    const body = paymentBody(account, receiver.url);
    const first = await bank.pay(key, body);
    expect(first.status).toBe(503);
    expect(first.body.errors[0].code).toBe('BANK_UNAVAILABLE');
    expect((await bank.pay(key, body)).status).toBe(503);
    expect(await bank.query(`SELECT 1 FROM payments WHERE idempotency_key = $1`, [key])).toEqual([]);
    expect((await bank.pay(key, body)).status).toBe(202);
    expect((await bank.pay(key, body)).status).toBe(200);
    await expectEventually(async () => expect(await bank.ledgerCredits(key)).toBe(1));
  });

  it('loses an answer when told: the payment is stored though the payer saw 503, and the retry gets the original', async () => {
    await bank.admin('PUT', '/faults', { loseAnswers: 1 });
    const key = newKey();
    const body = paymentBody(account, receiver.url);
    expect((await bank.pay(key, body)).status).toBe(503);
    const found = await bank.request('GET', `/payments/${key}`);
    expect(found.status).toBe(200);
    const retried = await bank.pay(key, body);
    expect(retried.status).toBe(200);
    expect(retried.body.bankReference).toBe(found.body.bankReference);
    await expectEventually(async () => expect(await bank.ledgerCredits(key)).toBe(1));
  });

  it('pays one reference twice under two keys, as asked, and the ledger summary names it a duplicate', async () => {
    const body = paymentBody(account, receiver.url);
    const [first, second] = [newKey(), newKey()].sort();
    expect((await bank.pay(first!, body)).status).toBe(202);
    expect((await bank.pay(second!, body)).status).toBe(202);
    await expectEventually(async () => expect(await bank.ledgerCredits(second!)).toBe(1));
    const ledger = await bank.admin('GET', '/ledger');
    expect(ledger.body.duplicateReferences).toEqual([{ reference: body.reference, settledCount: 2, idempotencyKeys: [first, second] }]);
  });

  it('keeps /admin behind its token', async () => {
    expect((await bank.request('GET', '/admin/ledger')).status).toBe(401);
    expect((await bank.request('GET', '/admin/ledger', undefined, { authorization: 'Bearer wrong-token-wrong-token' })).body.errors[0].code).toBe('ADMIN_TOKEN_INVALID');
  });

  it('stops on SIGTERM: exit code 0', async () => {
    bank.process.kill('SIGTERM');
    expect(await bank.process.exited).toEqual({ code: 0, signal: null });
    expect(bank.process.output()).toMatch(/shutting down on SIGTERM/);
  });
});
