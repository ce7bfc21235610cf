import type { EntityManager } from 'typeorm';
import { decodeEnvelope, type EventEnvelope } from '@birth/contracts';
import { failpoint } from '../failpoints';
import type { Batch, BatchControls, Consumer, IncomingMessage, Producer } from '../kafka/message-bus';
import { HEADER, runWithCausalContext } from '../tracing/trace-context';
import { messagingHooks } from '../observability/messaging-hooks';
import { originalTimestampOf } from '../dead-letters/dead-letter-headers';
import { isDatabaseConnectionError, PermanentError } from './errors';
import { DeadLetterer } from './dead-lettering';
import { claimMessage, claimMessages, recordFailedAttempt } from './inbox-rows';
import { OutageRecovery, sleep } from './outage-recovery';
import { TickGather } from '../tick-gather';
import type { DeadLetterFailure, InboxConsumerOptions, InboxConsumerStatus, MessageHandler } from './inbox-types';

export type { DeadLetterFailure, InboxConsumerOptions, InboxConsumerStatus, InboxContext, MessageHandler } from './inbox-types';

type Outcome = 'done' | 'dead-lettered' | 'outage';
type RunOutcome = 'done' | 'failed' | 'outage';

/** Partitions whose batches of one fetch are handled at once (their runs share a transaction). */
const CONCURRENT_PARTITIONS = 16;

interface Decodable {
  message: IncomingMessage;
  handler: MessageHandler;
  envelope: EventEnvelope<object>;
}

/**
 * The idempotent consumer: for each message, the handler's writes and the inbox row
 * (consumer group + message id) commit in one transaction; the offset is committed only
 * after that. A redelivered message finds its inbox row and has no second effect.
 *
 * Failures tied to one message (undecodable, invalid, rejected as permanent, or failing
 * after bounded retries) go to `<topic>.dlq` and the partition moves on. Each failed attempt
 * is counted on the message's inbox row, with its error (inbox-rows.ts). A database or
 * broker outage is not the message's fault: the consumer rewinds to the message, pauses,
 * and resumes when the infrastructure answers again.
 */
export class InboxConsumer {
  private consumer: Consumer | null = null;
  private deadLetterProducer: Producer | null = null;
  private deadLetterer: DeadLetterer | null = null;
  private readonly outage: OutageRecovery;
  private readonly handlers = new Map<string, MessageHandler>();
  private readonly physicalTopics: string[];
  private readonly maxAttempts: number;
  private readonly retryBackoffMs: number;
  private readonly maxBatchSize: number;
  /** The runs of the partitions' batches handed over together (one fetch), applied in shared transactions. */
  private readonly runs = new TickGather<Decodable[], RunOutcome>((runs) => this.applyRuns(runs));
  private readonly state: Omit<InboxConsumerStatus, 'paused' | 'pauseReason'> = {
    running: false,
    joined: false,
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
    this.outage = new OutageRecovery(options.dataSource, {
      pause: () => this.consumer?.pause(this.physicalTopics),
      resume: () => this.consumer?.resume(this.physicalTopics),
      running: () => this.state.running,
      log: (level, message) => options.log?.(level, `consumer ${options.groupId} ${message}`),
    });
  }

  status(): InboxConsumerStatus {
    return { ...this.state, paused: this.outage.paused, pauseReason: this.outage.pauseReason };
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
    this.deadLetterer = new DeadLetterer(this.deadLetterProducer, this.options.groupId, this.options.onDeadLetter);
    await this.deadLetterProducer.connect();
    const consumer = bus.consumer({
      groupId: this.options.groupId,
      sessionTimeoutMs: this.options.sessionTimeoutMs,
      heartbeatIntervalMs: this.options.heartbeatIntervalMs,
      // One message per transaction (maxBatchSize 1) is one partition at a time, as before.
      concurrentPartitions: this.maxBatchSize > 1 ? CONCURRENT_PARTITIONS : 1,
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
        if (this.outage.paused) {
          controls.seek(messages[i]!.offset);
          break;
        }
        // Fast path: the run of decodable messages from here commits in ONE transaction
        // (inbox rows and handler writes of every message, or none of them), shared with the
        // runs of the other partitions' batches of the same fetch.
        const run = this.decodableRun(messages, i);
        if (run.length > 0 && this.maxBatchSize > 1) {
          const outcome = await this.runs.add(run);
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
      this.observeBatch(batch, next);
    }
  }

  /** Messages done in this batch, and how far the group is behind the partition's end after it. */
  private observeBatch(batch: Batch, next: string | null): void {
    if (next === null) return;
    const done = Number(BigInt(next) - BigInt(batch.messages[0]!.offset));
    const lag = batch.highWatermark === undefined ? null : Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(next)));
    messagingHooks().consumed(this.options.groupId, batch.topic, batch.partition, done, lag);
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
   * The runs handed over in one turn, as few transactions as `maxBatchSize` allows: runs are
   * taken whole, in order, into a transaction until the next would make it too big. Each run
   * gets its transaction's outcome (if it failed, each of its partitions goes message by message).
   */
  private async applyRuns(runs: Decodable[][]): Promise<RunOutcome[]> {
    const outcomes: RunOutcome[] = [];
    for (let first = 0; first < runs.length; ) {
      let end = first + 1;
      let size = runs[first]!.length;
      while (end < runs.length && size + runs[end]!.length <= this.maxBatchSize) size += runs[end++]!.length;
      const outcome = await this.applyRun(runs.slice(first, end).flat());
      for (; first < end; first++) outcomes.push(outcome);
    }
    return outcomes;
  }

  /**
   * Several messages in one transaction: one multi-row inbox insert, then each new message's
   * handler in offset order on the same manager (the messages of one partition stay in their
   * order). A message already in the inbox (a redelivery, or the same id twice in the run) has
   * no second effect.
   */
  private async applyRun(run: Decodable[]): Promise<RunOutcome> {
    let processed = 0;
    let duplicates = 0;
    try {
      await this.options.dataSource.transaction(async (manager) => {
        const fresh = await claimMessages(
          manager,
          this.options.groupId,
          run.map((r) => ({ messageId: r.envelope.id, message: r.message })),
        );
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
      if (isDatabaseConnectionError(error) || !(await this.outage.databaseAnswers())) {
        this.outage.pause('database unreachable');
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
        if (isDatabaseConnectionError(error) || !(await this.outage.databaseAnswers())) {
          this.outage.pause('database unreachable');
          return 'outage';
        }
        await this.recordFailure(envelope.id, message, error as Error);
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
      if (!(await claimMessage(manager, this.options.groupId, envelope.id, message))) {
        this.state.duplicates++;
        return; // processed before: a redelivery has no second effect
      }
      await this.runHandler(handler, envelope, message, manager);
      this.state.processed++;
    });
  }

  private async runHandler(handler: MessageHandler, envelope: EventEnvelope<object>, message: IncomingMessage, manager: EntityManager): Promise<void> {
    const observation = messagingHooks().handling(message.topic, envelope, message.headers[HEADER.traceparent]);
    const cause = {
      traceparent: observation.traceparent,
      correlationId: envelope.correlationId,
      causationId: envelope.id,
      caseId: envelope.caseId,
    };
    // The observation ends inside the context, so what it logs carries the message's ids.
    await runWithCausalContext(cause, async () => {
      try {
        await handler.handle(envelope, {
          manager,
          topic: this.options.topicNamer.logical(message.topic),
          partition: message.partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          headers: message.headers,
          value: message.value,
          timestamp: message.timestamp,
          originalTimestamp: originalTimestampOf(message),
        });
      } catch (error) {
        observation.end(error);
        throw error;
      }
      observation.end();
    });
  }

  /**
   * Counts a failed attempt on the message's inbox row. The handler's transaction rolled back,
   * so this is a write of its own; if it fails too, the retry goes on without the record.
   */
  private async recordFailure(messageId: string, message: IncomingMessage, error: Error): Promise<void> {
    const text = error instanceof PermanentError ? `${error.code}: ${error.message}` : error.message;
    try {
      await recordFailedAttempt(this.options.dataSource, this.options.groupId, messageId, message, text);
    } catch (recordError) {
      this.options.log?.('warn', `could not record the failed attempt of ${messageId}: ${(recordError as Error).message}`);
    }
  }

  private async deadLetter(message: IncomingMessage, failure: DeadLetterFailure): Promise<Outcome> {
    const result = await this.deadLetterer!.park(message, failure);
    if (!result.parked) {
      this.state.lastError = result.error;
      this.outage.pause(result.reason);
      return 'outage';
    }
    this.state.deadLettered++;
    messagingHooks().deadLettered(this.options.groupId, message.topic, failure.code);
    this.options.log?.(
      'warn',
      `dead-lettered ${message.topic}[${message.partition}]@${message.offset}: ${failure.code} (${failure.reason.slice(0, 200)})`,
    );
    return 'dead-lettered';
  }
}
