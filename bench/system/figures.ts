// The pure arithmetic of the system bench: percentiles, when a step of offered load is sustained,
// the efficiency against the measured limits, and the time to recover after a fault.

/** The p-th percentile (0–100) of `values`, nearest rank; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** What one step of offered load showed. */
export interface StepSample {
  offeredPerSec: number;
  /** Births sent in the step, and those the gateway accepted (202). */
  sent: number;
  accepted: number;
  /** Whether every accepted birth of the step was done within the drain allowance after the step. */
  drained: boolean;
  /** Births done per second: the step's births over the spread of their completion times. */
  completedPerSec: number;
  /** Median latency (request → done) of the first and of the last quarter of the step's births, in ms. */
  latencyFirstQuarterMs: number;
  latencyLastQuarterMs: number;
}

export interface StepVerdict {
  sustained: boolean;
  /** Why not, when not sustained. */
  reasons: string[];
}

/**
 * A step is sustained when the system keeps up with it: the gateway accepts (≥ 95%), every birth
 * is done soon after the step, births are done at (≥ 90% of) the offered rate, and the backlog does
 * not grow: the last quarter's births wait no longer than the first quarter's (by more than half
 * again plus a second). The pipeline's own latency, however long, does not count against a step.
 */
export function judgeStep(step: StepSample): StepVerdict {
  const reasons: string[] = [];
  if (step.accepted < 0.95 * step.sent) reasons.push(`accepted ${step.accepted} of ${step.sent}`);
  if (!step.drained) reasons.push('not all done in time');
  if (step.completedPerSec < 0.9 * step.offeredPerSec) reasons.push(`done ${step.completedPerSec.toFixed(1)}/s < 90% of ${step.offeredPerSec}/s`);
  if (step.latencyLastQuarterMs > 1.5 * step.latencyFirstQuarterMs + 1_000) {
    reasons.push(`latency grew ${Math.round(step.latencyFirstQuarterMs)} → ${Math.round(step.latencyLastQuarterMs)} ms`);
  }
  return { sustained: reasons.length === 0, reasons };
}

/**
 * Done per second from completion times: the completions between the 10th and the 90th percentile
 * over the time between them (the first and last few, late or early by the machine's jitter, would
 * weigh most in a short step); 0 for fewer than two.
 */
export function ratePerSecOf(completedAtMs: readonly number[]): number {
  if (completedAtMs.length < 2) return 0;
  const sorted = [...completedAtMs].sort((a, b) => a - b);
  const low = Math.floor((sorted.length - 1) * 0.1);
  const high = Math.ceil((sorted.length - 1) * 0.9);
  const spread = sorted[high]! - sorted[low]!;
  return spread > 0 ? ((high - low) / spread) * 1000 : Infinity;
}

/**
 * The next rate to offer, or null to stop: up the list while steps are sustained; after the first
 * that is not, once halfway back to the last sustained rate (when the gap is above 10%), then stop.
 */
export function nextRate(rates: readonly number[], tried: readonly { rate: number; sustained: boolean }[]): number | null {
  const bestSustained = Math.max(0, ...tried.filter((t) => t.sustained).map((t) => t.rate));
  const firstFailure = tried.findIndex((t) => !t.sustained);
  if (firstFailure < 0) return rates.find((r) => r > bestSustained) ?? null;
  // The halfway step has been tried already.
  if (tried.length - 1 > firstFailure) return null;
  const failedRate = tried[firstFailure]!.rate;
  const halfway = Math.round((bestSustained + failedRate) / 2);
  return bestSustained > 0 && failedRate > bestSustained * 1.1 && halfway > bestSustained ? halfway : null;
}

/** The limits a birth meets, each per birth from a limit and a per-birth count measured in the same run. */
export interface Limits {
  kafkaMsgsPerSec: number;
  messagesPerBirth: number;
  dbTxPerSec: number;
  transactionsPerBirth: number;
}

/** Births a second the broker and the database would allow, and which of them binds. */
export function birthLimit(limits: Limits): { birthsPerSec: number; kafka: number; database: number; bound: 'kafka' | 'database' } {
  const kafka = limits.kafkaMsgsPerSec / limits.messagesPerBirth;
  const database = limits.dbTxPerSec / limits.transactionsPerBirth;
  return { birthsPerSec: Math.min(kafka, database), kafka, database, bound: kafka <= database ? 'kafka' : 'database' };
}

/** efficiency = births/s ÷ min(Kafka limit ÷ messages per birth, database limit ÷ transactions per birth). */
export function efficiency(birthsPerSec: number, limits: Limits): number {
  return birthsPerSec / birthLimit(limits).birthsPerSec;
}

/**
 * Seconds from the fault until throughput is back: the end of the first window of `windowSeconds`
 * whose completions per second average at least `fraction` of `ratePerSec`, looked for only after
 * the fault has shown (the first second below half the rate: work a consumer had fetched before
 * the fault still completes in the first seconds). `completionsPerSecond[i]` counts completions in
 * second i + 1 after the fault. 0 when throughput never fell; null when it never came back.
 */
export function recoverySeconds(completionsPerSecond: readonly number[], ratePerSec: number, windowSeconds = 3, fraction = 0.9): number | null {
  const dip = completionsPerSecond.findIndex((count) => count < 0.5 * ratePerSec);
  if (dip < 0) return 0;
  for (let end = dip + windowSeconds; end <= completionsPerSecond.length; end += 1) {
    const window = completionsPerSecond.slice(end - windowSeconds, end);
    if (window.reduce((a, b) => a + b, 0) / windowSeconds >= fraction * ratePerSec) return end;
  }
  return null;
}

/** Rounds for the report: to `digits` decimals. */
export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
