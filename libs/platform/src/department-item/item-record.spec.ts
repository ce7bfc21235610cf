import { recordAfter, sameFacts, type ItemRecord } from './item-record';

const waiting: ItemRecord<{ certificateNumber?: string | null; holder?: string }> = {
  caseId: 'c0ffee00-0000-4000-8000-000000000001',
  item: 'household-registration',
  state: 'waiting',
  reasonCode: null,
  reason: null,
  waitingFor: ['birth-certificate'],
  prerequisitesMetAt: null,
  ruleVersion: '2026.1',
  facts: { holder: 'x' },
  version: 3,
  openedAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
};

describe('recordAfter', () => {
  it('describes the new state afresh, carries the clock and the rule version over, merges the facts, raises the version', () => {
    const after = recordAfter(waiting, { change: 'in-progress', state: 'in_progress', reasonCode: 'MANUAL_REVIEW', facts: { certificateNumber: 'A123456789' } }, '2026-03-02T00:00:00.000Z');
    expect(after).toEqual({
      ...waiting,
      state: 'in_progress',
      reasonCode: 'MANUAL_REVIEW',
      waitingFor: [],
      facts: { holder: 'x', certificateNumber: 'A123456789' },
      version: 4,
      updatedAt: '2026-03-02T00:00:00.000Z',
    });
  });

  it('keeps prerequisitesMetAt in UTC as it is stored, and refuses what is no instant', () => {
    expect(recordAfter(waiting, { change: 'registered', state: 'done', prerequisitesMetAt: '2026-03-02T09:30:00+08:00' }, 'now').prerequisitesMetAt).toBe('2026-03-02T01:30:00.000Z');
    expect(() => recordAfter(waiting, { change: 'registered', state: 'done', prerequisitesMetAt: 'soon' }, 'now')).toThrow('prerequisitesMetAt is not an instant: soon');
  });
});

describe('sameFacts', () => {
  it('ignores key order and keys set to null, nested too', () => {
    expect(sameFacts({ a: 1, b: { c: [1, { d: null, e: 2 }] } }, { b: { c: [1, { e: 2 }] }, a: 1, z: null })).toBe(true);
  });

  it('sees any other difference', () => {
    expect(sameFacts({ a: 1 }, { a: '1' })).toBe(false);
    expect(sameFacts({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameFacts({ a: 1 }, {})).toBe(false);
  });
});
