// npm run test:faults -- --minutes N [--seed N] [--rate R] [--faults kind,kind] (--help)
// The fault run (docs/performance.md, "Fault runs"): the whole system on a PRIVATE broker and
// PostgreSQL cluster, a steady load of signed births, faults at seeded random moments, then the
// independent checker (test/faults/checker.ts). Progress on stderr; the checker's flat JSON as
// the last stdout line. Exit 0 when nothing was lost, duplicated or wrong; 1 otherwise; 2 on a bad argument.
import 'reflect-metadata';
import { FAULT_KINDS, type FaultKind } from './support/fault-injector';
import { flatSummary } from './checker';
import { runFaults } from './support/fault-run';

const USAGE = `usage: npm run test:faults -- [--minutes N] [--seed N] [--rate R] [--faults KIND,...]
  --minutes N     how long the load runs while faults are injected (default 30; decimals allowed)
  --seed N        the random seed (default: the time); printed, so a run can be repeated
  --rate R        deliveries per second of the load (default 1)
  --faults LIST   which faults (default all): ${FAULT_KINDS.join(', ')}
  --kafka-port N, --postgres-port N, --base-port N
                  the private broker (default 9192, controller N+1), PostgreSQL (5442) and the
                  programs' ports (8280..8287, internal 8380..8386); never the shared 9092 / 5432
Logs and records: tmp/faults/run-<time>-<seed>/ (logs/<program>.log, faults.log, acknowledged.jsonl, poison.jsonl, result.json).`;

export interface FaultsArgs {
  minutes: number;
  seed: number;
  rate: number;
  kinds: FaultKind[];
  kafkaPort: number;
  postgresPort: number;
  basePort: number;
  help: boolean;
}

export class FaultsUsageError extends Error {}

export function parseFaultsArgs(argv: readonly string[], defaultSeed: number): FaultsArgs {
  const args: FaultsArgs = { minutes: 30, seed: defaultSeed, rate: 1, kinds: [...FAULT_KINDS], kafkaPort: 9192, postgresPort: 5442, basePort: 8280, help: false };
  const number = (name: string, value: string | undefined, min: number, max: number, integer: boolean): number => {
    const n = Number(value);
    if (value === undefined || value.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      throw new FaultsUsageError(`${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, not "${value ?? ''}"`);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i += 1) {
    const name = argv[i]!;
    const value = argv[i + 1];
    switch (name) {
      case '--help':
      case '-h':
        args.help = true;
        continue;
      case '--minutes':
        args.minutes = number(name, value, 0.1, 24 * 60, false);
        break;
      case '--seed':
        args.seed = number(name, value, 0, 2 ** 32 - 1, true);
        break;
      case '--rate':
        args.rate = number(name, value, 0.05, 50, false);
        break;
      case '--faults': {
        const kinds = (value ?? '').split(',').filter(Boolean);
        const unknown = kinds.filter((k) => !(FAULT_KINDS as readonly string[]).includes(k));
        if (kinds.length === 0 || unknown.length > 0) throw new FaultsUsageError(`--faults takes a list of ${FAULT_KINDS.join(', ')}${unknown.length ? `, not ${unknown.join(', ')}` : ''}`);
        args.kinds = kinds as FaultKind[];
        break;
      }
      case '--kafka-port':
        args.kafkaPort = number(name, value, 1024, 65534, true);
        break;
      case '--postgres-port':
        args.postgresPort = number(name, value, 1024, 65535, true);
        break;
      case '--base-port':
        args.basePort = number(name, value, 1024, 65000, true);
        break;
      default:
        throw new FaultsUsageError(`unknown argument ${name}`);
    }
    i += 1;
  }
  if ([9092, 9093].includes(args.kafkaPort) || [9092, 9093].includes(args.kafkaPort + 1)) throw new FaultsUsageError('--kafka-port must not be the shared broker 9092 (or its controller 9093)');
  if (args.postgresPort === 5432) throw new FaultsUsageError('--postgres-port must not be the shared PostgreSQL 5432');
  return args;
}

async function main(argv: string[]): Promise<number> {
  let args: FaultsArgs;
  try {
    args = parseFaultsArgs(argv, Date.now() % 2 ** 32);
  } catch (error) {
    if (!(error instanceof FaultsUsageError)) throw error;
    process.stderr.write(`test:faults: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const phaseMs = args.minutes * 60_000;
  const run = await runFaults({
    faultPhaseMs: phaseMs,
    seed: args.seed,
    ratePerSecond: args.rate,
    kinds: args.kinds,
    // A minute in long runs, scaled down in short ones.
    brokerPauseMs: Math.round(Math.min(60_000, Math.max(10_000, phaseMs / 30))),
    gapMs: [Math.round(Math.min(30_000, Math.max(2_000, phaseMs / 120))), Math.round(Math.min(90_000, Math.max(5_000, phaseMs / 40)))],
    settleTimeoutMs: Math.round(Math.min(600_000, Math.max(180_000, phaseMs / 3))),
    kafkaPort: args.kafkaPort,
    kafkaControllerPort: args.kafkaPort + 1,
    postgresPort: args.postgresPort,
    basePort: args.basePort,
    note: (text) => process.stderr.write(`test:faults: ${text}\n`),
  });
  process.stdout.write(
    `seed ${args.seed}; ${run.load.acknowledged} births acknowledged; faults ${JSON.stringify(run.faults)}; poison by topic ${JSON.stringify(run.poisonByTopic)}; ` +
      `settled ${run.settledInMs === null ? 'NOT' : `in ${(run.settledInMs / 1000).toFixed(1)} s`}; records in ${run.runDir}\n`,
  );
  process.stdout.write(`${JSON.stringify({ seed: args.seed, minutes: args.minutes, ...flatSummary(run.check), settled: run.settledInMs !== null })}\n`);
  return run.check.ok && run.settledInMs !== null ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`test:faults: ${error.stack ?? error.message}\n`);
      process.exit(1);
    },
  );
}
