import { TestNamespace } from '@birth/testing';
import { simulate, startSimulatorGateway, type SimulatorGateway } from './support/simulator-run';
import { startService, type RunningService } from './support/system';

/**
 * npm run simulate following its cases through the real saga's query API, with
 * --days-per-minute moving the saga's clock: the gateway, the saga and the birth-certificate
 * service on real Kafka and PostgreSQL (no allowance or bank: no case completes here; the whole
 * flow is system.e2e-spec's).
 */
describe('the hospital simulator with the saga (npm run simulate -- --days-per-minute)', () => {
  let ns: TestNamespace;
  let gateway: SimulatorGateway;
  let saga: RunningService;
  let certificates: RunningService;

  beforeAll(async () => {
    ns = await TestNamespace.create();
    gateway = await startSimulatorGateway(ns);
    saga = await startService(ns, 'case-saga');
    certificates = await startService(ns, 'birth-certificate');
    // Five processes compiled on start: minutes on a loaded two-core machine.
  }, 900_000);

  afterAll(async () => {
    await Promise.all([saga?.stop('SIGKILL'), certificates?.stop('SIGKILL'), gateway?.stop()]);
    await ns?.dispose();
  });

  it('asks the saga about every accepted case and moves its clock N days a minute', async () => {
    const closed = 'http://127.0.0.1:9';
    const run = await simulate(
      {
        GATEWAY_URL: gateway.ingress.gateway.url,
        KAFKA_BROKERS: ns.kafkaBrokers,
        KAFKA_TOPIC_PREFIX: ns.namer.prefix,
        CASE_SAGA_INTERNAL_URL: saga.internalUrl!,
        CASE_SAGA_DATABASE_URL: ns.databaseUrl,
        CASE_SAGA_DATABASE_SCHEMA: saga.schema,
        MATERNITY_ALLOWANCE_INTERNAL_URL: closed,
        BANK_URL: closed,
      },
      ['--hospitals', gateway.hospitalsFile, '--no-progress', '--drain', '5', '--rate', '2', '--duration', '4', '--seed', '5', '--days-per-minute', '30'],
    );
    const { stdout } = run;

    expect({ code: run.code, output: run.code === 0 ? '' : run.output }).toEqual({ code: 0, output: '' });
    const summary = run.summary as Record<string, number | boolean>;
    expect(summary['sagaQueryApi']).toBe(true);
    // Every accepted birth's case was seen by the saga: open (nothing pays here), none unknown.
    expect(summary['accepted']).toBeGreaterThan(0);
    expect((summary['open'] as number) + (summary['completed'] as number) + (summary['voided'] as number)).toBe(summary['accepted']);
    expect(stdout).not.toContain("query API (GET /internal/cases/{caseId}) did not answer");
    expect(stdout).toContain('the bank program did not take the accounts');
    // 30 days a minute for a run of some seconds: the saga's clock is days ahead.
    const [{ days }] = await ns.query<{ days: string }>(`SELECT extract(epoch FROM clock_offset) / 86400 AS days FROM "${saga.schema}".saga_clock`);
    expect(Number(days)).toBeGreaterThan(1);
    expect(stdout).toMatch(/the saga's clock was moved \d+\.\d\d day\(s\) ahead \(--days-per-minute 30\)/);
  }, 600_000);
});
