import { parseArgs } from 'node:util';

export const USAGE = `usage: npm run simulate -- [options]
Plays hospitals of the four seed regions sending signed births to a running system (npm start), then
prints a summary; the last stdout line is one JSON object.
  --rate N              deliveries sent per second (twins and triplets send one birth per baby); default 5
  --duration SECONDS    how long to send; default 30
  --via http|kafka      the public API (default) or the ingress topic birth.submitted.v1
  --days-per-minute N   demo only: the saga's clock runs N days per minute of the run (refused with
                        NODE_ENV=production), so names given a day later, cases at risk and breaches show
  --drain SECONDS       after sending, how long to wait for open cases to finish; default 60
  --seed N              the random seed (the same seed plans the same births); default from the clock
  --hospitals FILE      the simulated hospitals' credentials (JSON); default
                        $XDG_CONFIG_HOME/birth-one-thing/simulator-hospitals.json (~/.config/...), made on
                        first use with the gateway's CLI (npm run cli -- hospital add), reused afterwards
  --no-progress         no progress bar on stderr
  -h, --help            this text
Environment: GATEWAY_URL (http://127.0.0.1:8080), KAFKA_BROKERS (127.0.0.1:9092), KAFKA_TOPIC_PREFIX,
  CASE_SAGA_INTERNAL_URL (http://127.0.0.1:8186), MATERNITY_ALLOWANCE_INTERNAL_URL (http://127.0.0.1:8185),
  BANK_URL (http://127.0.0.1:8087), BANK_ADMIN_TOKEN, INTERNAL_API_TOKEN (demo defaults outside production),
  CASE_SAGA_DATABASE_URL (postgres://case_saga:case_saga@127.0.0.1:5432/birth) and CASE_SAGA_DATABASE_SCHEMA
  (case_saga) for --days-per-minute; the gateway's DATABASE_URL/DATABASE_SCHEMA when hospitals are registered.
Exit: 0 done, 1 failed, 2 bad arguments.`;

/** A mistake on the command line: exit 2 with the usage. */
export class SimulatorUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulatorUsageError';
  }
}

export interface SimulatorOptions {
  help: boolean;
  ratePerSecond: number;
  durationSeconds: number;
  via: 'http' | 'kafka';
  daysPerMinute: number | null;
  drainSeconds: number;
  seed: number;
  hospitalsFile: string | null;
  progress: boolean;
}

function numberOption(name: string, text: string | undefined, fallback: number, range: { min: number; max: number; integer?: boolean }): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new SimulatorUsageError(`--${name} must be a number (got "${text}")`);
  if (range.integer && !Number.isInteger(value)) throw new SimulatorUsageError(`--${name} must be a whole number (got "${text}")`);
  if (value < range.min || value > range.max) throw new SimulatorUsageError(`--${name} must be between ${range.min} and ${range.max} (got ${text})`);
  return value;
}

/**
 * The command line into options; throws SimulatorUsageError on an unknown, repeated or bad
 * option. `env` decides whether --days-per-minute is allowed (never with NODE_ENV=production);
 * `defaultSeed` is used without --seed.
 */
export function parseSimulatorArgs(argv: readonly string[], env: NodeJS.ProcessEnv, defaultSeed: number): SimulatorOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        rate: { type: 'string' },
        duration: { type: 'string' },
        via: { type: 'string' },
        'days-per-minute': { type: 'string' },
        drain: { type: 'string' },
        seed: { type: 'string' },
        hospitals: { type: 'string' },
        'no-progress': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new SimulatorUsageError((error as Error).message);
  }
  const text = (name: string) => values[name] as string | undefined;
  const via = text('via') ?? 'http';
  if (via !== 'http' && via !== 'kafka') throw new SimulatorUsageError(`--via must be http or kafka (got "${via}")`);
  const daysPerMinute = text('days-per-minute') === undefined ? null : numberOption('days-per-minute', text('days-per-minute'), 0, { min: 0.01, max: 1440 });
  if (daysPerMinute !== null && env['NODE_ENV'] === 'production') {
    throw new SimulatorUsageError('--days-per-minute moves the saga\'s clock and is refused with NODE_ENV=production (demo configuration only)');
  }
  const hospitals = text('hospitals');
  if (hospitals !== undefined && hospitals.trim() === '') throw new SimulatorUsageError('--hospitals needs a file name');
  return {
    help: values['help'] === true,
    ratePerSecond: numberOption('rate', text('rate'), 5, { min: 0.01, max: 1000 }),
    durationSeconds: numberOption('duration', text('duration'), 30, { min: 1, max: 86_400 }),
    via,
    daysPerMinute,
    drainSeconds: numberOption('drain', text('drain'), 60, { min: 0, max: 3600 }),
    seed: numberOption('seed', text('seed'), defaultSeed, { min: 0, max: 2 ** 32 - 1, integer: true }),
    hospitalsFile: hospitals ?? null,
    progress: values['no-progress'] !== true,
  };
}
