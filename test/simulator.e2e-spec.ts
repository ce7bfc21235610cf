import { Topics } from '@birth/contracts';
import { expectEventually, TestNamespace } from '@birth/testing';
import { planDelivery, type PlannedDelivery } from '../tools/simulator/birth-generator';
import { SeededRandom } from '../tools/simulator/random';
import { SEED_REGIONS } from '../tools/simulator/seed-regions';
import { simulate as simulateProcess, startSimulatorGateway, type SimulatorGateway, type SimulatorRun } from './support/simulator-run';

/** A run compiles the simulator, sends for 2 s, then waits 10 s to give the names: generous, for a loaded machine. */
const RUN_TIMEOUT_MS = 300_000;

/** The deliveries a run of `count` plans with `seed` (what they are does not depend on the time). */
function planned(seed: number, count: number): PlannedDelivery[] {
  const rng = new SeededRandom(seed);
  return Array.from({ length: count }, (_, i) => planDelivery(rng, { now: new Date(), runId: 'x', sequence: i + 1, region: SEED_REGIONS[i % SEED_REGIONS.length]! }));
}

/** The first seed whose `count` deliveries show every variation in `wanted`. */
function seedShowing(count: number, wanted: string[]): number {
  for (let seed = 1; seed < 10_000; seed += 1) {
    const seen = new Set(planned(seed, count).flatMap((d) => d.variations));
    if (wanted.every((v) => seen.has(v as never))) return seed;
  }
  throw new Error('no seed shows them all');
}

/** What the run must come to: births of valid deliveries accepted, invalid ones rejected, names and voids sent. */
function expectedOf(deliveries: PlannedDelivery[]) {
  const valid = deliveries.filter((d) => d.invalid === null);
  return {
    accepted: valid.reduce((n, d) => n + d.births.length, 0),
    rejected: deliveries.length - valid.length,
    corrections: valid.reduce((n, d) => n + d.births.filter((b) => b.nameGivenLater).length, 0),
    voids: valid.filter((d) => d.voidReason).length,
  };
}

/**
 * npm run simulate against the real gateway, Kafka and PostgreSQL: a short run over HTTP and
 * one over the ingress topic. Only the gateway runs here (the full flow is system.e2e-spec's), so
 * the saga's query API is absent and the run must say so rather than invent case figures.
 */
describe('the hospital simulator (npm run simulate)', () => {
  let ns: TestNamespace;
  let gateway: SimulatorGateway;

  beforeAll(async () => {
    ns = await TestNamespace.create();
    gateway = await startSimulatorGateway(ns);
    // Four CLI processes and the gateway, each compiled on start: minutes on a loaded two-core machine.
  }, 600_000);

  afterAll(async () => {
    await gateway?.stop();
    await ns?.dispose();
  });

  function simulate(args: string[]): Promise<SimulatorRun> {
    const closed = 'http://127.0.0.1:9';
    const env = {
      GATEWAY_URL: gateway.ingress.gateway.url,
      KAFKA_BROKERS: ns.kafkaBrokers,
      KAFKA_TOPIC_PREFIX: ns.namer.prefix,
      // Nothing listens there: no saga, allowance or bank in this suite.
      CASE_SAGA_INTERNAL_URL: closed,
      MATERNITY_ALLOWANCE_INTERNAL_URL: closed,
      BANK_URL: closed,
    };
    return simulateProcess(env, ['--hospitals', gateway.hospitalsFile, '--no-progress', '--drain', '0', ...args]);
  }

  it('sends signed births over HTTP: valid ones accepted, invalid ones rejected with their codes, names given later, voids; the last line is the JSON summary', async () => {
    const seed = seedShowing(8, ['invalid', 'named-later', 'voided']);
    const expected = expectedOf(planned(seed, 8));
    const registeredBefore = await ns.messageCount(Topics.birthRegisteredV1.name);

    const run = await simulate(['--rate', '4', '--duration', '2', '--seed', String(seed)]);

    expect({ code: run.code, output: run.code === 0 ? '' : run.output }).toEqual({ code: 0, output: '' });
    const summary = run.summary!;
    expect(Object.keys(summary)).toEqual(expect.arrayContaining(['accepted', 'rejected', 'completed', 'awaitingApplicant', 'atRisk', 'breached', 'completedPerSec', 'p50Ms', 'p99Ms']));
    expect(summary).toMatchObject({ accepted: expected.accepted, rejected: expected.rejected, completed: 0, p50Ms: 0, p99Ms: 0, sagaQueryApi: false, unanswered: 0 });
    expect(run.stdout).toContain(`corrections sent (names given later): ${expected.corrections}; births voided: ${expected.voids}`);
    expect(run.stdout).toMatch(/births rejected: \d+, by reason:\n {4}[A-Z_]+: \d+/);
    expect(run.stdout).toContain("the saga's query API (GET /internal/cases/{caseId}) did not answer");
    // What the gateway did, on the bus: one registration per accepted birth, the corrections and the voids.
    await expectEventually(async () => {
      expect(await ns.messageCount(Topics.birthRegisteredV1.name)).toBe(registeredBefore + expected.accepted);
      expect(await ns.messageCount(Topics.birthCorrectedV1.name)).toBe(expected.corrections);
      expect(await ns.messageCount(Topics.birthVoidedV1.name)).toBe(expected.voids);
    }, { timeoutMs: 60_000, message: 'the gateway published the run' });
  }, RUN_TIMEOUT_MS);

  it('sends signed births through the ingress topic with --via kafka and reads each answer from birth.intake-results.v1', async () => {
    const seed = seedShowing(4, ['invalid']);
    const expected = expectedOf(planned(seed, 4));

    const run = await simulate(['--via', 'kafka', '--rate', '2', '--duration', '2', '--seed', String(seed)]);

    expect({ code: run.code, output: run.code === 0 ? '' : run.output }).toEqual({ code: 0, output: '' });
    expect(run.summary).toMatchObject({ accepted: expected.accepted, rejected: expected.rejected, unanswered: 0 });
    const results = (await ns.readAll(Topics.birthIntakeResultsV1.name)).map((m) => JSON.parse(m.value!.toString()).payload.outcome as string);
    expect(results.filter((o) => o === 'accepted')).toHaveLength(expected.accepted);
    expect(results.filter((o) => o === 'rejected')).toHaveLength(expected.rejected);
  }, RUN_TIMEOUT_MS);

  it('refuses a bad argument with a clear message and exit code 2, and --days-per-minute in production', async () => {
    const bad = await simulate(['--via', 'pigeon']);
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('simulate: --via must be http or kafka (got "pigeon")');
    const production = await simulateProcess({ NODE_ENV: 'production' }, ['--days-per-minute', '60']);
    expect(production.code).toBe(2);
    expect(production.output).toContain('refused with NODE_ENV=production');
  }, RUN_TIMEOUT_MS);
});
