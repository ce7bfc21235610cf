import type { DataSource } from 'typeorm';
import { expectEventually, TcpProxy, TestNamespace } from '@birth/testing';
import { CreateEffectsTable1764000000900, EFFECTS_TOPIC, effectEnvelope, effectHandler } from '../../test/fixtures/effects';
import { InboxConsumer } from './inbox-consumer';
import type { Producer } from '../kafka/message-bus';

describe('database outage under a running consumer', () => {
  let ns: TestNamespace;
  let schema: string;
  let proxy: TcpProxy;
  let dataSource: DataSource;
  let producer: Producer;
  let consumer: InboxConsumer;

  beforeEach(async () => {
    ns = await TestNamespace.create([EFFECTS_TOPIC]);
    schema = await ns.createSchema('dbout', [CreateEffectsTable1764000000900]);
    const target = new URL(ns.databaseUrl);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    // The consumer reaches PostgreSQL only through the proxy; the test's own checks go direct.
    dataSource = await ns.dataSource(schema, [], proxy.urlThrough(ns.databaseUrl));
    producer = ns.bus.producer();
    await producer.connect();
  });

  afterEach(async () => {
    await consumer?.stop();
    await producer?.disconnect();
    await proxy?.stop();
    await ns?.dispose();
  });

  const produce = (from: number, count: number) =>
    producer.send(
      Array.from({ length: count }, (_, i) => {
        const envelope = effectEnvelope(from + i, `k${(from + i) % 3}`);
        return { topic: ns.topic(EFFECTS_TOPIC.name), key: envelope.payload.key, value: JSON.stringify(envelope) };
      }),
    );
  const effectCount = async () => Number((await ns.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".effects`))[0]!.n);

  it('pauses without dead-lettering anything, and resumes when the database is back', async () => {
    consumer = new InboxConsumer({
      bus: ns.bus,
      dataSource,
      groupId: `${ns.id}-effects`,
      topicNamer: ns.namer,
      handlers: [effectHandler],
      maxAttempts: 2,
      retryBackoffMs: 10,
      sessionTimeoutMs: 6_000,
    });
    await consumer.start();
    await produce(0, 5);
    await expectEventually(async () => expect(await effectCount()).toBe(5));

    proxy.cutConnections();
    await produce(5, 10);
    await expectEventually(() => expect(consumer.status()).toMatchObject({ paused: true, pauseReason: 'database unreachable' }));
    expect(await effectCount()).toBe(5);

    proxy.restore();
    await expectEventually(async () => expect(await effectCount()).toBe(15), { timeoutMs: 60_000 });
    expect(consumer.status()).toMatchObject({ paused: false, deadLettered: 0 });
    expect(await ns.messageCount(`${EFFECTS_TOPIC.name}.dlq`)).toBe(0);
    const distinct = await ns.query<{ n: string }>(`SELECT count(DISTINCT message_id) AS n FROM "${schema}".effects`);
    expect(Number(distinct[0]!.n)).toBe(15);
  });
});
