// The command line of `npm run bench`: the full run by default, `--quick` for a smoke run.

export const USAGE = `npm run bench [-- options]

The whole system's speed against limits measured in the same run (bench/README.md, "System";
docs/performance.md, "Benchmarks"). The last stdout line is one JSON object.

  --quick              a short smoke run (small counts, short steps): about 8 minutes
  --births N           births queued for the lag drain (default 26000, one national day; 300 with --quick)
  --rates A,B,...      offered birth rates of the saturation search, in order
  --step-seconds S     length of one saturation step (default 20; 10 with --quick)
  --shared-infra       run on the shared broker and PostgreSQL (KAFKA_BROKERS, BENCH_SERVER_URL):
                       nothing is killed there, so the recovery figures are not measured
  --private-infra      (the default) run on a broker (127.0.0.1:9292) and a PostgreSQL cluster
                       (127.0.0.1:5452) started for the run and removed after it: the recovery
                       measurements kill and restart them
  --seed N             seed of the planned births (default 16)
  --help               this text

Environment: BENCH_PROGRAM_NODE_OPTIONS gives the programs (not the bench) Node options, e.g.
"--cpu-prof --cpu-prof-dir=/tmp/prof": a CPU profile per program, written when it stops.
`;

export interface BenchOptions {
  quick: boolean;
  drainBirths: number;
  rates: number[];
  stepSeconds: number;
  infra: 'shared' | 'private' | 'default';
  seed: number;
  /** Messages of the raw Kafka and transport measurements. */
  kafkaMessages: number;
  /** Messages of the transport measurement whose handler commits a row each. */
  commitMessages: number;
  /** Messages of the services' transport measurement (InboxTransport against kafkajs with an inbox by hand). */
  servicesTransportMessages: number;
  /** Hops measured one after the other for the hop p99. */
  hops: number;
  /** Seconds of the raw PostgreSQL replay. */
  replaySeconds: number;
  /** Seconds of the half-load latency step. */
  latencySeconds: number;
  /** Longest wait for the backlog of the lag drain. */
  drainTimeoutSeconds: number;
  /** Seconds of steady load before and after each fault of the recovery measurement. */
  recoveryWindowSeconds: number;
}

export class UsageError extends Error {}

const FULL_RATES = [5, 10, 20, 30, 40, 50, 65, 80, 100, 130, 160, 200];
const QUICK_RATES = [2, 4, 8];

function positiveInt(flag: string, raw: string | undefined): number {
  const value = Number(raw);
  if (raw === undefined || !Number.isInteger(value) || value <= 0) throw new UsageError(`${flag} needs a positive whole number, got ${raw ?? 'nothing'}`);
  return value;
}

/** Reads the arguments; null when --help was asked. */
export function parseOptions(argv: readonly string[]): BenchOptions | null {
  const given = new Map<string, string | undefined>();
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i]!;
    if (flag === '--help' || flag === '-h') return null;
    if (['--quick', '--shared-infra', '--private-infra'].includes(flag)) given.set(flag, '');
    else if (['--births', '--rates', '--step-seconds', '--seed'].includes(flag)) given.set(flag, argv[(i += 1)]);
    else throw new UsageError(`unknown option ${flag} (see --help)`);
  }
  if (given.has('--shared-infra') && given.has('--private-infra')) throw new UsageError('--shared-infra and --private-infra exclude each other');
  const quick = given.has('--quick');
  const rates = given.has('--rates')
    ? (given.get('--rates') ?? '').split(',').map((r) => {
        const rate = Number(r);
        if (!(rate > 0)) throw new UsageError(`--rates needs positive numbers separated by commas, got ${given.get('--rates')}`);
        return rate;
      })
    : quick
      ? QUICK_RATES
      : FULL_RATES;
  return {
    quick,
    drainBirths: given.has('--births') ? positiveInt('--births', given.get('--births')) : quick ? 300 : 26_000,
    rates,
    stepSeconds: given.has('--step-seconds') ? positiveInt('--step-seconds', given.get('--step-seconds')) : quick ? 10 : 20,
    infra: given.has('--shared-infra') ? 'shared' : given.has('--private-infra') ? 'private' : 'default',
    seed: given.has('--seed') ? positiveInt('--seed', given.get('--seed')) : 16,
    kafkaMessages: quick ? 2_000 : 20_000,
    commitMessages: quick ? 300 : 2_000,
    servicesTransportMessages: quick ? 500 : 5_000,
    hops: quick ? 50 : 300,
    replaySeconds: quick ? 3 : 10,
    latencySeconds: quick ? 8 : 30,
    drainTimeoutSeconds: quick ? 180 : 330,
    recoveryWindowSeconds: quick ? 15 : 20,
  };
}
