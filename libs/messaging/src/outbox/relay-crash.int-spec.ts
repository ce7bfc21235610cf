import type { DataSource } from 'typeorm';
import { expectEventually, spawnNode, TestNamespace, type NodeProcess } from '@birth/testing';
import { CreateEffectsTable1764000000900, EFFECTS_TOPIC, effectHandler, type EffectRequestedV1 } from '../../test/fixtures/effects';
import { InboxConsumer } from '../inbox/inbox-consumer';
import { OutboxPublisher } from './outbox-publisher';

describe('relay killed between publishing and marking (real child process, SIGKILL)', () => {
  let ns: TestNamespace;
  let schema: string;
  let dataSource: DataSource;
  const processes: NodeProcess[] = [];
  let consumer: InboxConsumer | null = null;

  beforeEach(async () => {
    ns = await TestNamespace.create([EFFECTS_TOPIC]);
    schema = await ns.createSchema('relaycrash', [CreateEffectsTable1764000000900]);
    dataSource = await ns.dataSource(schema);
  });

  afterEach(async () => {
    processes.splice(0).forEach((p) => p.kill('SIGKILL'));
    await consumer?.stop();
    await ns.dispose();
  });

  it('re-publishes the batch (the duplicate reaches the topic) and the consumer applies each event once', async () => {
    const publisher = new OutboxPublisher('crash-test', ns.namer);
    const payloads: EffectRequestedV1[] = [1, 2, 3, 4, 5].map((n) => ({ key: `k${n}`, n, behaviour: 'ok', phone: '13800000000' }));
    await dataSource.transaction((tx) =>
      publisher.publishAll(tx, payloads.map((payload) => ({ topic: EFFECTS_TOPIC, key: payload.key, caseId: null, payload }))),
    );
    const env = { DATABASE_URL: ns.databaseUrl, DATABASE_SCHEMA: schema, KAFKA_BROKERS: ns.kafkaBrokers };

    const doomed = spawnNode('libs/messaging/test/fixtures/relay-worker.ts', { ...env, BIRTH_FAILPOINTS: 'relay.after-publish-before-mark' });
    processes.push(doomed);
    expect((await doomed.exited).signal).toBe('SIGKILL');
    // Kafka acknowledged the batch, the rows were never marked.
    expect(await ns.messageCount(EFFECTS_TOPIC.name)).toBe(5);
    const [pending] = await ns.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".outbox WHERE published_at IS NULL`);
    expect(Number(pending!.n)).toBe(5);

    const successor = spawnNode('libs/messaging/test/fixtures/relay-worker.ts', env);
    processes.push(successor);
    await expectEventually(async () => expect(await ns.messageCount(EFFECTS_TOPIC.name)).toBe(10), { timeoutMs: 30_000 });
    await expectEventually(async () => {
      const [row] = await ns.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".outbox WHERE published_at IS NULL`);
      expect(Number(row!.n)).toBe(0);
    });

    const groupId = `${ns.id}-effects`;
    consumer = new InboxConsumer({ bus: ns.bus, dataSource, groupId, topicNamer: ns.namer, handlers: [effectHandler], sessionTimeoutMs: 6_000 });
    await consumer.start();
    await expectEventually(async () => expect(await ns.committedCount(groupId, EFFECTS_TOPIC.name)).toBe(10), { timeoutMs: 60_000 });
    const effects = await ns.query<{ n: number }>(`SELECT n FROM "${schema}".effects ORDER BY n`);
    expect(effects.map((e) => e.n)).toEqual([1, 2, 3, 4, 5]);
    expect(consumer.status().duplicates).toBe(5);
  });
});
