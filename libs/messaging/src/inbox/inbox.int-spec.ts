import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { expectEventually, spawnNode, TestNamespace, type NodeProcess } from '@birth/testing';
import { CreateEffectsTable1764000000900, EFFECTS_TOPIC, effectEnvelope, effectHandler, recordEffect, type EffectRequestedV1 } from '../../test/fixtures/effects';
import { DeadLetterStore } from '../dead-letters/dead-letter-store';
import { InboxConsumer, type MessageHandler } from './inbox-consumer';
import type { Producer } from '../kafka/message-bus';
import type { EventEnvelope } from '@birth/contracts';
import { OutboxPublisher } from '../outbox/outbox-publisher';
import { pruneInbox } from './inbox-rows';
import { InboxPruner } from './inbox-pruner';

interface InboxRow {
  message_id: string;
  processed: boolean;
  attempts: number;
  last_error: string | null;
}

const WORKER = 'libs/messaging/test/fixtures/consumer-worker.ts';
/** ServiceConfig's KAFKA_SESSION_TIMEOUT_MS default. */
const SESSION_MS = 6_000;
/** Slack for a loaded 2-core machine on top of the bounds asserted below. */
const MARGIN_S = 3;
/** A restart also boots a process, which a busy machine (the full suite in parallel) slows most. */
const BOOT_MARGIN_S = 5;

describe('inbox consumer (real PostgreSQL and Kafka)', () => {
  let ns: TestNamespace;
  let schema: string;
  let dataSource: DataSource;
  let producer: Producer;
  const consumers: InboxConsumer[] = [];
  const processes: NodeProcess[] = [];
  const group = () => `${ns.id}-effects`;

  async function startConsumer(maxAttempts = 3): Promise<InboxConsumer> {
    const consumer = new InboxConsumer({
      bus: ns.bus,
      dataSource,
      groupId: group(),
      topicNamer: ns.namer,
      handlers: [effectHandler],
      maxAttempts,
      retryBackoffMs: 20,
      sessionTimeoutMs: 6_000,
      heartbeatIntervalMs: 500,
    });
    consumers.push(consumer);
    await consumer.start();
    return consumer;
  }

  async function produce(envelopes: EventEnvelope[], raw: (string | null)[] = []): Promise<void> {
    const topic = ns.topic(EFFECTS_TOPIC.name);
    await producer.send([
      ...envelopes.map((e) => ({ topic, key: (e.payload as { key: string }).key, value: JSON.stringify(e) })),
      ...raw.map((value) => ({ topic, key: 'same-key', value: value ?? '' })),
    ]);
  }

  async function effects(): Promise<{ message_id: string; n: number }[]> {
    return ns.query(`SELECT message_id, n FROM "${schema}".effects ORDER BY id`);
  }

  /** Every message on the topic has been consumed and its offset committed. */
  async function allCommitted(): Promise<void> {
    await expectEventually(async () => expect(await ns.committedCount(group(), EFFECTS_TOPIC.name)).toBe(await ns.messageCount(EFFECTS_TOPIC.name)), {
      timeoutMs: 60_000,
    });
  }

  beforeEach(async () => {
    ns = await TestNamespace.create([EFFECTS_TOPIC]);
    schema = await ns.createSchema('inbox', [CreateEffectsTable1764000000900]);
    dataSource = await ns.dataSource(schema);
    producer = ns.bus.producer();
    await producer.connect();
  });

  afterEach(async () => {
    processes.splice(0).forEach((p) => p.kill('SIGKILL'));
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
    await producer?.disconnect();
    await ns?.dispose();
  });

  it('passes the trace and correlation on: what a handler publishes is a child of what it consumed', async () => {
    const incoming = effectEnvelope(1, 'k1');
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await producer.send([
      { topic: ns.topic(EFFECTS_TOPIC.name), key: 'k1', value: JSON.stringify(incoming), headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } },
    ]);
    const publisher = new OutboxPublisher('inbox-test', ns.namer);
    const consumer = new InboxConsumer({
      bus: ns.bus,
      dataSource,
      groupId: group(),
      topicNamer: ns.namer,
      handlers: [
        {
          topic: EFFECTS_TOPIC,
          // No relay runs here: the published event stays in the outbox for inspection.
          handle: (envelope, context) =>
            publisher.publish(context.manager, { topic: EFFECTS_TOPIC, key: 'k1', caseId: null, payload: { ...(envelope.payload as EffectRequestedV1), n: 2 } }),
        },
      ],
    });
    consumers.push(consumer);
    await consumer.start();
    await allCommitted();
    const [row] = await ns.query<{ value: string; headers: Record<string, string> }>(`SELECT value, headers FROM "${schema}".outbox`);
    const published = JSON.parse(row!.value) as EventEnvelope;
    expect(published.correlationId).toBe(incoming.correlationId);
    expect(published.causationId).toBe(incoming.id);
    expect(row!.headers['traceparent']).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(row!.headers['traceparent']).not.toContain('00f067aa0ba902b7');
  });

  it('has one effect for a message delivered twice', async () => {
    const envelope = effectEnvelope(1, 'k1');
    await produce([envelope, envelope]);
    await startConsumer();
    await allCommitted();
    expect(await effects()).toEqual([{ message_id: envelope.id, n: 1 }]);
  });

  it("applies the partitions' batches of one fetch together, each partition in order; a poison message is dead-lettered alone", async () => {
    // Twelve keys over the topic's three partitions, two messages each, and a rejected message
    // among them, all on the topic before the consumer starts: its first fetch holds every
    // partition's batch, and their runs share transactions (TickGather).
    const first = Array.from({ length: 12 }, (_, i) => effectEnvelope(i + 1, `key-${i}`));
    const second = Array.from({ length: 12 }, (_, i) => effectEnvelope(i + 101, `key-${i}`));
    await produce([...first, effectEnvelope(99, 'key-5', 'reject'), ...second]);
    const consumer = await startConsumer();
    await allCommitted();
    const applied = await ns.query<{ message_key: string; n: number }>(`SELECT message_key, n FROM "${schema}".effects ORDER BY id`);
    expect(applied).toHaveLength(24);
    for (let i = 0; i < 12; i++) {
      // One effect per message, and a key's second message applied after its first.
      expect(applied.filter((e) => e.message_key === `key-${i}`).map((e) => e.n)).toEqual([i + 1, i + 101]);
    }
    expect(consumer.status()).toMatchObject({ processed: 24, deadLettered: 1, duplicates: 0 });
    const letters = await new DeadLetterStore(ns.bus).list(`${ns.topic(EFFECTS_TOPIC.name)}.dlq`);
    expect(letters.map((l) => l.code)).toEqual(['PERMANENT_REJECTION']);
  });

  /** The worker process with the services' consumer timings (ServiceConfig's defaults). */
  const workerEnv = () => ({ ...ns.serviceEnv(schema, { KAFKA_SESSION_TIMEOUT_MS: String(SESSION_MS), KAFKA_HEARTBEAT_INTERVAL_MS: '1000' }), GROUP_ID: group() });
  const secondsSince = (start: number) => Math.round((Date.now() - start) / 100) / 10;

  it('has one effect when the consumer is SIGKILLed after its transaction but before committing the offset; the restarted one consumes within 10 s', async () => {
    const env = workerEnv();
    const doomed = spawnNode(WORKER, { ...env, BIRTH_FAILPOINTS: 'consumer.after-commit-before-offset' });
    processes.push(doomed);
    const envelope = effectEnvelope(7, 'k7');
    await produce([envelope]);
    const exit = await doomed.exited;
    const killedAt = Date.now();
    expect(exit.signal).toBe('SIGKILL');
    // The effect committed, the offset did not: the message will come again.
    expect(await effects()).toHaveLength(1);
    expect(await ns.committedCount(group(), EFFECTS_TOPIC.name)).toBe(0);

    // Restarted at once: it joins when the dead member's session expires, then consumes.
    const survivor = spawnNode(WORKER, env);
    processes.push(survivor);
    await allCommitted();
    const seconds = secondsSince(killedAt);
    console.log(`[crash] consumer restarted after SIGKILL consumed again ${seconds} s after the kill (session ${SESSION_MS / 1000} s)`);
    expect(seconds).toBeLessThan(10 + BOOT_MARGIN_S);
    expect(await effects()).toEqual([{ message_id: envelope.id, n: 7 }]);
  });

  it("a live peer takes over a SIGKILLed member's partitions once its session expires", async () => {
    const env = workerEnv();
    const dying = spawnNode(WORKER, env);
    processes.push(dying);
    await dying.waitForOutput(/consumer joined/);
    const peer = spawnNode(WORKER, env);
    processes.push(peer);
    // The peer's first join completes only once the first member has rejoined: both now hold partitions.
    await peer.waitForOutput(/consumer joined/);

    dying.kill('SIGKILL');
    await dying.exited;
    const killedAt = Date.now();
    // Keys over every partition: the dead member's share waits for the takeover.
    const envelopes = Array.from({ length: 12 }, (_, i) => effectEnvelope(i, `k${i}`));
    await produce(envelopes);
    expect((await ns.admin.partitionOffsets(ns.topic(EFFECTS_TOPIC.name))).every((p) => Number(p.high) > 0)).toBe(true);
    await allCommitted();
    const seconds = secondsSince(killedAt);
    console.log(`[crash] live peer took over the SIGKILLed member's partitions ${seconds} s after the kill (session ${SESSION_MS / 1000} s, heartbeat 1 s)`);
    // The coordinator notices the death only when the session expires; then one heartbeat and a rebalance.
    expect(seconds).toBeLessThan(SESSION_MS / 1000 + 1 + MARGIN_S);
    expect((await effects()).map((e) => e.n).sort((a, b) => a - b)).toEqual(envelopes.map((_, i) => i));
  });

  it('dead-letters a poison message with its reason and keeps the partition flowing; a replay applies it once', async () => {
    const key = 'same-key';
    const good1 = effectEnvelope(1, key);
    const rejected = effectEnvelope(2, key, 'reject');
    const failing = effectEnvelope(3, key, 'fail-while-broken');
    const invalid = { ...effectEnvelope(4, key), payload: { key, n: 'four', behaviour: 'ok', phone: '13812345678', extra: 1 } };
    const good2 = effectEnvelope(5, key);
    const topic = ns.topic(EFFECTS_TOPIC.name);
    // One key, so one partition, in this order: the good messages sit behind the poison ones.
    await producer.send([good1, rejected, failing].map((e) => ({ topic, key, value: JSON.stringify(e) })));
    await producer.send([{ topic, key, value: '{not json' }]);
    await producer.send([invalid, good2].map((e) => ({ topic, key, value: JSON.stringify(e) })));

    const consumer = await startConsumer(2);
    await allCommitted();
    expect((await effects()).map((e) => e.n)).toEqual([1, 5]);
    const store = new DeadLetterStore(ns.bus);
    const dlq = `${topic}.dlq`;
    const letters = await store.list(dlq);
    expect(letters.map((l) => `${l.originalOffset}:${l.code}`)).toEqual(['1:PERMANENT_REJECTION', '2:RETRIES_EXHAUSTED', '3:INVALID_MESSAGE', '4:INVALID_MESSAGE']);
    expect(consumer.status().deadLettered).toBe(4);
    expect(letters.map((l) => l.code)).toEqual(['PERMANENT_REJECTION', 'RETRIES_EXHAUSTED', 'INVALID_MESSAGE', 'INVALID_MESSAGE']);
    expect(letters.every((l) => l.originalTopic === topic && l.key === key && l.consumerGroup === group())).toBe(true);
    expect(letters[0]!.reason).toContain('EFFECT_REFUSED');
    expect(letters[1]!.attempts).toBe(2);
    expect(letters[2]!.reason).toContain('INVALID_JSON');
    expect(letters[3]!.reason).toMatch(/payload\.n: IS_INT/);
    // A tolerant reader (the registry's default, unknownFields 'ignore'): the unknown field is no reason.
    expect(letters[3]!.reason).not.toMatch(/extra/);
    // Personal data is masked in the listing.
    expect(JSON.stringify(letters)).not.toContain('13812345678');
    expect(JSON.stringify(letters[0]!.maskedValue)).toContain('138****5678');

    // The dependency is fixed; the operator replays the transient failure: applied once, even if replayed twice.
    await ns.query(`UPDATE "${schema}".switches SET on_ = false`);
    const failed = letters.find((l) => l.code === 'RETRIES_EXHAUSTED')!;
    await store.replay(dlq, [failed.id]);
    await store.replay(dlq, [failed.id]);
    await allCommitted();
    expect((await effects()).map((e) => e.n)).toEqual([1, 5, 3]);
    expect(await ns.messageCount(`${EFFECTS_TOPIC.name}.dlq`)).toBe(4);
  });

  it('keeps the original record timestamp through dead-lettering and replays, and gives it to the handler', async () => {
    const seen: { timestamp: string; originalTimestamp: string }[] = [];
    const recording: MessageHandler<EffectRequestedV1> = {
      topic: EFFECTS_TOPIC,
      handle: async (envelope, context) => {
        await recordEffect(context.manager, envelope);
        seen.push({ timestamp: context.timestamp, originalTimestamp: context.originalTimestamp });
      },
    };
    const consumer = new InboxConsumer({
      bus: ns.bus,
      dataSource,
      groupId: group(),
      topicNamer: ns.namer,
      handlers: [recording],
      maxAttempts: 1,
      retryBackoffMs: 20,
    });
    consumers.push(consumer);
    await produce([effectEnvelope(1, 'k1', 'fail-while-broken')]);
    const [original] = await ns.readAll(EFFECTS_TOPIC.name);
    await consumer.start();
    const store = new DeadLetterStore(ns.bus);
    const dlq = ns.topic(`${EFFECTS_TOPIC.name}.dlq`);
    const letters = async () => {
      const listed = await store.list(dlq);
      expect(listed.length).toBeGreaterThan(0);
      return listed;
    };
    await expectEventually(async () => expect(await letters()).toHaveLength(1));
    const [first] = await letters();
    expect(first!.originalTimestamp).toBe(original!.timestamp);

    // Replayed while the dependency is still broken: dead-lettered again, still with the first record's time.
    await store.replay(dlq, [first!.id]);
    await expectEventually(async () => expect(await letters()).toHaveLength(2));
    const second = (await letters())[1]!;
    const [replay1] = (await ns.readAll(EFFECTS_TOPIC.name)).slice(1);
    expect(replay1!.headers['dlq-original-timestamp']).toBe(original!.timestamp);
    expect(second.originalTimestamp).toBe(original!.timestamp);

    // Fixed and replayed from the second dead letter: the handler sees both times.
    await ns.query(`UPDATE "${schema}".switches SET on_ = false`);
    await store.replay(dlq, [second.id]);
    await allCommitted();
    const replay2 = (await ns.readAll(EFFECTS_TOPIC.name))[2]!;
    expect(seen).toEqual([{ timestamp: replay2.timestamp, originalTimestamp: original!.timestamp }]);
  });

  describe('upkeep: attempts, last error and pruning', () => {
    const inboxRows = () =>
      ns.query<InboxRow>(
        `SELECT message_id, processed_at IS NOT NULL AS processed, attempts, last_error FROM "${schema}".inbox WHERE consumer_group = $1`,
        [group()],
      );
    const rowOf = async (id: string) => (await inboxRows()).find((r) => r.message_id === id);

    it("records every failed attempt and the last error although the handler's transaction rolled back", async () => {
      const good = effectEnvelope(1, 'k1');
      const failing = effectEnvelope(2, 'k1', 'fail-while-broken');
      const rejected = effectEnvelope(3, 'k1', 'reject');
      const topic = ns.topic(EFFECTS_TOPIC.name);
      await producer.send([good, failing, rejected].map((e) => ({ topic, key: 'k1', value: JSON.stringify(e) })));
      await startConsumer(3);
      await expectEventually(async () => expect(await ns.committedCount(group(), EFFECTS_TOPIC.name)).toBe(3), { timeoutMs: 60_000 });

      // Three attempts, none of them committed anything of the handler: the row says so, and why.
      expect(await inboxRows()).toEqual(
        expect.arrayContaining([
          { message_id: good.id, processed: true, attempts: 1, last_error: null },
          { message_id: failing.id, processed: false, attempts: 3, last_error: 'effect 2 failed: dependency broken' },
          { message_id: rejected.id, processed: false, attempts: 1, last_error: 'EFFECT_REFUSED: effect 3 can never apply' },
        ]),
      );
      const effects = await ns.query<{ n: number }>(`SELECT n FROM "${schema}".effects`);
      expect(effects.map((e) => e.n)).toEqual([1]);

      // Fixed and replayed: the same row becomes processed, with the attempt that succeeded counted.
      await ns.query(`UPDATE "${schema}".switches SET on_ = false`);
      const store = new DeadLetterStore(ns.bus);
      const letter = (await store.list(`${topic}.dlq`)).find((l) => l.code === 'RETRIES_EXHAUSTED')!;
      await store.replay(`${topic}.dlq`, [letter.id]);
      await expectEventually(async () => expect((await rowOf(failing.id))?.processed).toBe(true), { timeoutMs: 60_000 });
      expect(await rowOf(failing.id)).toMatchObject({ attempts: 4, last_error: 'effect 2 failed: dependency broken' });
      expect((await ns.query<{ n: number }>(`SELECT n FROM "${schema}".effects ORDER BY n`)).map((e) => e.n)).toEqual([1, 2]);
    });

    it('prunes only rows older than the retention: processed ones by when they were processed, failed-only ones by their last failure', async () => {
      const day = 24 * 3600 * 1000;
      const rows = [
        { name: 'processed 10 days ago', processedAgo: 10, failedAgo: null, pruned: true },
        { name: 'processed 11 days ago', processedAgo: 11, failedAgo: null, pruned: true },
        { name: 'processed 12 days ago', processedAgo: 12, failedAgo: 12, pruned: true },
        { name: 'processed 4 days ago', processedAgo: 4, failedAgo: null, pruned: false },
        { name: 'processed just now', processedAgo: 0, failedAgo: 9, pruned: false },
        { name: 'failed only, 10 days ago', processedAgo: null, failedAgo: 10, pruned: true },
        { name: 'failed only, 1 day ago', processedAgo: null, failedAgo: 1, pruned: false },
      ].map((r) => ({ ...r, id: randomUUID() }));
      for (const [i, r] of rows.entries()) {
        await ns.query(
          `INSERT INTO "${schema}".inbox (consumer_group, message_id, topic, kafka_partition, kafka_offset, processed_at, last_failed_at, attempts)
           VALUES ($1, $2, 't', 0, $3, now() - $4::float8 * interval '1 day', now() - $5::float8 * interval '1 day', 1)`,
          [group(), r.id, i, r.processedAgo, r.failedAgo],
        );
      }
      // Batches of 2, so the pruner has to go round more than once.
      expect(await pruneInbox(dataSource, 5 * day, 2)).toBe(4);
      const left = (await inboxRows()).map((r) => r.message_id).sort();
      expect(left).toEqual(rows.filter((r) => !r.pruned).map((r) => r.id).sort());
      // The services' timer runs the same pass: nothing left to prune.
      expect(await new InboxPruner({ dataSource, retentionMs: 5 * day }).pruneNow()).toBe(0);
    });
  });
});
