// After a fault, when each program did work again: a consumer handled (or parked) a message, a
// relay published one. Read from every program's /health/ready details once a second, so the
// recovery figure can be split into the outage itself, each program's return after it, and the
// backlog the rest of the time goes to.

/** One reading of a program's work counter (null: no answer, or no counter in it). */
export interface ProgressSample {
  atMs: number;
  progress: number | null;
}

/** Messages handled, parked and published so far, from a /health/ready body; null when it holds none of them. */
export function progressOf(body: unknown): number | null {
  const kafka = (body as { details?: { kafka?: { consumer?: { processed?: unknown; deadLettered?: unknown } | null; relay?: { published?: unknown } | null } } } | null)?.details?.kafka;
  const counts = [kafka?.consumer?.processed, kafka?.consumer?.deadLettered, kafka?.relay?.published].filter((n): n is number => typeof n === 'number');
  return counts.length ? counts.reduce((a, b) => a + b, 0) : null;
}

/**
 * When the counter first rose after `afterMs` (the outage's end), compared with its last reading
 * at or before then: the moment the program was working again. Null when it never rose in the
 * readings (or never answered).
 */
export function firstRiseAfter(samples: readonly ProgressSample[], afterMs: number): number | null {
  let baseline: number | null = null;
  for (const sample of samples) {
    if (sample.progress === null) continue;
    // The last reading before the end; with none, the first after it (the figure can only be later then).
    if (sample.atMs <= afterMs || baseline === null) {
      baseline = sample.progress;
      continue;
    }
    if (sample.progress > baseline) return sample.atMs;
  }
  return null;
}

/** Polls every program's readiness once a second until stopped. */
export class ComebackWatch {
  private readonly samples = new Map<string, ProgressSample[]>();
  private running = true;
  private readonly polling: Promise<void>;

  /** Polls until stopped, or `maxMs` at most (so that a measurement that throws leaves nothing polling). */
  constructor(
    private readonly healthUrls: Map<string, string>,
    private readonly maxMs = 300_000,
  ) {
    for (const name of healthUrls.keys()) this.samples.set(name, []);
    this.polling = this.poll();
  }

  private async poll(): Promise<void> {
    const deadline = performance.now() + this.maxMs;
    while (this.running && performance.now() < deadline) {
      const next = performance.now() + 1_000;
      await Promise.all(
        [...this.healthUrls].map(async ([name, url]) => {
          const progress = await fetch(url, { signal: AbortSignal.timeout(3_000) }).then(
            async (response) => progressOf(await response.json()),
            () => null,
          );
          this.samples.get(name)!.push({ atMs: performance.now(), progress });
        }),
      );
      const wait = next - performance.now();
      if (wait > 0 && this.running) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /** Stops polling; for each program with a work counter, seconds from `faultAtMs` until it worked again after `outageEndMs`. */
  async stop(faultAtMs: number, outageEndMs: number): Promise<Record<string, number | null>> {
    this.running = false;
    await this.polling;
    const back: Record<string, number | null> = {};
    for (const [name, samples] of this.samples) {
      if (!samples.some((s) => s.progress !== null)) continue; // no consumer, no relay (the bank)
      const at = firstRiseAfter(samples, outageEndMs);
      back[name] = at === null ? null : Math.round((at - faultAtMs) / 100) / 10;
    }
    return back;
  }
}
