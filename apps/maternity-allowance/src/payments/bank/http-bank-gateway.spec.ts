import { signBankCallback } from '@birth/contracts';
import type { PaymentsConfig } from '../payments.config';
import { HttpBankGateway } from './http-bank-gateway';

describe('the bank adapter reads a callback', () => {
  const secret = 'unit-test-bank-callback-secret';
  const bank = new HttpBankGateway({ BANK_CALLBACK_SECRET: secret } as PaymentsConfig);
  const settled = {
    idempotencyKey: 'allowance-6b1f0d6e-1f7e-4c4b-9d8e-2b0d3c1a9f00',
    bankReference: 'BSIM202612010000000042',
    reference: '0d3c1a9f-6b1f-4c4b-9d8e-2b0d1f7e0d6e',
    state: 'settled',
    amountFen: 5_055_551,
    currency: 'CNY',
    decidedAt: '2026-12-01T10:00:00.000Z',
    newFieldTheBankAdded: 'ignored',
  };
  const signed = (body: object) => {
    const raw = Buffer.from(JSON.stringify(body));
    const timestamp = String(Date.now());
    return { raw, headers: { 'x-bank-timestamp': timestamp, 'x-bank-signature': signBankCallback(secret, timestamp, raw) } };
  };

  it('turns a signed settlement into a settled verdict with the bank’s time, ignoring fields it does not know', () => {
    const { raw, headers } = signed(settled);
    expect(bank.readCallback(raw, headers)).toEqual({
      ok: true,
      idempotencyKey: 'allowance-6b1f0d6e-1f7e-4c4b-9d8e-2b0d3c1a9f00',
      reference: '0d3c1a9f-6b1f-4c4b-9d8e-2b0d1f7e0d6e',
      verdict: { kind: 'settled', bankReference: 'BSIM202612010000000042', amountFen: 5_055_551, at: '2026-12-01T10:00:00.000Z' },
    });
  });

  it('turns a signed rejection into a rejected verdict with the bank’s reason code', () => {
    const { raw, headers } = signed({ ...settled, state: 'rejected', reasonCode: 'ACCOUNT_CLOSED' });
    expect(bank.readCallback(raw, headers)).toMatchObject({ ok: true, verdict: { kind: 'rejected', reasonCode: 'ACCOUNT_CLOSED', at: '2026-12-01T10:00:00.000Z' } });
  });

  it('refuses a body changed after signing (401) and a signed body that is not a callback (400)', () => {
    const { headers } = signed(settled);
    expect(bank.readCallback(Buffer.from(JSON.stringify({ ...settled, amountFen: 9_999_999 })), headers)).toMatchObject({ ok: false, status: 401, code: 'BAD_SIGNATURE' });
    const odd = signed({ ...settled, state: 'pending' });
    expect(bank.readCallback(odd.raw, odd.headers)).toMatchObject({ ok: false, status: 400, code: 'CALLBACK_MALFORMED' });
    expect(bank.readCallback(Buffer.from('{}'), {})).toMatchObject({ ok: false, status: 401, code: 'MISSING_SIGNATURE' });
  });
});
