import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { Topics } from '@birth/contracts';
import { testInfrastructure, TestNamespace } from '@birth/testing';

// The ingress topic is the one place hospitals' bank accounts stand in clear (DESIGN.md,
// "Security"): it and its dead-letter topic keep 7 days on the broker, the other topics 30 and 90.
// Checked on the real broker's topic configuration, as the registry creates the topics.

const DAY_MS = 24 * 3600_000;

describe('retention on the broker', () => {
  let ns: TestNamespace;
  const kafka = new Kafka({ clientId: 'ingress-retention-test', brokers: testInfrastructure().kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();

  beforeAll(async () => {
    ns = await TestNamespace.create([Topics.birthSubmittedV1, Topics.birthRegisteredV1]);
    await admin.connect();
  });

  afterAll(async () => {
    await admin.disconnect();
    await ns?.dispose();
  });

  async function retentionDays(topic: string): Promise<number> {
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: ns.topic(topic), configNames: ['retention.ms'] }],
    });
    const entry = described.resources[0]!.configEntries.find((e) => e.configName === 'retention.ms')!;
    return Number(entry.configValue) / DAY_MS;
  }

  it('keeps birth.submitted.v1 and its dead letters 7 days, birth.registered.v1 and its dead letters 30 and 90', async () => {
    expect(await retentionDays('birth.submitted.v1')).toBe(7);
    expect(await retentionDays('birth.submitted.v1.dlq')).toBe(7);
    expect(await retentionDays('birth.registered.v1')).toBe(30);
    expect(await retentionDays('birth.registered.v1.dlq')).toBe(90);
  });
});
