import { IllegalItemTransitionError, ItemTransitions } from './item-transitions';
import { checkItemStatus, InvalidItemStatusError, sameItemStatus, type ItemStatus } from './item-status';

// A table shaped like household registration's: waits for the certificate, may need the
// applicant or a clerk, ends registered, forwarded or revoked.
const registration = ItemTransitions.define({
  item: 'household-registration',
  opensIn: ['waiting', 'awaiting_applicant'],
  moves: {
    waiting: ['done', 'in_progress', 'awaiting_applicant', 'forwarded', 'revoked'],
    awaiting_applicant: ['waiting', 'done', 'revoked'],
    in_progress: ['done', 'revoked'],
    done: ['in_progress', 'revoked'],
    forwarded: ['revoked'],
  },
});

const status = (over: Partial<ItemStatus>): ItemStatus => ({
  state: 'done',
  reasonCode: null,
  reason: null,
  waitingFor: [],
  prerequisitesMetAt: null,
  ruleVersion: null,
  ...over,
});

describe('ItemTransitions', () => {
  it('allows the moves of the table and the opening states', () => {
    expect(registration.allows(null, 'waiting')).toBe(true);
    expect(registration.allows('waiting', 'done')).toBe(true);
    expect(registration.allows('done', 'revoked')).toBe(true);
  });

  it('refuses what the table does not list, with a message naming the item, the move and what is allowed', () => {
    expect(() => registration.check('done', 'waiting')).toThrow(
      new IllegalItemTransitionError('household-registration', 'done', 'waiting', ['in_progress', 'revoked']),
    );
    expect(() => registration.check('done', 'waiting')).toThrow('household-registration: done → waiting is not an allowed transition (from done: in_progress, revoked)');
    expect(() => registration.check(null, 'done')).toThrow('household-registration: an item cannot open in done (it opens in waiting, awaiting_applicant)');
  });

  it('a state with no moves is final, and says so', () => {
    expect(() => registration.check('revoked', 'done')).toThrow('from revoked: none, it is final');
    expect(registration.allows('revoked', 'revoked')).toBe(false);
  });

  it('a table naming an unknown state, or opening in none, fails when it is defined', () => {
    expect(() => ItemTransitions.define({ item: 'birth-certificate', opensIn: ['waiting'], moves: { waiting: ['issued' as never] } })).toThrow(
      'birth-certificate: the transition table names unknown states: issued',
    );
    expect(() => ItemTransitions.define({ item: 'birth-certificate', opensIn: [], moves: {} })).toThrow('opens in no state');
  });
});

describe('checkItemStatus', () => {
  const bad = (s: Partial<ItemStatus>) => () => checkItemStatus('medical-insurance', status(s));

  it('accepts well-formed statuses of every kind', () => {
    expect(bad({ state: 'waiting', waitingFor: ['birth-certificate'] })).not.toThrow();
    expect(bad({ state: 'in_progress', reasonCode: 'MANUAL_REVIEW' })).not.toThrow();
    expect(bad({ state: 'rejected', reasonCode: 'NOT_ELIGIBLE', reason: { zh: '不符合参保条件', en: 'Not eligible' } })).not.toThrow();
    expect(bad({ state: 'done' })).not.toThrow();
  });

  it('waiting states must name what they wait for; the others must not', () => {
    expect(bad({ state: 'waiting' })).toThrow(InvalidItemStatusError);
    expect(bad({ state: 'awaiting_applicant' })).toThrow('awaiting_applicant must say what it waits for (waitingFor)');
    expect(bad({ state: 'done', waitingFor: ['birth-certificate'] })).toThrow('done waits for nothing, yet waitingFor is [birth-certificate]');
    expect(bad({ state: 'waiting', waitingFor: ['birth-certificate', 'birth-certificate'] })).toThrow('repeats');
  });

  it('in_progress needs a reason code, rejected a reason, and a reason text its code', () => {
    expect(bad({ state: 'in_progress' })).toThrow('in_progress needs a reasonCode');
    expect(bad({ state: 'rejected', reasonCode: 'NOT_ELIGIBLE' })).toThrow('rejected needs a reasonCode and a reason');
    expect(bad({ state: 'done', reason: { zh: '说明', en: 'note' } })).toThrow('a reason text needs its reasonCode');
  });
});

describe('sameItemStatus', () => {
  it('ignores the order of waitingFor and the spelling of an instant', () => {
    const a = status({ state: 'waiting', waitingFor: ['citizen-id-number', 'insurance-outcome'], prerequisitesMetAt: '2026-03-01T08:00:00+08:00' });
    const b = status({ state: 'waiting', waitingFor: ['insurance-outcome', 'citizen-id-number'], prerequisitesMetAt: '2026-03-01T00:00:00.000Z' });
    expect(sameItemStatus(a, b)).toBe(true);
  });

  it('any other difference counts', () => {
    const a = status({ state: 'in_progress', reasonCode: 'MANUAL_REVIEW' });
    expect(sameItemStatus(a, { ...a, reasonCode: 'NUMBER_BLOCK_EXHAUSTED' })).toBe(false);
    expect(sameItemStatus(a, { ...a, ruleVersion: '2026.1' })).toBe(false);
    expect(sameItemStatus(a, { ...a, reason: { zh: '人工审核', en: 'Manual review' } })).toBe(false);
    expect(sameItemStatus(a, { ...a, prerequisitesMetAt: '2026-03-01T00:00:00Z' })).toBe(false);
  });
});
