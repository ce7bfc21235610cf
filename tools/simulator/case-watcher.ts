import type { InternalApiClient } from '@birth/platform';
import type { CaseOutcome, RunTally } from './summary';

// Follows every accepted case through the saga's query API (GET /internal/cases/{caseId} on the
// saga's internal port) until it is completed or voided, recording each case's outcome in the
// tally: state, at risk, breached, waiting for the applicant, and the time from the hospital's
// request to the last step done.

/** The parts of the saga's CaseAnswer the simulator reads. */
export interface SagaCase {
  caseId: string;
  state: string;
  atRisk: boolean;
  breached: boolean;
  completedAt: string | null;
  steps: { item: string; state: string; waitingFor: string[]; reasonCode: string | null; claimId: string | null }[];
}

const FINAL = new Set(['completed', 'completed_with_rejections', 'voided']);
const CONCURRENCY = 8;

interface Watched {
  requestAtMs: number;
  final: boolean;
}

export class CaseWatcher {
  private readonly watched = new Map<string, Watched>();
  private readonly listeners: ((caseId: string, answer: SagaCase) => void)[] = [];
  /** Set once the API showed it is not there (a route 404 or no listener), with why. */
  unavailable: string | null = null;

  constructor(
    private readonly saga: InternalApiClient,
    private readonly tally: RunTally,
  ) {}

  /** Follows the case accepted for a request sent at `requestAtMs`. */
  watch(caseId: string, requestAtMs: number): void {
    if (this.watched.has(caseId)) return;
    this.watched.set(caseId, { requestAtMs, final: false });
    this.tally.cases.set(caseId, { state: 'unknown', atRisk: false, breached: false, awaitingApplicant: false, latencyMs: null, completedAtMs: null });
  }

  /** Called with every answer the saga gives. */
  onAnswer(listener: (caseId: string, answer: SagaCase) => void): void {
    this.listeners.push(listener);
  }

  /** Cases not yet completed or voided. */
  get pending(): number {
    let count = 0;
    for (const watched of this.watched.values()) if (!watched.final) count += 1;
    return count;
  }

  /** Asks the saga once about every case not final yet. */
  async pollOnce(): Promise<void> {
    const due = [...this.watched.entries()].filter(([, w]) => !w.final);
    let next = 0;
    const worker = async () => {
      while (next < due.length && this.unavailable === null) {
        const [caseId, watched] = due[next++]!;
        await this.pollCase(caseId, watched);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, worker));
  }

  private async pollCase(caseId: string, watched: Watched): Promise<void> {
    let answer;
    try {
      answer = await this.saga.get<SagaCase>(`/internal/cases/${caseId}`, { actor: 'simulator' });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      if (cause === 'ECONNREFUSED') this.unavailable = `nothing listens on the saga's internal port (${cause})`;
      return;
    }
    if (!answer.ok) {
      // A case the saga has not seen yet answers 404 with its error; a missing route has no platform error body.
      if (answer.status === 404 && answer.errors.length === 0) this.unavailable = 'the saga has no GET /internal/cases/{caseId}';
      return;
    }
    this.tally.sagaQueryApi = true;
    const saga = answer.body;
    const now = Date.now();
    watched.final = FINAL.has(saga.state);
    const completed = saga.state === 'completed' || saga.state === 'completed_with_rejections';
    const outcome: CaseOutcome = {
      state: saga.state,
      atRisk: saga.atRisk,
      breached: saga.breached,
      awaitingApplicant: saga.steps.some((s) => s.state === 'awaiting_applicant'),
      latencyMs: completed ? completionAtMs(saga, watched.requestAtMs, now) - watched.requestAtMs : null,
      completedAtMs: completed ? completionAtMs(saga, watched.requestAtMs, now) : null,
    };
    this.tally.cases.set(caseId, outcome);
    for (const listener of this.listeners) listener(caseId, saga);
  }
}

/**
 * When the last step was done: the saga's completedAt when it lies between the request and now
 * (with --days-per-minute the saga's clock runs ahead, so its instants are not wall-clock time),
 * else the moment the simulator saw the case completed.
 */
export function completionAtMs(saga: Pick<SagaCase, 'completedAt'>, requestAtMs: number, seenAtMs: number): number {
  const reported = saga.completedAt ? Date.parse(saga.completedAt) : NaN;
  return Number.isFinite(reported) && reported >= requestAtMs && reported <= seenAtMs ? reported : seenAtMs;
}
