import type { DataSource, EntityManager } from 'typeorm';
import { decodeEnvelope, deadLetterTopicOf, type EventEnvelope, type FieldError, type TopicDefinition } from '@birth/contracts';
import { failpoint } from '../failpoints';
import type { Batch, BatchControls, Consumer, Headers, IncomingMessage, MessageBus, Producer } from '../kafka/message-bus';
import type { TopicNamer } from '../topic-namer';
import { childTraceparent, HEADER, runWithCausalContext } from '../tracing/trace-context';
import { DEAD_LETTER_HEADER, originalTimestampOf, type DeadLetterCode } from '../dead-letters/dead-letter-headers';
import { isDatabaseConnectionError, PermanentError } from './errors';

/** What a handler gets besides the message: the transaction its writes must use, and where the message came from. */
export interface InboxContext {
  /** The transaction that also records the message as processed. Write through it, nothing else. */
  manager: EntityManager;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Headers;
  /** The message value exactly as received (for signatures over the bytes). */
  value: Buffer | null;
  /** The record's Kafka timestamp (milliseconds since the epoch, as a decimal string). */
  timestamp: string;
  /**
   * When the message was first produced (same format): for a replayed dead letter the record
   * timestamp it had when it was first consumed (`dlq-original-timestamp`), else `timestamp`.
   */
  originalTimestamp: string;
}

export interface MessageHandler<P extends object = object> {
  topic: TopicDefinition<P>;
  handle(envelope: EventEnvelope<P>, context: InboxContext): Promise<unknown> | unknown;
}

export interface InboxConsumerOptions {
  bus: MessageBus;
  dataSource: DataSource;
  groupId: string;
  topicNamer: TopicNamer;
  handlers: MessageHandler[];
  /** Attempts for a handler error before the message is dead-lettered (database outages never count). */
  maxAttempts?: number;
  /**
   * Most messages of one fetched batch that commit in one transaction (default 100; 1 = a
   * transaction per message). Use 1 when a handler has effects outside the transaction (the
   * gateway records signature nonces on a connection of its own): a failed batch is replayed
   * message by message, and such effects would be seen twice.
   */
  maxBatchSize?: number;
  retryBackoffMs?: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  log?: (level: 'log' | 'warn' | 'error', message: string) => void;
  /**
   * Called before a message goes to the dead-letter topic, e.g. to tell its producer (the
   * ingress topic answers every submission). A database error here counts as an outage.
   */
  onDeadLetter?: (message: IncomingMessage, failure: DeadLetterFailure) => Promise<void>;
}

export interface DeadLetterFailure {
  code: DeadLetterCode;
  reason: string;
  /** Field errors, for a message that failed validation or a rejection that carried them. */
  errors?: FieldError[];
  attempts: number;
}

export interface InboxConsumerStatus {
  running: boolean;
  joined: boolean;
  paused: boolean;
  pauseReason: string | null;
  processed: number;
  duplicates: number;
  deadLettered: number;
  lastError: string | null;
}

type Outcome = 'done' | 'dead-lettered' | 'outage';

interface Decodable {
  message: IncomingMessage;
  handler: MessageHandler;
  envelope: EventEnvelope<object>;
}

type Failure = DeadLetterFailure;

/**
 * The idempotent consumer: for each message, the handler's writes and the inbox row
 * (consumer group + message id) commit in one transaction; the offset is committed only
 * after that. A redelivered message finds its inbox row and has no second effect.
 *
 * Failures tied to one message (undecodable, invalid, rejected as permanent, or failing
 * after bounded retries) go to `<topic>.dlq` and the partition moves on. A database or
 * broker outage is not the message's fault: the consumer rewinds to the message, pauses,
 * and resumes when the infrastructure answers again.
 */
export class InboxConsumer {
  private consumer: Consumer | null = null;
  private deadLetterProducer: Producer | null = null;
  private recovery: Promise<void> | null = null;
  private readonly handlers = new Map<string, MessageHandler>();
  private readonly physicalTopics: string[];
  private readonly maxAttempts: number;
  private readonly retryBackoffMs: number;
  private readonly maxBatchSize: number;
  private readonly state: InboxConsumerStatus = {
    running: false,
    joined: false,
    paused: false,
    pauseReason: null,
    processed: 0,
    duplicates: 0,
    deadLettered: 0,
    lastError: null,
  };

  constructor(private readonly options: InboxConsumerOptions) {
    for (const handler of options.handlers) {
      this.handlers.set(options.topicNamer.physical(handler.topic.name), handler);
    }
    this.physicalTopics = [...this.handlers.keys()];
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryBackoffMs = options.retryBackoffMs ?? 200;
    this.maxBatchSize = options.maxBatchSize ?? 100;
  }

  status(): InboxConsumerStatus {
    return { ...this.state };
  }

  get topics(): readonly string[] {
    return this.physicalTopics;
  }

  /**
   * Joins the group and starts consuming. While Kafka (or a topic) is not there yet it keeps
   * trying with backoff, so a service can boot during an outage and report itself unready.
   */
  async start(): Promise<void> {
    if (this.state.running || this.physicalTopics.length === 0) return;
    this.state.running = true;
    let delay = 500;
    while (this.state.running) {
      try {
        await this.connectAndRun();
        return;
      } catch (error) {
        this.state.lastError = (error as Error).message;
        this.options.log?.('warn', `consumer ${this.options.groupId} could not start: ${(error as Error).message}; retrying`);
        await this.consumer?.disconnect().catch(() => undefined);
        await this.deadLetterProducer?.disconnect().catch(() => undefined);
        await sleep(delay);
        delay = Math.min(delay * 2, 5_000);
      }
    }
  }

  private async connectAndRun(): Promise<void> {
    const { bus } = this.options;
    this.deadLetterProducer = bus.producer();
    await this.deadLetterProducer.connect();
    const consumer = bus.consumer({
      groupId: this.options.groupId,
      sessionTimeoutMs: this.options.sessionTimeoutMs,
      heartbeatIntervalMs: this.options.heartbeatIntervalMs,
    });
    consumer.on('group-joined', () => {
      this.state.joined = true;
    });
    consumer.on('crashed', (detail) => {
      this.state.joined = false;
      this.state.lastError = String((detail as { error?: Error })?.error?.message ?? 'consumer crashed');
    });
    consumer.on('stopped', () => {
      this.state.joined = false;
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe(this.physicalTopics);
    await consumer.run((batch, controls) => this.consumeBatch(batch, controls));
  }

  /** Stops fetching, lets the message in hand finish, leaves the group. */
  async stop(): Promise<void> {
    this.state.running = false;
    await this.consumer?.disconnect().catch(() => undefined);
    await this.deadLetterProducer?.disconnect().catch(() => undefined);
    this.consumer = null;
    this.state.joined = false;
  }

  private async consumeBatch(batch: Batch, controls: BatchControls): Promise<void> {
    const messages = batch.messages;
    let next: string | null = null;
    try {
      let i = 0;
      batch: while (i < messages.length) {
        if (!controls.shouldContinue()) break;
        if (this.state.paused) {
          controls.seek(messages[i]!.offset);
          break;
        }
        // Fast path: the run of decodable messages from here commits in ONE transaction
        // (inbox rows and handler writes of every message, or none of them).
        const run = this.decodableRun(messages, i);
        if (run.length > 1) {
          const outcome = await this.applyRun(run);
          if (outcome === 'outage') {
            controls.seek(messages[i]!.offset);
            break;
          }
          if (outcome === 'done') {
            failpoint('consumer.after-commit-before-offset');
            const last = run[run.length - 1]!.message;
            controls.resolve(last.offset);
            next = (BigInt(last.offset) + 1n).toString();
            i += run.length;
            await controls.heartbeat();
            continue;
          }
          // 'failed': a handler threw and nothing of the run committed; the per-message path
          // below retries each message and dead-letters the one at fault.
        }
        const end = i + Math.max(run.length, 1);
        for (; i < end; i++) {
          const message = messages[i]!;
          if (!controls.shouldContinue()) break batch;
          const outcome = await this.processMessage(message, controls);
          if (outcome === 'outage') {
            controls.seek(message.offset);
            break batch;
          }
          controls.resolve(message.offset);
          next = (BigInt(message.offset) + 1n).toString();
          if (outcome === 'dead-lettered') {
            // Commit past a dead letter at once, so a rebalance does not park it twice.
            await controls.commit(next);
            next = null;
          }
          await controls.heartbeat();
        }
      }
    } finally {
      // Committed only now: every message before `next` has committed its transaction (or is in the DLQ).
      if (next !== null) await controls.commit(next);
    }
  }

  /** Messages from `start` on that decode for a handler, up to `maxBatchSize`; the first that does not ends the run. */
  private decodableRun(messages: IncomingMessage[], start: number): Decodable[] {
    const run: Decodable[] = [];
    for (let i = start; i < messages.length && run.length < this.maxBatchSize; i++) {
      const message = messages[i]!;
      const handler = this.handlers.get(message.topic);
      if (!handler) break;
      const decoded = decodeEnvelope(handler.topic, message.value);
      if (!decoded.ok) break;
      run.push({ message, handler, envelope: decoded.value });
    }
    return run;
  }

  /**
   * Several messages in one transaction: one multi-row inbox insert, then each new message's
   * handler in offset order on the same manager. A message already in the inbox (a redelivery,
   * or the same id twice in the run) has no second effect.
   */
  private async applyRun(run: Decodable[]): Promise<'done' | 'failed' | 'outage'> {
    let processed = 0;
    let duplicates = 0;
    try {
      await this.options.dataSource.transaction(async (manager) => {
        const inserted: { message_id: string }[] = await manager.query(
          `INSERT INTO inbox (consumer_group, message_id, topic, kafka_partition, kafka_offset)
           SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::int[], $5::bigint[])
           ON CONFLICT DO NOTHING RETURNING message_id`,
          [
            this.options.groupId,
            run.map((r) => r.envelope.id),
            run.map((r) => r.message.topic),
            run.map((r) => r.message.partition),
            run.map((r) => r.message.offset),
          ],
        );
        const fresh = new Set(inserted.map((row) => row.message_id));
        for (const { message, handler, envelope } of run) {
          if (!fresh.delete(envelope.id)) {
            duplicates++;
            continue;
          }
          await this.runHandler(handler, envelope, message, manager);
          processed++;
        }
      });
    } catch (error) {
      this.state.lastError = (error as Error).message;
      if (isDatabaseConnectionError(error) || !(await this.databaseAnswers())) {
        this.pause('database unreachable');
        return 'outage';
      }
      return 'failed';
    }
    this.state.processed += processed;
    this.state.duplicates += duplicates;
    return 'done';
  }

  private async processMessage(message: IncomingMessage, controls: BatchControls): Promise<Outcome> {
    const handler = this.handlers.get(message.topic);
    if (!handler) {
      return this.deadLetter(message, { code: 'NO_HANDLER', reason: `no handler for ${message.topic}`, attempts: 0 });
    }
    const decoded = decodeEnvelope(handler.topic, message.value);
    if (!decoded.ok) {
      return this.deadLetter(message, {
        code: 'INVALID_MESSAGE',
        reason: decoded.errors.map((e) => `${e.field}: ${e.code}`).join('; '),
        errors: decoded.errors,
        attempts: 0,
      });
    }
    const envelope = decoded.value;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.applyOnce(handler, envelope, message);
        failpoint('consumer.after-commit-before-offset');
        return 'done';
      } catch (error) {
        this.state.lastError = (error as Error).message;
        if (isDatabaseConnectionError(error) || !(await this.databaseAnswers())) {
          this.pause('database unreachable');
          return 'outage';
        }
        if (error instanceof PermanentError) {
          return this.deadLetter(message, {
            code: 'PERMANENT_REJECTION',
            reason: `${error.code}: ${error.message}`,
            errors: error.errors,
            attempts: attempt,
          });
        }
        if (attempt >= this.maxAttempts) {
          return this.deadLetter(message, { code: 'RETRIES_EXHAUSTED', reason: (error as Error).message, attempts: attempt });
        }
        this.options.log?.(
          'warn',
          `message ${envelope.id} on ${message.topic}[${message.partition}]@${message.offset} failed (attempt ${attempt}/${this.maxAttempts}): ${(error as Error).message}`,
        );
        await sleep(this.retryBackoffMs * 2 ** (attempt - 1));
        await controls.heartbeat();
      }
    }
  }

  /** The handler's writes and the inbox row, in one transaction. */
  private async applyOnce(handler: MessageHandler, envelope: EventEnvelope<object>, message: IncomingMessage): Promise<void> {
    await this.options.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO inbox (consumer_group, message_id, topic, kafka_partition, kafka_offset)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1`,
        [this.options.groupId, envelope.id, message.topic, message.partition, message.offset],
      );
      if (inserted.length === 0) {
        this.state.duplicates++;
        return; // processed before: a redelivery has no second effect
      }
      await this.runHandler(handler, envelope, message, manager);
      this.state.processed++;
    });
  }

  private async runHandler(handler: MessageHandler, envelope: EventEnvelope<object>, message: IncomingMessage, manager: EntityManager): Promise<void> {
    const cause = {
      traceparent: childTraceparent(message.headers[HEADER.traceparent]),
      correlationId: envelope.correlationId,
      causationId: envelope.id,
    };
    await runWithCausalContext(cause, () =>
      handler.handle(envelope, {
        manager,
        topic: this.options.topicNamer.logical(message.topic),
        partition: message.partition,
        offset: message.offset,
        key: message.key?.toString('utf8') ?? null,
        headers: message.headers,
        value: message.value,
        timestamp: message.timestamp,
        originalTimestamp: originalTimestampOf(message),
      }),
    );
  }

  private async deadLetter(message: IncomingMessage, failure: Failure): Promise<Outcome> {
    if (this.options.onDeadLetter) {
      try {
        await this.options.onDeadLetter(message, failure);
      } catch (error) {
        this.state.lastError = (error as Error).message;
        this.pause(isDatabaseConnectionError(error) ? 'database unreachable' : `dead-letter observer failed: ${(error as Error).message}`);
        return 'outage';
      }
    }
    const headers: Headers = {
      ...message.headers,
      [DEAD_LETTER_HEADER.code]: failure.code,
      [DEAD_LETTER_HEADER.reason]: failure.reason.slice(0, 4000),
      [DEAD_LETTER_HEADER.originalTopic]: message.topic,
      [DEAD_LETTER_HEADER.originalPartition]: String(message.partition),
      [DEAD_LETTER_HEADER.originalOffset]: message.offset,
      [DEAD_LETTER_HEADER.consumerGroup]: this.options.groupId,
      [DEAD_LETTER_HEADER.attempts]: String(failure.attempts),
      [DEAD_LETTER_HEADER.failedAt]: new Date().toISOString(),
      // A replay dead-lettered again keeps the time it was first produced.
      [DEAD_LETTER_HEADER.originalTimestamp]: originalTimestampOf(message),
    };
    if (failure.errors) headers[DEAD_LETTER_HEADER.errors] = JSON.stringify(failure.errors).slice(0, 8000);
    try {
      await this.deadLetterProducer!.send([
        { topic: deadLetterTopicOf(message.topic), key: message.key?.toString('utf8') ?? null, value: message.value ?? '', headers },
      ]);
    } catch (error) {
      this.state.lastError = `dead-letter topic unreachable: ${(error as Error).message}`;
      this.pause('kafka unreachable (dead-letter topic)');
      return 'outage';
    }
    this.state.deadLettered++;
    this.options.log?.(
      'warn',
      `dead-lettered ${message.topic}[${message.partition}]@${message.offset}: ${failure.code} (${failure.reason.slice(0, 200)})`,
    );
    return 'dead-lettered';
  }

  private async databaseAnswers(): Promise<boolean> {
    try {
      await this.options.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  private pause(reason: string): void {
    if (this.state.paused) return;
    this.state.paused = true;
    this.state.pauseReason = reason;
    this.options.log?.('warn', `consumer ${this.options.groupId} paused: ${reason}`);
    this.consumer?.pause(this.physicalTopics);
    this.recovery = this.recover();
  }

  /** Probes with backoff until the database answers and the dead-letter producer can reach Kafka, then resumes. */
  private async recover(): Promise<void> {
    let delay = 250;
    while (this.state.running) {
      await sleep(delay);
      delay = Math.min(delay * 2, 5_000);
      if (!(await this.databaseAnswers())) continue;
      this.state.paused = false;
      this.state.pauseReason = null;
      this.options.log?.('log', `consumer ${this.options.groupId} resumed`);
      this.consumer?.resume(this.physicalTopics);
      return;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
