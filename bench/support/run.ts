// What every benchmark's main does around its measurements: one-off SQL, stepping rates up, and a
// run that cleans up after itself (also after a failure, SIGINT or SIGTERM).
import { Client } from 'pg';

/** The server URL with another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** One statement on a connection of its own. */
export async function sqlOnce<T = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * Measures `rates` in turn until one is not sustained; then, when the last sustained rate is more
 * than 10% below it, the rate halfway between them.
 */
export async function stepUp(rates: number[], measure: (rate: number) => Promise<{ sustained: boolean }>): Promise<void> {
  let lastSustained = 0;
  for (const rate of rates) {
    if ((await measure(rate)).sustained) {
      lastSustained = rate;
      continue;
    }
    const halfway = Math.round((lastSustained + rate) / 2);
    if (lastSustained > 0 && rate > lastSustained * 1.1 && halfway > lastSustained) await measure(halfway);
    return;
  }
}

/** Cleanups run in reverse order of registration, once, whoever asks first (a signal or the end of the run). */
export class BenchRun {
  interrupted = false;
  private readonly cleanups: (() => Promise<unknown>)[] = [];
  private cleaning: Promise<void> | null = null;

  constructor(private readonly log: (message: string) => void) {}

  onCleanUp(cleanup: () => Promise<unknown>): void {
    this.cleanups.push(cleanup);
  }

  cleanUp(): Promise<void> {
    this.cleaning ??= (async () => {
      for (const cleanup of this.cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    })();
    return this.cleaning;
  }

  /** Runs `main`, cleans up, and exits: 0, 1 after a failure, 130 after a signal (a second signal exits at once). */
  start(main: () => Promise<void>): void {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        if (this.interrupted) process.exit(130);
        this.interrupted = true;
        this.log(`${signal}: cleaning up`);
        void this.cleanUp().finally(() => process.exit(130));
      });
    }
    main()
      .then(() => this.cleanUp())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          if (!this.interrupted) this.log(`failed: ${(error as Error).stack ?? String(error)}`);
          void this.cleanUp().finally(() => process.exit(this.interrupted ? 130 : 1));
        },
      );
  }
}
