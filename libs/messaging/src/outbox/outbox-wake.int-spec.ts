import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { expectEventually, TestNamespace } from '@birth/testing';
import { CreateEffectsTable1764000000900, EFFECTS_TOPIC, type EffectRequestedV1 } from '../../test/fixtures/effects';
import type { Producer } from '../kafka/message-bus';
import { OutboxPublisher } from './outbox-publisher';
import { OutboxRelay, quoteIdent } from './outbox-relay';

/**
 * The outbox trigger NOTIFYs only when the relay may be idle (outbox-wake.migration.ts). The
 * relay's poll is ten minutes in every test here: a row that only the poll would deliver fails
 * its deadline.
 */
describe('outbox wake-ups (real PostgreSQL and Kafka)', () => {
  const POLL_MS = 10 * 60_000;
  let ns: TestNamespace;
  let schema: string;
  let dataSource: DataSource;
  let publisher: OutboxPublisher;
  let producer: Producer;
  let relay: OutboxRelay;
  let listener: Client;
  let notifications = 0;

  function effect(key: string, n: number): { topic: typeof EFFECTS_TOPIC; key: string; caseId: null; payload: EffectRequestedV1 } {
    return { topic: EFFECTS_TOPIC, key, caseId: null, payload: { key, n, behaviour: 'ok', phone: '13800000000' } };
  }

  async function startRelay(wakeDelayMs?: number): Promise<void> {
    relay = new OutboxRelay({ connection: { connectionString: ns.databaseUrl }, schema, producer, pollIntervalMs: POLL_MS, wakeDelayMs });
    relay.start();
    await expectEventually(() => expect(relay.status().leader).toBe(true));
  }

  async function unpublished(): Promise<number> {
    const [row] = await ns.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".outbox WHERE published_at IS NULL`);
    return row!.n;
  }

  /** One business transaction: the event, then `workMs` more of the writer's own work before COMMIT. */
  async function write(key: string, n: number, workMs: number): Promise<void> {
    await dataSource.transaction(async (tx) => {
      await publisher.publish(tx, effect(key, n));
      // The writer's work after its insert (not a wait for a condition): it keeps the commit
      // after the trigger's look at the outbox, which is the window the relay must not miss.
      if (workMs > 0) await tx.query('SELECT pg_sleep($1)', [workMs / 1000]);
    });
  }

  beforeEach(async () => {
    ns = await TestNamespace.create([EFFECTS_TOPIC]);
    schema = await ns.createSchema('wake', [CreateEffectsTable1764000000900]);
    dataSource = await ns.dataSource(schema);
    publisher = new OutboxPublisher('wake-test', ns.namer);
    producer = ns.bus.producer();
    await producer.connect();
    notifications = 0;
    listener = new Client({ connectionString: ns.databaseUrl });
    await listener.connect();
    listener.on('notification', () => notifications++);
    await listener.query(`LISTEN ${quoteIdent(`outbox_${schema}`)}`);
  });

  afterEach(async () => {
    await relay?.stop();
    await producer?.disconnect();
    await listener?.end();
    await ns?.dispose();
  });

  it('publishes every row of continuous writers promptly, with far fewer notifications than commits', async () => {
    await startRelay();
    const writers = 4;
    const rounds = 25;
    const perRound = 4;
    let commits = 0;
    // Rounds of continuous writing, each ending with the relay drained: every round's end is a
    // chance for the race (a silent writer committing after the relay's last read).
    for (let round = 0; round < rounds; round++) {
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let i = 0; i < perRound; i++) {
            await write(`w${w}`, round * perRound + i, (round * 7 + w * 3 + i * 5) % 15);
            commits++;
          }
        }),
      );
      await expectEventually(async () => expect(await unpublished()).toBe(0), { timeoutMs: 5_000, intervalMs: 10, message: `round ${round} published` });
    }
    expect(commits).toBe(writers * rounds * perRound);
    await expectEventually(async () => expect(await ns.messageCount(EFFECTS_TOPIC.name)).toBe(commits), { timeoutMs: 30_000 });
    // Promptly: from the transaction's start to the relay's mark, far below the ten-minute poll.
    const [slowest] = await ns.query<{ ms: number }>(
      `SELECT max(extract(epoch FROM published_at - created_at) * 1000)::float AS ms FROM "${schema}".outbox`,
    );
    expect(slowest!.ms).toBeLessThan(3_000);
    // The old trigger notified at every commit. Now only a commit that finds the relay drained does.
    expect(notifications).toBeGreaterThan(0);
    expect(notifications).toBeLessThan(commits / 2);
  });

  it('publishes the row of a silent writer that commits after the relay went back to waiting', async () => {
    // A long wake delay: the second writer's insert surely comes before the relay reads the first row.
    await startRelay(300);
    await write('first', 1, 0);
    const silent = dataSource.createQueryRunner();
    await silent.connect();
    try {
      await silent.startTransaction();
      // Sees the first row still unpublished, so it does not notify.
      await publisher.publish(silent.manager, effect('silent', 2));
      await expectEventually(async () => expect(await ns.messageCount(EFFECTS_TOPIC.name)).toBe(1), { timeoutMs: 10_000 });
      await expectEventually(async () => expect(await unpublished()).toBe(0));
      await silent.commitTransaction();
    } finally {
      await silent.release();
    }
    await expectEventually(async () => expect(await ns.messageCount(EFFECTS_TOPIC.name)).toBe(2), { timeoutMs: 5_000 });
    // One notification, the first writer's: the second row came out without one.
    expect(notifications).toBe(1);
  });

  it('still notifies the first commit after the relay has drained', async () => {
    await startRelay();
    await write('a', 1, 0);
    await expectEventually(async () => expect(await ns.messageCount(EFFECTS_TOPIC.name)).toBe(1), { timeoutMs: 10_000 });
    await expectEventually(async () => expect(await unpublished()).toBe(0));
    await write('b', 2, 0);
    await expectEventually(async () => expect(await ns.messageCount(EFFECTS_TOPIC.name)).toBe(2), { timeoutMs: 10_000 });
    await expectEventually(() => expect(notifications).toBe(2));
  });
});
