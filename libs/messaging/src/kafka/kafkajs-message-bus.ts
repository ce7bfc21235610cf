import { Kafka, logLevel as KafkaLogLevel, Partitioners, type Consumer as KafkaConsumer, type IHeaders, type LogEntry } from 'kafkajs';
import type {
  Admin,
  Batch,
  BatchControls,
  Consumer,
  ConsumerEvent,
  ConsumerOptions,
  Headers,
  IncomingMessage,
  MessageBus,
  OutgoingMessage,
  PartitionOffsets,
  Producer,
  TopicSpec,
} from './message-bus';
import { TickGather } from '../tick-gather';

export interface KafkaJsOptions {
  clientId: string;
  brokers: string[];
  /** Receives the client's own warnings and errors (no message contents: kafkajs never logs them). */
  log?: (level: 'error' | 'warn', namespace: string, message: string) => void;
}

function decodeHeaders(headers: IHeaders | undefined): Headers {
  const out: Headers = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return out;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  promise.catch(() => undefined); // the loser of the race must not become an unhandled rejection
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The broker's answers to a commit from a member that is no longer in the group as it was. */
const FENCED_MEMBER = new Set(['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP']);

/**
 * The protocol error inside `error` if the commit failed because this member was fenced: its
 * session expired (a busy machine can starve its heartbeats) or the group rebalanced.
 *
 * kafkajs's commit retrier wraps an error it will not retry in KafkaJSNonRetriableError; thrown
 * from eachBatch like that, it crashes the consumer for good (kafkajs restarts only on retriable
 * errors), because the runner rejoins the group only when it sees the protocol error's own type.
 * Unwrapped, the consumer rejoins and the partitions' messages come again: the inbox recognises
 * the ones already applied, and their offsets are committed then.
 */
export function groupMembershipError(error: unknown): Error | null {
  for (let e = error as { type?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.type !== undefined && FENCED_MEMBER.has(e.type)) return e as unknown as Error;
  }
  return null;
}

/** The broker's answers that mean the idempotent producer's id and sequences are no longer its own. */
const PRODUCER_STATE_LOST = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH', 'INVALID_PRODUCER_ID_MAPPING']);

/**
 * The protocol error inside `error` if a send failed because the broker no longer knows this
 * producer's sequence (after a broker is killed and restarts: OUT_OF_ORDER_SEQUENCE_NUMBER).
 * kafkajs 2.2 keeps the producer id and its sequence numbers for the producer's life and never
 * asks for a new id, so every later send fails the same way: the fault run (test/faults) saw the
 * gateway's outbox relay stuck for good. Only a new producer (a new id) gets out of it.
 */
export function producerStateLost(error: unknown): Error | null {
  for (let e = error as { type?: string; cause?: unknown; originalError?: unknown } | undefined; e; e = (e.cause ?? e.originalError) as typeof e) {
    if (e.type !== undefined && PRODUCER_STATE_LOST.has(e.type)) return e as unknown as Error;
  }
  return null;
}

/** MessageBus on kafkajs 2.2: idempotent producer with acks=all, consumers that never auto-commit. */
export class KafkaJsMessageBus implements MessageBus {
  private readonly kafka: Kafka;

  constructor(private readonly options: KafkaJsOptions) {
    const log = options.log;
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      connectionTimeout: 3_000,
      requestTimeout: 30_000,
      retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 5_000 },
      logLevel: KafkaLogLevel.WARN,
      logCreator:
        () =>
        ({ namespace, level, log: entry }: LogEntry) => {
          const severity = level === KafkaLogLevel.ERROR ? 'error' : level === KafkaLogLevel.WARN ? 'warn' : undefined;
          const message = String(entry.message);
          // Known and accepted: our producer bounds its retries so a broker outage surfaces to the
          // relay (which retries the batch itself); the duplicates this can cause are what the inbox is for.
          if (message.startsWith('Limiting retries for the idempotent producer')) return;
          if (severity && log) log(severity, namespace || 'kafkajs', message);
        },
    });
  }

  producer(): Producer {
    // Idempotent (the broker drops a retried duplicate) and one request in flight, so retries never reorder a key.
    const make = () =>
      this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        // murmur2, as the Java client: a key lands on the same partition whoever produces it.
        createPartitioner: Partitioners.DefaultPartitioner,
      });
    let producer = make();
    const log = this.options.log;
    /** A send refused for a lost producer state: replace the producer (a new id), then let the caller retry the batch. */
    const renew = async (lost: Error) => {
      log?.('warn', 'producer', `producer state lost at the broker (${(lost as { type?: string }).type}): starting a new producer`);
      const old = producer;
      producer = make();
      await old.disconnect().catch(() => undefined);
      await producer.connect();
    };
    return {
      connect: () => producer.connect(),
      disconnect: () => producer.disconnect(),
      async send(messages: OutgoingMessage[]): Promise<void> {
        if (messages.length === 0) return;
        const byTopic = new Map<string, OutgoingMessage[]>();
        for (const message of messages) {
          const list = byTopic.get(message.topic) ?? [];
          list.push(message);
          byTopic.set(message.topic, list);
        }
        try {
          await producer.sendBatch({
            acks: -1,
            topicMessages: [...byTopic].map(([topic, list]) => ({
              topic,
              messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
            })),
          });
        } catch (error) {
          // The batch is not sent; the caller (the relay) retries it, now on the new producer.
          // A part the broker had already written comes again under a new id: the inboxes dedupe it.
          const lost = producerStateLost(error);
          if (lost) await renew(lost);
          throw error;
        }
      },
    };
  }

  consumer(options: ConsumerOptions): Consumer {
    // A SIGKILLed member leaves no LeaveGroup behind: the coordinator hands its partitions on
    // (and lets a restarted instance in) only when its session expires, so the session is short.
    // kafkajs 2.2 has no static membership (group.instance.id) to skip that wait on a restart.
    const heartbeatInterval = options.heartbeatIntervalMs ?? 1_000;
    const consumer: KafkaConsumer = this.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 6_000,
      heartbeatInterval,
      // kafkajs heartbeats between fetches only: an idle fetch must not outwait the heartbeat
      // (the default 5 s would also delay by as much a live member's notice of a rebalance).
      maxWaitTimeInMs: heartbeatInterval,
      allowAutoTopicCreation: false,
      // After a broker outage the consumer restarts itself instead of staying down.
      retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 5_000, restartOnFailure: async () => true },
    });
    const fromBeginning = options.fromBeginning ?? true;
    // The partitions' commits of one turn (the batches of one fetch, handled concurrently) go
    // out as one OffsetCommit request.
    const commits = new TickGather<{ topic: string; partition: number; offset: string }, void>(async (offsets) => {
      try {
        await consumer.commitOffsets(offsets);
      } catch (error) {
        throw groupMembershipError(error) ?? error;
      }
      return offsets.map(() => undefined);
    });
    const listeners: Record<ConsumerEvent, ((detail?: unknown) => void)[]> = { 'group-joined': [], crashed: [], stopped: [] };
    consumer.on(consumer.events.GROUP_JOIN, (e) => listeners['group-joined'].forEach((l) => l(e.payload)));
    consumer.on(consumer.events.CRASH, (e) => listeners.crashed.forEach((l) => l(e.payload)));
    consumer.on(consumer.events.STOP, () => listeners.stopped.forEach((l) => l()));
    consumer.on(consumer.events.DISCONNECT, () => listeners.stopped.forEach((l) => l()));
    return {
      connect: () => consumer.connect(),
      subscribe: (topics) => consumer.subscribe({ topics, fromBeginning }),
      on: (event, listener) => listeners[event].push(listener),
      pause: (topics) => consumer.pause(topics.map((topic) => ({ topic }))),
      resume: (topics) => consumer.resume(topics.map((topic) => ({ topic }))),
      disconnect: () => consumer.disconnect(),
      run: (handler: (batch: Batch, controls: BatchControls) => Promise<void>) =>
        consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          // One partition's batch at a time: the inbox commits a whole batch in one transaction, so
          // fewer, larger batches beat concurrency (bench/README.md: less CPU per message, more throughput).
          // With `concurrentPartitions` (the inbox), the batches of one fetch are handed over
          // together, and their transaction and offset commit are shared (tick-gather.ts).
          partitionsConsumedConcurrently: options.concurrentPartitions ?? 1,
          eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset }) => {
            const messages: IncomingMessage[] = batch.messages.map((m) => ({
              topic: batch.topic,
              partition: batch.partition,
              offset: m.offset,
              key: m.key ?? null,
              value: m.value ?? null,
              headers: decodeHeaders(m.headers),
              timestamp: m.timestamp,
            }));
            await handler(
              { topic: batch.topic, partition: batch.partition, messages, highWatermark: batch.highWatermark },
              {
                shouldContinue: () => isRunning() && !isStale(),
                heartbeat,
                resolve: resolveOffset,
                commit: (nextOffset) => commits.add({ topic: batch.topic, partition: batch.partition, offset: nextOffset }),
                seek: (offset) => consumer.seek({ topic: batch.topic, partition: batch.partition, offset }),
              },
            );
          },
        }),
    };
  }

  admin(): Admin {
    const admin = this.kafka.admin();
    return {
      connect: () => admin.connect(),
      disconnect: () => admin.disconnect(),
      listTopics: () => admin.listTopics(),
      deleteTopics: (topics) => admin.deleteTopics({ topics }),
      deleteGroup: async (groupId) => {
        await admin.deleteGroups([groupId]);
      },
      async ensureTopics(topics: TopicSpec[]): Promise<void> {
        const existing = new Set(await admin.listTopics());
        const missing = topics.filter((t) => !existing.has(t.name));
        if (missing.length) {
          await admin.createTopics({
            // The loop below waits for the leaders; kafkajs's own wait gives up on the
            // UNKNOWN_TOPIC_OR_PARTITION a busy broker answers while new topics' metadata spreads.
            waitForLeaders: false,
            topics: missing.map((t) => ({
              topic: t.name,
              numPartitions: t.partitions,
              ...(t.replicationFactor === undefined ? {} : { replicationFactor: t.replicationFactor }),
              configEntries: [
                ...(t.retentionMs === undefined ? [] : [{ name: 'retention.ms', value: String(t.retentionMs) }]),
                ...(t.cleanupPolicy === undefined ? [] : [{ name: 'cleanup.policy', value: t.cleanupPolicy }]),
                ...(t.minInsyncReplicas === undefined ? [] : [{ name: 'min.insync.replicas', value: String(t.minInsyncReplicas) }]),
              ],
            })),
          });
        }
        // createTopics can return before every partition has a leader in the metadata; wait until it does.
        const deadline = Date.now() + 30_000;
        for (;;) {
          // Until the new topics' metadata has spread, the broker answers UNKNOWN_TOPIC_OR_PARTITION: not ready yet.
          const metadata = await admin
            .fetchTopicMetadata({ topics: topics.map((t) => t.name) })
            .then((answer) => answer.topics)
            .catch((error: { type?: string }) => {
              if (error.type === 'UNKNOWN_TOPIC_OR_PARTITION' || error.type === 'LEADER_NOT_AVAILABLE') return null;
              throw error;
            });
          const ready = metadata !== null && metadata.every((m) => m.partitions.length > 0 && m.partitions.every((p) => p.leader >= 0));
          if (ready) return;
          if (Date.now() > deadline) throw new Error(`topics not ready: ${topics.map((t) => t.name).join(', ')}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      },
      async partitionOffsets(topic: string): Promise<PartitionOffsets[]> {
        const offsets = await admin.fetchTopicOffsets(topic);
        return offsets.map((o) => ({ partition: o.partition, low: o.low, high: o.high })).sort((a, b) => a.partition - b.partition);
      },
      async groupOffsets(groupId: string, topic: string) {
        const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
        return (result?.partitions ?? []).map((p) => ({ partition: p.partition, offset: p.offset }));
      },
      async ping(timeoutMs: number): Promise<void> {
        await withTimeout(admin.describeCluster(), timeoutMs, 'Kafka metadata request');
      },
    };
  }
}
