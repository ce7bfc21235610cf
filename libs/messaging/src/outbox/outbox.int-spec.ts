import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { expectEventually, TestNamespace } from '@birth/testing';
import { CreateEffectsTable1764000000900, EFFECTS_TOPIC, type EffectRequestedV1 } from '../../test/fixtures/effects';
import { OutboxPublisher } from './outbox-publisher';
import { OutboxRelay } from './outbox-relay';
import type { Producer } from '../kafka/message-bus';

describe('outbox and relay (real PostgreSQL and Kafka)', () => {
  let ns: TestNamespace;
  let schema: string;
  let dataSource: DataSource;
  let publisher: OutboxPublisher;
  const relays: OutboxRelay[] = [];
  const producers: Producer[] = [];

  async function startRelay(options: { pollIntervalMs?: number; retentionMs?: number; pruneIntervalMs?: number } = {}): Promise<OutboxRelay> {
    const producer = ns.bus.producer();
    await producer.connect();
    producers.push(producer);
    const relay = new OutboxRelay({ connection: { connectionString: ns.databaseUrl }, schema, producer, ...options });
    relay.start();
    relays.push(relay);
    return relay;
  }

  function effect(key: string, n: number): { topic: typeof EFFECTS_TOPIC; key: string; caseId: null; payload: EffectRequestedV1 } {
    return { topic: EFFECTS_TOPIC, key, caseId: null, payload: { key, n, behaviour: 'ok', phone: '13800000000' } };
  }

  beforeEach(async () => {
    ns = await TestNamespace.create([EFFECTS_TOPIC]);
    schema = await ns.createSchema('outbox', [CreateEffectsTable1764000000900]);
    dataSource = await ns.dataSource(schema);
    publisher = new OutboxPublisher('outbox-test', ns.namer);
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await Promise.all(producers.splice(0).map((p) => p.disconnect()));
    await ns?.dispose();
  });

  it('publishes nothing from a rolled-back transaction, and exactly the events of a committed one', async () => {
    await startRelay();
    await expect(
      dataSource.transaction(async (tx) => {
        await publisher.publishAll(tx, [effect('a', 1), effect('a', 2), effect('b', 3)]);
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    await dataSource.transaction((tx) => publisher.publish(tx, effect('marker', 99)));

    // The marker is behind the rolled-back rows in seq order: once it is out, they would be too.
    await expectEventually(async () => expect(await ns.messageCount(EFFECTS_TOPIC.name)).toBe(1));
    const [unpublished] = await ns.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".outbox WHERE published_at IS NULL`);
    expect(Number(unpublished!.n)).toBe(0);
    const messages = await ns.readAll(EFFECTS_TOPIC.name);
    expect(messages.map((m) => JSON.parse(m.value!.toString()).payload.n)).toEqual([99]);
  });

  it('keeps each key in order, exactly once, with two relays running', async () => {
    const [first, second] = [await startRelay({ pollIntervalMs: 100 }), await startRelay({ pollIntervalMs: 100 })];
    const keys = Array.from({ length: 12 }, (_, i) => `case-${i}`);
    const perKey = 20;
    // Concurrent writers, one per key, each committing its events one transaction at a time.
    await Promise.all(
      keys.map(async (key) => {
        for (let n = 0; n < perKey; n++) await dataSource.transaction((tx) => publisher.publish(tx, effect(key, n)));
      }),
    );
    const total = keys.length * perKey;
    await expectEventually(async () => expect(await ns.messageCount(EFFECTS_TOPIC.name)).toBe(total), { timeoutMs: 60_000 });
    expect([first!.status().leader, second!.status().leader].filter(Boolean)).toHaveLength(1);

    const messages = await ns.readAll(EFFECTS_TOPIC.name);
    expect(messages).toHaveLength(total);
    const seen = new Map<string, number[]>();
    for (const message of messages) {
      const { key, n } = JSON.parse(message.value!.toString()).payload as EffectRequestedV1;
      expect(message.key!.toString()).toBe(key);
      seen.set(key, [...(seen.get(key) ?? []), n]);
    }
    for (const key of keys) expect(seen.get(key)).toEqual(Array.from({ length: perKey }, (_, n) => n));
  });

  it('stores the events of one publishAll in their given order (the relay reads by seq)', async () => {
    const requests = Array.from({ length: 40 }, (_, n) => ({ ...effect(n % 2 ? 'odd' : 'even', n), id: randomUUID() }));
    await dataSource.transaction((tx) => publisher.publishAll(tx, requests));
    const rows = await ns.query<{ id: string }>(`SELECT id FROM "${schema}".outbox ORDER BY seq`);
    expect(rows.map((r) => r.id)).toEqual(requests.map((r) => r.id));
  });

  it('hands over to the standby relay when the leader stops', async () => {
    const leader = await startRelay({ pollIntervalMs: 100 });
    await expectEventually(() => expect(leader.status().leader).toBe(true));
    const standby = await startRelay({ pollIntervalMs: 100 });
    await leader.stop();
    await dataSource.transaction((tx) => publisher.publish(tx, effect('k', 1)));
    await expectEventually(async () => expect(await ns.messageCount(EFFECTS_TOPIC.name)).toBe(1), { timeoutMs: 20_000 });
    expect(standby.status().leader).toBe(true);
  });

  it('wakes on NOTIFY at commit instead of waiting for its poll', async () => {
    const relay = await startRelay({ pollIntervalMs: 10 * 60_000 });
    await expectEventually(() => expect(relay.status().leader).toBe(true));
    await dataSource.transaction((tx) => publisher.publish(tx, effect('k', 1)));
    // The poll interval is ten minutes: only the notification can deliver within this deadline.
    await expectEventually(async () => expect(await ns.messageCount(EFFECTS_TOPIC.name)).toBe(1), { timeoutMs: 10_000 });
  });

  it('carries the trace context and correlation id in headers, and refuses to publish outside a transaction', async () => {
    await startRelay();
    const envelope = await dataSource.transaction((tx) => publisher.publish(tx, effect('k', 1)));
    await expectEventually(async () => expect(await ns.messageCount(EFFECTS_TOPIC.name)).toBe(1));
    const [message] = await ns.readAll(EFFECTS_TOPIC.name);
    expect(message!.headers['traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(message!.headers['correlation-id']).toBe(envelope.correlationId);
    await expect(publisher.publish(dataSource.manager, effect('k', 2))).rejects.toThrow(/inside a transaction/);
  });

  it('writes the caller’s rows alongside the events in one statement, each event under its own cause; a failure writes neither', async () => {
    await startRelay();
    const causes = ['corr-a', 'corr-b'].map((correlationId) => ({ traceparent: `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`, correlationId, causationId: null }));
    await dataSource.transaction((tx) =>
      publisher.publishAll(tx, [{ ...effect('a', 1), cause: causes[0] }, { ...effect('b', 2), cause: causes[1] }], {
        sql: `mine AS (INSERT INTO effects (message_id, message_key, n) VALUES (gen_random_uuid(), $1, $2), (gen_random_uuid(), $3, $4))`,
        params: ['a', 1, 'b', 2],
      }),
    );
    await expect(
      dataSource.transaction((tx) =>
        publisher.publishAll(tx, [effect('c', 3)], { sql: `mine AS (INSERT INTO effects (message_id, message_key, n) VALUES (gen_random_uuid(), $1, NULL))`, params: ['c'] }),
      ),
    ).rejects.toThrow(/null value/);

    const effects = await ns.query<{ message_key: string; n: number }>(`SELECT message_key, n FROM "${schema}".effects ORDER BY n`);
    expect(effects).toEqual([{ message_key: 'a', n: 1 }, { message_key: 'b', n: 2 }]);
    await expectEventually(async () => expect(await ns.messageCount(EFFECTS_TOPIC.name)).toBe(2));
    const messages = await ns.readAll(EFFECTS_TOPIC.name);
    expect(messages.map((m) => [m.key!.toString(), JSON.parse(m.value!.toString()).correlationId, m.headers['correlation-id']]).sort()).toEqual([
      ['a', 'corr-a', 'corr-a'],
      ['b', 'corr-b', 'corr-b'],
    ]);
  });

  it('prunes published rows past the retention period, never unpublished ones', async () => {
    const relay = await startRelay({ retentionMs: 1, pruneIntervalMs: 10 * 60_000 });
    await dataSource.transaction((tx) => publisher.publish(tx, effect('k', 1)));
    await expectEventually(async () => {
      const [row] = await ns.query<{ published_at: Date | null }>(`SELECT published_at FROM "${schema}".outbox`);
      expect(row?.published_at).toBeInstanceOf(Date);
    });
    await relay.stop();
    await dataSource.transaction((tx) => publisher.publish(tx, effect('k', 2)));
    expect(await relay.pruneNow()).toBe(1);
    const rows = await ns.query<{ published_at: Date | null }>(`SELECT published_at FROM "${schema}".outbox`);
    expect(rows).toEqual([{ published_at: null }]);
  });
});
