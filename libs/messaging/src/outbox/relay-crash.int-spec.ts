import type { DataSource } from 'typeorm';
import { expectEventually, spawnNode, TestNamespace, type NodeProcess } from '@birth/testing';
import { CreateEffectsTable1764000000900, EFFECTS_TOPIC, effectHandler, type EffectRequestedV1 } from '../../test/fixtures/effects';
import { InboxConsumer } from '../inbox/inbox-consumer';
import { OutboxPublisher } from './outbox-publisher';

const WORKER = 'libs/messaging/test/fixtures/relay-worker.ts';
/** Slack for a loaded 2-core machine on top of the bounds asserted below. */
const MARGIN_S = 3;

describe('relay killed between publishing and marking (real child process, SIGKILL)', () => {
  let ns: TestNamespace;
  let schema: string;
  let dataSource: DataSource;
  const processes: NodeProcess[] = [];
  let consumer: InboxConsumer | null = null;

  const unpublished = async () => Number((await ns.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".outbox WHERE published_at IS NULL`))[0]!.n);
  const secondsSince = (start: number) => Math.round((Date.now() - start) / 100) / 10;
  /** Whether a relay holds the schema's leader lock (OutboxRelay's pg_try_advisory_lock(hashtext('outbox-relay:<schema>'))). */
  const leaderLockHeld = async () =>
    (
      await ns.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks
          WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = hashtext($1)::bigint`,
        [`outbox-relay:${schema}`],
      )
    )[0]!.n === 1;

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

    const doomed = spawnNode(WORKER, { ...env, BIRTH_FAILPOINTS: 'relay.after-publish-before-mark' });
    processes.push(doomed);
    expect((await doomed.exited).signal).toBe('SIGKILL');
    // Kafka acknowledged the batch, the rows were never marked.
    expect(await ns.messageCount(EFFECTS_TOPIC.name)).toBe(5);
    expect(await unpublished()).toBe(5);

    const killedAt = Date.now();
    const successor = spawnNode(WORKER, env);
    processes.push(successor);
    await expectEventually(async () => expect(await ns.messageCount(EFFECTS_TOPIC.name)).toBe(10), { timeoutMs: 30_000 });
    await expectEventually(async () => expect(await unpublished()).toBe(0));
    const seconds = secondsSince(killedAt);
    console.log(`[crash] relay restarted after SIGKILL had re-published and marked the batch ${seconds} s after the kill`);
    expect(seconds).toBeLessThan(10 + MARGIN_S);

    const groupId = `${ns.id}-effects`;
    consumer = new InboxConsumer({ bus: ns.bus, dataSource, groupId, topicNamer: ns.namer, handlers: [effectHandler], sessionTimeoutMs: 6_000 });
    await consumer.start();
    await expectEventually(async () => expect(await ns.committedCount(groupId, EFFECTS_TOPIC.name)).toBe(10), { timeoutMs: 60_000 });
    const effects = await ns.query<{ n: number }>(`SELECT n FROM "${schema}".effects ORDER BY n`);
    expect(effects.map((e) => e.n)).toEqual([1, 2, 3, 4, 5]);
    expect(consumer.status().duplicates).toBe(5);
  });

  it("a standby relay takes over within its 2 s lock poll when the leader is SIGKILLed: the lock goes with the leader's database session", async () => {
    const env = { DATABASE_URL: ns.databaseUrl, DATABASE_SCHEMA: schema, KAFKA_BROKERS: ns.kafkaBrokers };
    const leader = spawnNode(WORKER, { ...env, BIRTH_FAILPOINTS: 'relay.after-publish-before-mark' });
    processes.push(leader);
    await expectEventually(async () => expect(await leaderLockHeld()).toBe(true));
    const standby = spawnNode(WORKER, env);
    processes.push(standby);
    await standby.waitForOutput(/relay started/);

    const publisher = new OutboxPublisher('crash-test', ns.namer);
    const payloads: EffectRequestedV1[] = [1, 2, 3].map((n) => ({ key: `k${n}`, n, behaviour: 'ok', phone: '13800000000' }));
    await dataSource.transaction((tx) =>
      publisher.publishAll(tx, payloads.map((payload) => ({ topic: EFFECTS_TOPIC, key: payload.key, caseId: null, payload }))),
    );
    expect((await leader.exited).signal).toBe('SIGKILL');
    const killedAt = Date.now();
    await expectEventually(async () => expect(await unpublished()).toBe(0), { timeoutMs: 30_000 });
    const seconds = secondsSince(killedAt);
    console.log(`[crash] standby relay took over and re-published ${seconds} s after the leader's SIGKILL (it tries the lock every 2 s)`);
    expect(seconds).toBeLessThan(2 + MARGIN_S);
    expect(await ns.messageCount(EFFECTS_TOPIC.name)).toBe(6);
  });
});
