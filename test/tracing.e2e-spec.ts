import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareSealingKeys } from '@birth/platform';
import { expectEventually, OtlpReceiver, TestNamespace } from '@birth/testing';
import { addHospital, HospitalClient } from './support/hospital-client';
import { sampleBirth } from './support/sample-birth';
import { prepareServiceSchema, startService, type RunningService } from './support/system';

/**
 * One trace from a hospital's request to a department: the gateway and the household
 * registration service as real processes, exporting their spans over OTLP/HTTP to a receiver in
 * this test. The request's SERVER span, the gateway's PRODUCER span of birth.registered.v1 (its
 * traceparent stored in the outbox, sent as a Kafka header) and the department's CONSUMER span
 * share the hospital's trace id, each the child of the one before.
 */
describe('a trace across the gateway and a department (real processes, Kafka and PostgreSQL)', () => {
  let ns: TestNamespace;
  let receiver: OtlpReceiver;
  const services: RunningService[] = [];
  const keysDir = mkdtempSync(join(tmpdir(), 'tracing-sealing-'));
  let client: HospitalClient;

  beforeAll(async () => {
    ns = await TestNamespace.create();
    receiver = await OtlpReceiver.start();
    await prepareSealingKeys(keysDir);
    const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url };
    const gatewaySchema = await prepareServiceSchema(ns, 'gateway');
    services.push(await startService(ns, 'gateway', { ...tracing, DATABASE_SCHEMA: gatewaySchema, ALLOWANCE_SEALING_PUBLIC_KEYS_DIR: keysDir }));
    services.push(await startService(ns, 'household-registration', tracing));
    const credentials = await addHospital(ns, gatewaySchema, { id: 'H210202777', name: '大连市妇女儿童医疗中心', region: '210202' });
    client = new HospitalClient(services[0]!.url, credentials);
    // Two service processes, every topic and the CLI, on a machine running other suites.
  }, 300_000);

  afterAll(async () => {
    for (const service of services) await service.stop();
    await receiver?.stop();
    await ns?.dispose();
    rmSync(keysDir, { recursive: true, force: true });
  });

  it("the hospital's trace id runs from the gateway's request through the event to the department's handling", async () => {
    const traceId = randomBytes(16).toString('hex');
    const hospitalSpan = randomBytes(8).toString('hex');
    const birth = sampleBirth();
    birth.hospital = { institutionId: client.credentials.hospitalId, name: '大连市妇女儿童医疗中心', regionCode: birth.hospital.regionCode };
    const answer = await client.request('POST', '/api/v1/births', birth, { headers: { traceparent: `00-${traceId}-${hospitalSpan}-01` } });
    expect(answer.status).toBe(202);
    expect(answer.headers.get('traceparent')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));

    const registered = ns.topic('birth.registered.v1');
    const spans = await expectEventually(
      () => {
        const ofTrace = receiver.spans.filter((span) => span.traceId === traceId);
        const server = ofTrace.find((span) => span.service === 'gateway' && span.kind === 2);
        const producer = ofTrace.find((span) => span.service === 'gateway' && span.name === `${registered} publish`);
        const consumer = ofTrace.find((span) => span.service === 'household-registration' && span.name === `${registered} process`);
        expect(server).toBeDefined();
        expect(producer).toBeDefined();
        expect(consumer).toBeDefined();
        return { server: server!, producer: producer!, consumer: consumer! };
      },
      { timeoutMs: 90_000 },
    );
    expect(spans.server.parentSpanId).toBe(hospitalSpan);
    expect(spans.producer.parentSpanId).toBe(spans.server.spanId);
    expect(spans.consumer.parentSpanId).toBe(spans.producer.spanId);
    expect(spans.consumer.kind).toBe(5);

    // The gateway's request log: method, path, status and time; neither the hospital's headers nor the body.
    const requestLine = services[0]!.process.output().split('\n').find((line) => line.includes('POST /api/v1/births 202 in'));
    expect(requestLine).toBeDefined();
    expect(requestLine).not.toContain(client.credentials.keyId);
    expect(requestLine).not.toContain('headers');
    // Nor any line of the gateway a resident ID number (the birth carries the parents').
    expect(services[0]!.process.output()).not.toMatch(/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/);
  });
});
