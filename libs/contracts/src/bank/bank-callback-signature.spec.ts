import { signBankCallback, verifyBankCallback } from './bank-callback-signature';

describe('bank callback signature', () => {
  const secret = 'shared-secret';
  const now = 1_780_000_000_000;
  const body = '{"idempotencyKey":"k1","state":"settled","amountFen":12345}';
  const timestamp = String(now - 1000);
  const signature = signBankCallback(secret, timestamp, body);

  it('accepts the body, timestamp and signature the bank sent', () => {
    expect(verifyBankCallback(secret, { rawBody: Buffer.from(body), timestamp, signature }, now)).toEqual({ ok: true });
  });

  it('detects a tampered body, a moved timestamp, another secret and a missing header', () => {
    expect(verifyBankCallback(secret, { rawBody: body.replace('12345', '99999'), timestamp, signature }, now)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    expect(verifyBankCallback(secret, { rawBody: body, timestamp: String(now), signature }, now)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    expect(verifyBankCallback('other', { rawBody: body, timestamp, signature }, now)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    expect(verifyBankCallback(secret, { rawBody: body, timestamp, signature: undefined }, now)).toEqual({ ok: false, reason: 'MISSING_SIGNATURE' });
  });

  it('refuses a replay outside the window, and a timestamp that is not a number', () => {
    expect(verifyBankCallback(secret, { rawBody: body, timestamp, signature }, now + 10 * 60_000)).toEqual({ ok: false, reason: 'STALE_TIMESTAMP' });
    expect(verifyBankCallback(secret, { rawBody: body, timestamp: 'yesterday', signature }, now)).toEqual({ ok: false, reason: 'STALE_TIMESTAMP' });
  });
});
