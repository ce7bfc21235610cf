import { newTally, percentile, summaryJson, summaryText, type CaseOutcome } from './summary';

const outcome = (overrides: Partial<CaseOutcome>): CaseOutcome => ({ state: 'open', atRisk: false, breached: false, awaitingApplicant: false, latencyMs: null, completedAtMs: null, ...overrides });

describe('the run summary', () => {
  it('takes nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBe(0);
    expect(percentile([5], 99)).toBe(5);
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  });

  it('counts cases by outcome, throughput from the first send to the last completion, and latency percentiles', () => {
    const tally = newTally(1_000_000);
    tally.accepted = 6;
    tally.rejected = 2;
    tally.rejectedByCode = { NEWBORN_WEIGHT_OUT_OF_RANGE: 1, RESIDENT_ID_CHECKSUM: 1 };
    tally.sagaQueryApi = true;
    tally.cases.set('a', outcome({ state: 'completed', latencyMs: 1200, completedAtMs: 1_002_000 }));
    tally.cases.set('b', outcome({ state: 'completed_with_rejections', latencyMs: 3400, completedAtMs: 1_004_000, breached: true }));
    tally.cases.set('c', outcome({ state: 'open', awaitingApplicant: true, atRisk: true }));
    tally.cases.set('d', outcome({ state: 'open' }));
    tally.cases.set('e', outcome({ state: 'voided' }));
    tally.cases.set('f', outcome({ state: 'completed', awaitingApplicant: true, latencyMs: 2000, completedAtMs: 1_003_000 }));
    expect(summaryJson(tally)).toEqual({
      accepted: 6,
      rejected: 2,
      completed: 3,
      awaitingApplicant: 1,
      atRisk: 1,
      breached: 1,
      completedPerSec: 0.75,
      p50Ms: 2000,
      p99Ms: 3400,
      voided: 1,
      open: 2,
      unanswered: 0,
      sagaQueryApi: true,
    });
    const text = summaryText(tally);
    expect(text).toContain('births rejected: 2, by reason:\n    NEWBORN_WEIGHT_OUT_OF_RANGE: 1\n    RESIDENT_ID_CHECKSUM: 1');
    expect(text).toContain('cases completed: 3 (of which with a rejected item: 1)');
    expect(text).toContain('p50 2000 ms, p99 3400 ms');
    expect(text).not.toContain('did not answer');
  });

  it('says so when the saga could not be asked: zeros, not measurements', () => {
    const tally = newTally(0);
    tally.accepted = 3;
    tally.notes.push('the allowance has no bank-account correction yet');
    const json = summaryJson(tally);
    expect(json).toMatchObject({ accepted: 3, completed: 0, completedPerSec: 0, p50Ms: 0, p99Ms: 0, sagaQueryApi: false });
    expect(summaryText(tally, json)).toMatch(/query API .* did not answer: case figures are zeros, not measurements\n {2}note: the allowance has no bank-account correction yet$/);
  });
});
