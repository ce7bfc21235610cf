import { IllegalItemTransitionError } from '@birth/platform';
import { insuranceItem } from './insurance-item';

describe('the medical insurance item’s transitions', () => {
  it('opens waiting for the certificate or rejected at once, and enrols from waiting', () => {
    expect(insuranceItem.allows(null, 'waiting')).toBe(true);
    expect(insuranceItem.allows(null, 'rejected')).toBe(true);
    expect(insuranceItem.allows(null, 'done')).toBe(false);
    expect(insuranceItem.allows('waiting', 'done')).toBe(true);
  });

  it('re-decides a waiting item on a correction: a new basis (waiting → waiting) or rejected; an outcome is never reopened', () => {
    expect(insuranceItem.allows('waiting', 'waiting')).toBe(true);
    expect(insuranceItem.allows('waiting', 'rejected')).toBe(true);
    expect(insuranceItem.allows('rejected', 'waiting')).toBe(false);
    expect(insuranceItem.allows('done', 'waiting')).toBe(false);
  });

  it('records the payment on an enrolled item (done → done) and undoes anything but a revoked item', () => {
    expect(insuranceItem.allows('done', 'done')).toBe(true);
    for (const from of ['waiting', 'done', 'rejected'] as const) expect(insuranceItem.allows(from, 'revoked')).toBe(true);
    expect(() => insuranceItem.check('rejected', 'done')).toThrow(IllegalItemTransitionError);
    expect(() => insuranceItem.check('revoked', 'done')).toThrow(IllegalItemTransitionError);
  });
});
