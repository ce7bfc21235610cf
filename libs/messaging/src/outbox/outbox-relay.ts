import { Client, type ClientConfig } from 'pg';
import { failpoint } from '../failpoints';
import { OUTBOX_WAKE_LOCK_PREFIX } from './outbox-wake.migration';
import type { OutgoingMessage, Producer } from '../kafka/message-bus';
import { messagingHooks } from '../observability/messaging-hooks';

export interface OutboxRelayOptions {
  /** Connection to the service's database; the relay holds one session of its own. */
  connection: ClientConfig;
  /** The service's schema: outbox table, NOTIFY channel and leader lock are per schema. */
  schema: string;
  producer: Producer;
  batchSize?: number;
  /** Fallback poll when no NOTIFY arrives (NOTIFY is an optimisation, not the guarantee). */
  pollIntervalMs?: number;
  /**
   * How long the relay lets commits gather after a NOTIFY wakes it before it reads the outbox
   * (default 10 ms). Busy writers commit hundreds of times a second; draining after each commit
   * costs a query, a Kafka request and an update for a handful of rows each time, where one
   * drain a few milliseconds later carries them all.
   */
  wakeDelayMs?: number;
  /** How long published rows are kept before pruning. */
  retentionMs?: number;
  /** How often the leader prunes (default once a minute, first a minute after start). */
  pruneIntervalMs?: number;
  log?: (level: 'log' | 'warn' | 'error', message: string) => void;
}

export interface OutboxRelayStatus {
  running: boolean;
  /** True while this instance holds the schema's relay lock and publishes. */
  leader: boolean;
  databaseUp: boolean;
  kafkaUp: boolean;
  lastError: string | null;
  published: number;
  /** NOTIFYs received: with the trigger of OutboxNotifyWhenIdle1764000005000, about one per drain that emptied the outbox. */
  notifications: number;
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string | null;
  value: string;
  headers: Record<string, string>;
}

/**
 * Publishes committed outbox rows to Kafka, in `seq` order, and marks them published.
 *
 * One active relay per schema: a session-level advisory lock elects the leader, so a
 * second instance (another replica of the service) waits on standby instead of
 * publishing the same key's rows concurrently and out of order. If the leader dies its
 * session ends, the lock is released, and a standby takes over.
 *
 * At-least-once by design: a crash after Kafka acknowledged a batch but before the rows
 * were marked re-publishes them; consumers deduplicate on the envelope id (the inbox).
 */
export class OutboxRelay {
  private client: Client | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private pendingWake = false;
  private lastPruneAt = 0;
  private readonly statusValue: OutboxRelayStatus = {
    running: false,
    leader: false,
    databaseUp: false,
    kafkaUp: true,
    lastError: null,
    published: 0,
    notifications: 0,
  };

  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly wakeDelayMs: number;
  private readonly retentionMs: number;
  private readonly pruneIntervalMs: number;
  private readonly lockKey: string;
  private readonly wakeLockKey: string;
  private wakeLockIdValue: number | null = null;
  private readonly channel: string;
  /** Consecutive drains that ended while writers held the wake lock (see `drain`). */
  private unsettledDrains = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.wakeDelayMs = options.wakeDelayMs ?? 10;
    this.retentionMs = options.retentionMs ?? 7 * 24 * 60 * 60 * 1000;
    this.pruneIntervalMs = options.pruneIntervalMs ?? 60_000;
    this.lockKey = `outbox-relay:${options.schema}`;
    this.wakeLockKey = `${OUTBOX_WAKE_LOCK_PREFIX}${options.schema}`;
    this.channel = `outbox_${options.schema}`;
  }

  status(): OutboxRelayStatus {
    return { ...this.statusValue };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.statusValue.running = true;
    this.lastPruneAt = Date.now();
    this.loop = this.run();
  }

  /** Stops after publishing what is committed now (a final drain, bounded by `deadlineMs`). */
  async stop(deadlineMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.signal();
    const timer = new Promise<void>((resolve) => setTimeout(resolve, deadlineMs).unref());
    await Promise.race([this.loop, timer]);
    await this.closeClient();
    this.statusValue.running = false;
    this.statusValue.leader = false;
  }

  private signal(): void {
    this.pendingWake = true;
    this.wake?.();
  }

  private async idle(ms: number): Promise<void> {
    if (!this.pendingWake) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
    // Woken (not timed out) while running: let the commits of the next few milliseconds join.
    if (this.pendingWake && this.running && this.wakeDelayMs > 0) await new Promise<void>((resolve) => setTimeout(resolve, this.wakeDelayMs));
    this.pendingWake = false;
  }

  private async run(): Promise<void> {
    let backoffMs = 200;
    while (this.running) {
      try {
        const client = await this.connect();
        if (!this.statusValue.leader) {
          const [row] = (await client.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [this.lockKey])).rows;
          this.statusValue.leader = row.locked === true;
        }
        let settled = true;
        if (this.statusValue.leader) {
          settled = (await this.drain(client)) === 'idle';
          await this.pruneIfDue(client);
        }
        backoffMs = 200;
        await this.idle(!this.statusValue.leader ? this.pollIntervalMs * 2 : settled ? this.pollIntervalMs : this.settleDelayMs());
      } catch (error) {
        this.statusValue.lastError = (error as Error).message;
        this.options.log?.('warn', `outbox relay (${this.options.schema}): ${(error as Error).message}; retrying in ${backoffMs} ms`);
        // A Kafka failure leaves the database session (and the leader lock) in place;
        // anything else may have broken the session, so start a new one.
        if (!(error instanceof KafkaPublishError)) await this.closeClient();
        await this.idle(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 5_000);
      }
    }
    // Final drain on shutdown: what is committed now goes out before the process ends.
    if (this.statusValue.leader && this.client) {
      try {
        await this.drain(this.client);
      } catch (error) {
        this.options.log?.('warn', `outbox relay final drain failed: ${(error as Error).message}`);
      }
    }
  }

  private async connect(): Promise<Client> {
    if (this.client) return this.client;
    const client = new Client(this.options.connection);
    client.on('error', (error) => {
      // The session is gone (database restarted, network cut): so is the leader lock.
      this.statusValue.databaseUp = false;
      this.statusValue.leader = false;
      this.statusValue.lastError = error.message;
      this.signal();
    });
    client.on('notification', () => {
      this.statusValue.notifications++;
      this.signal();
    });
    client.on('end', () => {
      this.statusValue.databaseUp = false;
      this.statusValue.leader = false;
    });
    try {
      await client.connect();
      await client.query(`SET search_path TO ${quoteIdent(this.options.schema)}`);
      await client.query(`LISTEN ${quoteIdent(this.channel)}`);
      // Published rows leave the partial index outbox_unpublished only when vacuumed. A bitmap
      // scan visits every such dead entry on every drain (milliseconds once thousands have
      // gathered); a plain index scan in seq order marks them dead on first sight and skips them
      // afterwards (tens of microseconds).
      await client.query(`SET enable_bitmapscan = off`);
    } catch (error) {
      this.statusValue.databaseUp = false;
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    this.statusValue.databaseUp = true;
    return client;
  }

  private async closeClient(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.statusValue.leader = false;
    if (client) await client.end().catch(() => undefined);
  }

  /**
   * Publishes batches until the outbox has no unpublished row. Returns 'idle' when the relay may
   * wait for a NOTIFY, 'writers-active' when it must look again soon.
   *
   * Writers NOTIFY only when no older row is unpublished (outbox-wake.migration.ts). A writer that
   * stayed silent because of a row this drain is publishing may commit after the drain's last
   * read; it holds the shared wake lock from its insert until its commit is visible. So the drain
   * ends on an empty read made while holding that lock exclusively, taken without waiting (writers
   * never queue behind the relay): if a writer holds it, the relay reads again shortly.
   */
  private async drain(client: Client): Promise<'idle' | 'writers-active'> {
    for (;;) {
      const { rows } = await client.query<OutboxRow>(
        `SELECT id, topic, message_key, value, headers FROM outbox
          WHERE published_at IS NULL ORDER BY seq LIMIT $1`,
        [this.batchSize],
      );
      let settled: Settled;
      if (rows.length > 0) {
        this.unsettledDrains = 0;
        // A full batch: more are surely waiting, so mark it and read on. After a partial batch the
        // settle check says whether rows committed meanwhile, in the round trip of the mark
        // (one instead of an empty read, the mark and the check).
        const full = rows.length === this.batchSize;
        const afterMark = await this.publishBatch(client, rows, !full);
        if (full) continue;
        settled = afterMark!;
      } else {
        settled = await this.settledEmpty(client, []);
      }
      if (settled === 'more') continue;
      this.unsettledDrains = settled === 'idle' ? 0 : this.unsettledDrains + 1;
      return settled;
    }
  }

  /**
   * One round trip: marks `published` (rows Kafka has acknowledged), takes the wake lock if no
   * writer holds it, then reads whether any row is unpublished, after the lock so that every
   * writer that held it has committed. The lock is released by the COMMIT, microseconds later.
   * (Several statements in one query travel as text: the ids are inlined, checked as UUIDs.)
   */
  private async settledEmpty(client: Client, published: OutboxRow[]): Promise<Settled> {
    const key = await this.wakeLockId(client);
    const mark = published.length > 0 ? `${MARK_PUBLISHED} ANY(${uuidArrayLiteral(published.map((r) => r.id))});` : '';
    const results = (await client.query(
      `BEGIN; ${mark} SELECT pg_try_advisory_xact_lock(${key}) AS locked;
       SELECT EXISTS (SELECT 1 FROM outbox WHERE published_at IS NULL) AS pending; COMMIT`,
    )) as unknown as { rows: Record<string, boolean>[] }[];
    const first = mark ? 2 : 1;
    const locked = results[first]!.rows[0]!['locked'] === true;
    const pending = results[first + 1]!.rows[0]!['pending'] === true;
    return pending ? 'more' : locked ? 'idle' : 'writers-active';
  }

  private async wakeLockId(client: Client): Promise<number> {
    if (this.wakeLockIdValue === null) {
      const { rows } = await client.query<{ id: number }>('SELECT hashtext($1) AS id', [this.wakeLockKey]);
      this.wakeLockIdValue = Number(rows[0]!.id);
    }
    return this.wakeLockIdValue;
  }

  /**
   * How long to wait before reading again after a drain that writers kept from settling: the
   * wake delay, doubling to 100 ms while a writer keeps its transaction open (never longer than
   * the poll).
   */
  private settleDelayMs(): number {
    const base = Math.max(this.wakeDelayMs, 5);
    return Math.min(base * 2 ** Math.min(this.unsettledDrains - 1, 10), Math.max(base, 100), this.pollIntervalMs);
  }

  /** Sends `rows` to Kafka, then marks them published: with the settle check when `settle` (its answer is returned). */
  private async publishBatch(client: Client, rows: OutboxRow[], settle: boolean): Promise<Settled | null> {
    const messages: OutgoingMessage[] = rows.map((r) => ({
      topic: r.topic,
      key: r.message_key,
      value: r.value,
      headers: r.headers,
    }));
    try {
      await this.options.producer.send(messages);
      this.statusValue.kafkaUp = true;
    } catch (error) {
      this.statusValue.kafkaUp = false;
      await client.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::uuid[])`, [
        rows.map((r) => r.id),
        (error as Error).message.slice(0, 1000),
      ]);
      throw new KafkaPublishError(error as Error);
    }
    failpoint('relay.after-publish-before-mark');
    const settled = settle ? await this.settledEmpty(client, rows) : null;
    if (!settle) await client.query(`${MARK_PUBLISHED} ANY($1::uuid[])`, [rows.map((r) => r.id)]);
    this.statusValue.published += rows.length;
    this.statusValue.lastError = null;
    countPublished(rows);
    return settled;
  }

  private async pruneIfDue(client: Client): Promise<void> {
    const now = Date.now();
    if (now - this.lastPruneAt < this.pruneIntervalMs) return;
    this.lastPruneAt = now;
    await client.query(`DELETE FROM outbox WHERE published_at < now() - make_interval(secs => $1)`, [this.retentionMs / 1000]);
  }

  /** Prunes now, on a session of its own (operators, tests); the leader also prunes once a minute. */
  async pruneNow(): Promise<number> {
    const client = new Client(this.options.connection);
    await client.connect();
    try {
      await client.query(`SET search_path TO ${quoteIdent(this.options.schema)}`);
      const result = await client.query(`DELETE FROM outbox WHERE published_at < now() - make_interval(secs => $1)`, [
        this.retentionMs / 1000,
      ]);
      return result.rowCount ?? 0;
    } finally {
      await client.end();
    }
  }
}

/** Tells the messaging hooks how many rows went to each topic (one call per topic of the batch). */
function countPublished(rows: OutboxRow[]): void {
  const hooks = messagingHooks();
  let topic = rows[0]!.topic;
  let count = 0;
  for (const row of rows) {
    if (row.topic !== topic) {
      hooks.published(topic, count);
      topic = row.topic;
      count = 0;
    }
    count++;
  }
  hooks.published(topic, count);
}

type Settled = 'idle' | 'writers-active' | 'more';

const MARK_PUBLISHED = `UPDATE outbox SET published_at = now(), attempts = attempts + 1, last_error = NULL WHERE id =`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `'{…}'::uuid[]` for a statement sent as text; anything but a UUID is refused, never inlined. */
export function uuidArrayLiteral(ids: readonly string[]): string {
  for (const id of ids) if (!UUID.test(id)) throw new Error(`not a UUID: ${JSON.stringify(id)}`);
  return `'{${ids.join(',')}}'::uuid[]`;
}

class KafkaPublishError extends Error {
  constructor(cause: Error) {
    super(`publishing to Kafka failed: ${cause.message}`, { cause });
  }
}

export function quoteIdent(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
