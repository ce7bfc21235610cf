// What a run comes to: counts, rejection reasons, case outcomes from the saga, throughput and
// latency percentiles. Pure: the run collects a RunTally, this turns it into text and JSON.

/** Where the saga last saw a case (its internal API, GET /internal/cases/{caseId}). */
export interface CaseOutcome {
  state: string;
  atRisk: boolean;
  breached: boolean;
  awaitingApplicant: boolean;
  /** Request sent → last step done, once the case is completed. */
  latencyMs: number | null;
  /** Wall-clock instant (ms) the completion was seen or reported. */
  completedAtMs: number | null;
}

export interface RunTally {
  startedAtMs: number;
  /** Births sent (one per baby) and answered. */
  accepted: number;
  rejected: number;
  rejectedByCode: Record<string, number>;
  /** Sends that got no answer (network, 5xx after retries). */
  unanswered: number;
  corrections: number;
  voids: number;
  accountsCorrected: number;
  cases: Map<string, CaseOutcome>;
  /** True once the saga's query API answered for a case. */
  sagaQueryApi: boolean;
  notes: string[];
}

export function newTally(startedAtMs: number): RunTally {
  return { startedAtMs, accepted: 0, rejected: 0, rejectedByCode: {}, unanswered: 0, corrections: 0, voids: 0, accountsCorrected: 0, cases: new Map(), sagaQueryApi: false, notes: [] };
}

/** Nearest-rank percentile of `values` (ms); 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface SummaryJson {
  accepted: number;
  rejected: number;
  completed: number;
  awaitingApplicant: number;
  atRisk: number;
  breached: number;
  completedPerSec: number;
  p50Ms: number;
  p99Ms: number;
  voided: number;
  open: number;
  unanswered: number;
  sagaQueryApi: boolean;
}

const COMPLETED = new Set(['completed', 'completed_with_rejections']);

export function summaryJson(tally: RunTally): SummaryJson {
  const outcomes = [...tally.cases.values()];
  const completed = outcomes.filter((c) => COMPLETED.has(c.state));
  const latencies = completed.map((c) => c.latencyMs).filter((ms): ms is number => ms !== null);
  const lastCompletion = Math.max(tally.startedAtMs, ...completed.map((c) => c.completedAtMs ?? tally.startedAtMs));
  const seconds = (lastCompletion - tally.startedAtMs) / 1000;
  return {
    accepted: tally.accepted,
    rejected: tally.rejected,
    completed: completed.length,
    awaitingApplicant: outcomes.filter((c) => c.awaitingApplicant && !COMPLETED.has(c.state) && c.state !== 'voided').length,
    atRisk: outcomes.filter((c) => c.atRisk).length,
    breached: outcomes.filter((c) => c.breached).length,
    completedPerSec: seconds > 0 ? Math.round((completed.length / seconds) * 100) / 100 : 0,
    p50Ms: Math.round(percentile(latencies, 50)),
    p99Ms: Math.round(percentile(latencies, 99)),
    voided: outcomes.filter((c) => c.state === 'voided').length,
    open: outcomes.filter((c) => !COMPLETED.has(c.state) && c.state !== 'voided').length,
    unanswered: tally.unanswered,
    sagaQueryApi: tally.sagaQueryApi,
  };
}

/** The human summary (stdout, before the JSON line). */
export function summaryText(tally: RunTally, json: SummaryJson = summaryJson(tally)): string {
  const reasons = Object.entries(tally.rejectedByCode)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code, count]) => `    ${code}: ${count}`);
  const withRejections = [...tally.cases.values()].filter((c) => c.state === 'completed_with_rejections').length;
  const lines = [
    'simulation summary',
    `  births accepted: ${json.accepted}`,
    `  births rejected: ${json.rejected}${reasons.length ? ', by reason:' : ''}`,
    ...reasons,
    ...(json.unanswered ? [`  births without an answer: ${json.unanswered}`] : []),
    `  corrections sent (names given later): ${tally.corrections}; births voided: ${tally.voids}; bank accounts corrected by a clerk: ${tally.accountsCorrected}`,
    `  cases completed: ${json.completed} (of which with a rejected item: ${withRejections})`,
    `  cases waiting for the applicant: ${json.awaitingApplicant}`,
    `  cases at risk: ${json.atRisk}; breached: ${json.breached}; voided: ${json.voided}; still open: ${json.open}`,
    `  completed per second: ${json.completedPerSec}`,
    `  request to last step done: p50 ${json.p50Ms} ms, p99 ${json.p99Ms} ms`,
  ];
  if (!json.sagaQueryApi) lines.push("  note: the saga's query API (GET /internal/cases/{caseId}) did not answer: case figures are zeros, not measurements");
  for (const note of tally.notes) lines.push(`  note: ${note}`);
  return lines.join('\n');
}
