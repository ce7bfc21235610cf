// The hospital simulator: npm run simulate -- --rate 20 --duration 60 [--via kafka] [--days-per-minute N]
// (npm run simulate -- --help). Progress and notes on stderr; the summary on stdout, and as its
// last line one flat JSON object. Exit 0 done, 1 failed, 2 bad arguments.
import 'reflect-metadata';
import { parseSimulatorArgs, SimulatorUsageError, USAGE } from './args';
import { ProgressBar } from './progress';
import { runSimulation, simulationEnvironment } from './simulation';
import { summaryJson, summaryText } from './summary';

async function main(argv: string[]): Promise<number> {
  let options;
  try {
    options = parseSimulatorArgs(argv, process.env, Date.now() % 2 ** 32);
  } catch (error) {
    if (!(error instanceof SimulatorUsageError)) throw error;
    process.stderr.write(`simulate: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const environment = simulationEnvironment(process.env, options);
  const note = (text: string) => process.stderr.write(`simulate: ${text}\n`);
  note(`seed ${options.seed}: ${options.ratePerSecond} deliveries/s for ${options.durationSeconds} s via ${options.via} to ${options.via === 'http' ? environment.gatewayUrl : environment.kafkaBrokers.join(',')}`);
  const tally = await runSimulation(options, environment, { note, progress: new ProgressBar(process.stderr, options.progress) });
  const json = summaryJson(tally);
  process.stdout.write(`${summaryText(tally, json)}\n${JSON.stringify(json)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`simulate: ${error.message}\n`);
    process.exit(1);
  },
);
