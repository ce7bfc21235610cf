// The pipeline health the console shows, read from each service's /metrics (the Prometheus text
// exposition format, version 0.0.4). Only what the console needs: samples, their labels and values.

export interface MetricSample {
  name: string;
  labels: Readonly<Record<string, string>>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+-?\d+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(,|$)/y;

function unescape(value: string): string {
  return value.replace(/\\(.)/g, (_all, c: string) => (c === 'n' ? '\n' : c));
}

function parseValue(text: string): number | null {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  const n = Number(text);
  return Number.isNaN(n) ? null : n;
}

function parseLabels(text: string): Record<string, string> | null {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const at = LABEL.lastIndex;
    const match = LABEL.exec(text);
    if (!match || match.index !== at) return text.slice(at).trim() === '' ? labels : null;
    labels[match[1]!] = unescape(match[2]!);
    if (match[3] === '') break;
  }
  return labels;
}

/** The samples of an exposition; comment lines (HELP, TYPE) and lines that do not parse are skipped. */
export function parseExposition(text: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const labels = match[3] === undefined ? {} : parseLabels(match[3]);
    const value = parseValue(match[4]!);
    if (labels === null || value === null) continue;
    samples.push({ name: match[1]!, labels, value });
  }
  return samples;
}

/** The figures of one scrape the console shows, summed over topics and partitions; null when the service exports none. */
export interface PipelineFigures {
  consumed: number | null;
  published: number | null;
  consumerLag: number | null;
  deadLetters: number | null;
  outboxBacklog: number | null;
}

/** The metric names of libs/platform's observability (messaging-observation.ts, outbox-metrics.ts). */
export const PIPELINE_METRICS = {
  consumed: 'birth_messages_consumed_total',
  published: 'birth_messages_published_total',
  consumerLag: 'birth_consumer_lag',
  deadLetters: 'birth_dead_letters_total',
  outboxBacklog: 'birth_outbox_backlog',
} as const satisfies Record<keyof PipelineFigures, string>;

function sum(samples: readonly MetricSample[], name: string): number | null {
  const matching = samples.filter((s) => s.name === name && Number.isFinite(s.value));
  return matching.length === 0 ? null : matching.reduce((total, s) => total + s.value, 0);
}

export function pipelineFigures(samples: readonly MetricSample[]): PipelineFigures {
  return {
    consumed: sum(samples, PIPELINE_METRICS.consumed),
    published: sum(samples, PIPELINE_METRICS.published),
    consumerLag: sum(samples, PIPELINE_METRICS.consumerLag),
    deadLetters: sum(samples, PIPELINE_METRICS.deadLetters),
    outboxBacklog: sum(samples, PIPELINE_METRICS.outboxBacklog),
  };
}

/**
 * Messages per second between two scrapes of one counter; null without an earlier scrape, or
 * when the counter went down (the process restarted: its counters began again at 0).
 */
export function perSecond(earlier: { value: number | null; at: number } | undefined, later: { value: number | null; at: number }): number | null {
  if (!earlier || earlier.value === null || later.value === null) return null;
  const seconds = (later.at - earlier.at) / 1000;
  if (seconds <= 0 || later.value < earlier.value) return null;
  return Math.round(((later.value - earlier.value) / seconds) * 100) / 100;
}
