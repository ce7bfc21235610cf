import { callbackRetryDelayMs, settlementDecision } from './settlement';
import { paymentBodyHash, PaymentRequest } from './payment-request';

describe('settlementDecision', () => {
  it('settles to an open account held by the name given', () => {
    expect(settlementDecision({ holderName: '王芳', state: 'open' }, '王芳')).toEqual({ state: 'settled' });
  });
  it('rejects an unknown, a closed account and another holder', () => {
    expect(settlementDecision(undefined, '王芳')).toEqual({ state: 'rejected', reasonCode: 'ACCOUNT_NOT_FOUND' });
    expect(settlementDecision({ holderName: '王芳', state: 'closed' }, '王芳')).toEqual({ state: 'rejected', reasonCode: 'ACCOUNT_CLOSED' });
    expect(settlementDecision({ holderName: '王芳', state: 'open' }, '李娜')).toEqual({ state: 'rejected', reasonCode: 'HOLDER_NAME_MISMATCH' });
  });
});

describe('callbackRetryDelayMs', () => {
  it('doubles from the base and stops at the maximum', () => {
    expect([1, 2, 3, 4, 10].map((n) => callbackRetryDelayMs(n, 1000, 5000))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
});

describe('paymentBodyHash', () => {
  const request = (amountFen: number, bankCode?: string): PaymentRequest =>
    Object.assign(new PaymentRequest(), { amountFen, currency: 'CNY', account: { number: '6222020200112233445', holderName: '王芳', bankCode }, reference: 'o1', callbackUrl: 'http://127.0.0.1/cb' });
  it('is the same for the same fields and differs when any field differs', () => {
    expect(paymentBodyHash(request(100))).toBe(paymentBodyHash(request(100)));
    expect(paymentBodyHash(request(100))).not.toBe(paymentBodyHash(request(101)));
    expect(paymentBodyHash(request(100))).not.toBe(paymentBodyHash(request(100, 'ICBC')));
  });
});
