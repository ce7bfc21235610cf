import type { InternalApiClient } from '@birth/platform';
import { CaseWatcher, completionAtMs, type SagaCase } from './case-watcher';
import { newTally } from './summary';

/** The saga's answers, one per GET, from a list (a stand-in for its internal API). */
function sagaAnswering(answers: Record<string, (SagaCase | { status: number; errors: { code: string }[] })[]>): InternalApiClient {
  return {
    get: async (path: string) => {
      const caseId = path.split('/').pop()!;
      const next = answers[caseId]!.shift()!;
      return 'state' in next ? { ok: true, status: 200, body: next } : { ok: false, status: next.status, errors: next.errors };
    },
  } as unknown as InternalApiClient;
}

const sagaCase = (overrides: Partial<SagaCase>): SagaCase => ({ caseId: 'c', state: 'open', atRisk: false, breached: false, completedAt: null, steps: [], ...overrides });

describe('the case watcher', () => {
  it('takes the saga\'s completedAt when it lies between the request and now, else the moment it was seen', () => {
    expect(completionAtMs({ completedAt: '2026-12-01T10:00:05.000Z' }, Date.parse('2026-12-01T10:00:00Z'), Date.parse('2026-12-01T10:00:09Z'))).toBe(Date.parse('2026-12-01T10:00:05Z'));
    // The saga's clock moved ahead (--days-per-minute): its instant is not wall-clock time.
    expect(completionAtMs({ completedAt: '2026-12-04T10:00:05.000Z' }, Date.parse('2026-12-01T10:00:00Z'), Date.parse('2026-12-01T10:00:09Z'))).toBe(Date.parse('2026-12-01T10:00:09Z'));
    expect(completionAtMs({ completedAt: null }, 1_000, 4_000)).toBe(4_000);
  });

  it('follows a case until it is completed, recording waits, risk, breach and latency, then stops asking', async () => {
    const tally = newTally(0);
    const requestAt = Date.now() - 5_000;
    const completedAt = new Date(requestAt + 3_000).toISOString();
    const answers = {
      a: [
        { status: 404, errors: [{ code: 'CASE_NOT_FOUND' }] },
        sagaCase({ atRisk: true, steps: [{ item: 'maternity-allowance', state: 'awaiting_applicant', waitingFor: ['bank-account'], reasonCode: 'ACCOUNT_CLOSED', claimId: 'k' }] }),
        sagaCase({ state: 'completed', breached: true, completedAt, steps: [{ item: 'maternity-allowance', state: 'done', waitingFor: [], reasonCode: null, claimId: 'k' }] }),
      ],
    };
    const watcher = new CaseWatcher(sagaAnswering(answers), tally);
    const seen: string[] = [];
    watcher.onAnswer((caseId, saga) => seen.push(`${caseId}:${saga.state}`));
    watcher.watch('a', requestAt);

    await watcher.pollOnce();
    expect(tally.sagaQueryApi).toBe(false);
    expect(watcher.pending).toBe(1);
    await watcher.pollOnce();
    expect(tally.cases.get('a')).toMatchObject({ state: 'open', atRisk: true, awaitingApplicant: true, latencyMs: null });
    await watcher.pollOnce();
    expect(tally.cases.get('a')).toEqual({ state: 'completed', atRisk: false, breached: true, awaitingApplicant: false, latencyMs: 3_000, completedAtMs: requestAt + 3_000 });
    expect(watcher.pending).toBe(0);
    await watcher.pollOnce(); // nothing left to ask: the list of answers is empty
    expect(seen).toEqual(['a:open', 'a:completed']);
    expect(tally.sagaQueryApi).toBe(true);
    expect(watcher.unavailable).toBeNull();
  });

  it('says the API is missing when the route answers 404 without the platform\'s error body', async () => {
    const tally = newTally(0);
    const watcher = new CaseWatcher(sagaAnswering({ b: [{ status: 404, errors: [] }] }), tally);
    watcher.watch('b', Date.now());
    await watcher.pollOnce();
    expect(watcher.unavailable).toBe('the saga has no GET /internal/cases/{caseId}');
  });
});
