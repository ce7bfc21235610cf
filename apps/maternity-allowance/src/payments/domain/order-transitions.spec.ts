import { retryDelayMs, stepFor, type OrderFacts } from './order-transitions';

const order = (state: OrderFacts['state'], amountFen = 5_055_551, mismatched = false): OrderFacts => ({ state, amountFen, mismatched });
const settled = (amountFen = 5_055_551) => ({ kind: 'settled' as const, bankReference: 'BSIM1', amountFen, at: '2026-12-01T10:00:00.000Z' });
const rejected = { kind: 'rejected' as const, bankReference: 'BSIM1', reasonCode: 'ACCOUNT_CLOSED', at: '2026-12-01T10:00:00.000Z' };

describe('what an answer of the bank does to a payment order', () => {
  it('pays a pending or sent order once; a paid order stays paid', () => {
    expect(stepFor(order('pending'), settled())).toEqual({ step: 'pay' });
    expect(stepFor(order('sent'), settled())).toEqual({ step: 'pay' });
    expect(stepFor(order('paid'), settled())).toEqual({ step: 'nothing' });
  });

  it('rejects a pending or sent order; the same rejection again changes nothing; a closed order only records it', () => {
    expect(stepFor(order('sent'), rejected)).toEqual({ step: 'reject' });
    expect(stepFor(order('pending'), rejected)).toEqual({ step: 'reject' });
    expect(stepFor(order('rejected'), rejected)).toEqual({ step: 'nothing' });
    expect(stepFor(order('closed'), rejected)).toEqual({ step: 'record-answer' });
  });

  it('marks a pending order sent when the bank accepted it, and nothing else', () => {
    expect(stepFor(order('pending'), { kind: 'accepted', bankReference: 'B', at: '2026-12-01T10:00:00.000Z' })).toEqual({ step: 'mark-sent' });
    expect(stepFor(order('sent'), { kind: 'accepted', bankReference: 'B', at: '2026-12-01T10:00:00.000Z' })).toEqual({ step: 'nothing' });
    expect(stepFor(order('paid'), { kind: 'accepted', bankReference: 'B', at: '2026-12-01T10:00:00.000Z' })).toEqual({ step: 'nothing' });
  });

  it('raises a mismatch when the ledger disagrees, never a payment', () => {
    expect(stepFor(order('closed'), settled())).toMatchObject({ step: 'mismatch', reasonCode: 'LEDGER_PAYMENT_UNKNOWN_TO_CLAIM' });
    expect(stepFor(order('rejected'), settled())).toMatchObject({ step: 'mismatch', reasonCode: 'LEDGER_PAID_REJECTED_ORDER' });
    expect(stepFor(order('paid'), rejected)).toMatchObject({ step: 'mismatch', reasonCode: 'LEDGER_REJECTED_PAID_ORDER' });
    expect(stepFor(order('sent'), settled(5_055_550))).toEqual({
      step: 'mismatch',
      reasonCode: 'LEDGER_AMOUNT_DIFFERS',
      detail: 'the bank settled 5055550 fen; the order is for 5055551 fen',
    });
    expect(stepFor(order('sent'), { kind: 'unknown' })).toMatchObject({ step: 'mismatch', reasonCode: 'LEDGER_PAYMENT_MISSING' });
  });

  it('raises a mismatch once: an order already mismatched takes no further step', () => {
    expect(stepFor(order('closed', 5_055_551, true), settled())).toEqual({ step: 'nothing' });
  });

  it('leaves a pending order the bank does not know to the dispatcher', () => {
    expect(stepFor(order('pending'), { kind: 'unknown' })).toEqual({ step: 'nothing' });
    expect(stepFor(order('closed'), { kind: 'unknown' })).toEqual({ step: 'record-answer' });
  });

  it('backs off by doubling, capped', () => {
    expect([1, 2, 3, 4, 10].map((n) => retryDelayMs(n, 500, 4_000))).toEqual([500, 1_000, 2_000, 4_000, 4_000]);
  });
});
