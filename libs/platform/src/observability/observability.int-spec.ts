import { randomBytes, randomUUID } from 'node:crypto';
import { DepartmentSuite, envelopeMessage, expectEventually, OtlpReceiver } from '@birth/testing';
import { CreateDepartmentItemTables1764000010000 } from '../department-item/department-item.migration';
import { FIXTURE_TOPIC_LIST, FIXTURE_TOPICS } from '../../test/fixtures/department-item-fixture-topics';

// Logs, metrics and traces of a real service (the department-item kit's fixture, started through
// the platform bootstrap) handling real messages over real Kafka and PostgreSQL, at debug level,
// with traces exported over OTLP/HTTP to a receiver in this test.

const FIXTURE = 'libs/platform/test/fixtures/department-item-service.ts';
const GROUP = 'item-kit-fixture';
const HOLDER_ID = '11010119900307123X';
const CERTIFICATE = { certificateNumber: 'A123456789', issuedAt: '2026-03-02T09:30:00+08:00' };

/** The value of the first sample of `name` whose labels include every one of `labels`. */
function sample(exposition: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('observability of a real service (real Kafka and PostgreSQL, OTLP receiver)', () => {
  let suite: DepartmentSuite;
  let receiver: OtlpReceiver;
  let mainUrl: string;
  const caseId = randomUUID();
  const traceId = randomBytes(16).toString('hex');
  let correlationId: string;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    suite = await DepartmentSuite.start({
      topics: FIXTURE_TOPIC_LIST,
      group: GROUP,
      consumed: [FIXTURE_TOPICS.births, FIXTURE_TOPICS.certificates, FIXTURE_TOPICS.commands],
      schemaName: 'observed',
      migrations: [CreateDepartmentItemTables1764000010000],
      entry: FIXTURE,
      env: {
        INTERNAL_API_TOKENS: `case-saga:${randomBytes(24).toString('base64url')}`,
        LOG_LEVEL: 'debug',
        LOG_FORMAT: 'json',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      },
    });
    const listening = /listening on (http:\/\/[^:]+:\d+)/.exec(suite.process.output())!;
    mainUrl = listening[1]!;
    const birth = envelopeMessage(suite.ns, FIXTURE_TOPICS.births, caseId, { holderIdNumber: HOLDER_ID });
    birth.headers = { ...birth.headers, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` };
    correlationId = (JSON.parse(birth.value as string) as { correlationId: string }).correlationId;
    await suite.deliver(birth);
    await suite.deliver(envelopeMessage(suite.ns, FIXTURE_TOPICS.certificates, caseId, CERTIFICATE));
    await suite.published(FIXTURE_TOPICS.itemChanged.name, caseId, 2);
  });

  afterAll(async () => {
    await suite?.stop();
    await receiver?.stop();
  });

  const logLines = () =>
    suite.process
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  it('logs JSON lines; those of the message handling carry the service, case, correlation and trace ids', () => {
    const handled = logLines().filter((line) => typeof line['msg'] === 'string' && (line['msg'] as string).startsWith('handled '));
    expect(handled.length).toBeGreaterThanOrEqual(2);
    for (const line of handled) {
      expect(line).toEqual(expect.objectContaining({ service: GROUP, caseId, level: 'debug', context: 'Messaging' }));
      expect(line['correlationId']).toEqual(expect.any(String));
      expect(line['traceId']).toMatch(/^[0-9a-f]{32}$/);
    }
    const birthLine = handled.find((line) => (line['msg'] as string).includes(FIXTURE_TOPICS.births.type))!;
    expect(birthLine['correlationId']).toBe(correlationId);
    expect(birthLine['traceId']).toBe(traceId);
  });

  it('no log line carries the personal data the messages held', () => {
    expect(suite.process.output()).not.toContain(HOLDER_ID);
  });

  it('/metrics on the main port counts what was consumed and published, with latency, backlog and lag', async () => {
    const births = suite.ns.topic(FIXTURE_TOPICS.births.name);
    const itemChanged = suite.ns.topic(FIXTURE_TOPICS.itemChanged.name);
    const body = await expectEventually(async () => {
      const response = await fetch(`${mainUrl}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const text = await response.text();
      expect(sample(text, 'birth_messages_published_total', { topic: itemChanged })).toBe(2);
      return text;
    });
    expect(sample(body, 'birth_messages_consumed_total', { topic: births, service: GROUP })).toBe(1);
    expect(sample(body, 'birth_handler_duration_seconds_count', { topic: births, outcome: 'ok' })).toBe(1);
    expect(sample(body, 'birth_consumer_lag', { topic: births })).toBe(0);
    expect(sample(body, 'birth_outbox_backlog', {})).toBe(0);
    expect(sample(body, 'birth_outbox_oldest_age_seconds', {})).toBe(0);
    expect(body).toContain('# TYPE birth_dead_letters_total counter');
    expect(body).toContain('process_cpu_seconds_total');
  });

  it('a dead letter is counted by topic and reason code', async () => {
    const births = suite.ns.topic(FIXTURE_TOPICS.births.name);
    await suite.deliver({ topic: births, key: caseId, value: '{"not":"an envelope"}', headers: {} });
    await expectEventually(async () => {
      const text = await (await fetch(`${mainUrl}/metrics`)).text();
      expect(sample(text, 'birth_dead_letters_total', { topic: births, code: 'INVALID_MESSAGE' })).toBe(1);
    });
  });

  it('traces the message across Kafka: its CONSUMER span continues the sender trace, and the event it published continues that one', async () => {
    const births = suite.ns.topic(FIXTURE_TOPICS.births.name);
    const itemChanged = suite.ns.topic(FIXTURE_TOPICS.itemChanged.name);
    await expectEventually(() => {
      const ofTrace = receiver.spans.filter((span) => span.traceId === traceId);
      const consumer = ofTrace.find((span) => span.name === `${births} process`);
      const producer = ofTrace.find((span) => span.name === `${itemChanged} publish`);
      expect(consumer).toEqual(expect.objectContaining({ service: GROUP, kind: 5 }));
      expect(producer).toEqual(expect.objectContaining({ service: GROUP, kind: 4, parentSpanId: consumer!.spanId }));
    }, { timeoutMs: 60_000 });
  });
});
