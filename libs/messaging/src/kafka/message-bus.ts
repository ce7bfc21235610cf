// The small interface the services see instead of a Kafka client library.
// kafkajs implements it today (kafkajs-message-bus.ts); a librdkafka-based client
// can replace it later without touching the services.

export type Headers = Record<string, string>;

export interface OutgoingMessage {
  topic: string;
  key: string | null;
  value: Buffer | string;
  headers?: Headers;
}

export interface IncomingMessage {
  topic: string;
  partition: number;
  /** Kafka offsets are 64-bit; kept as a decimal string. */
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Headers;
  timestamp: string;
}

export interface TopicSpec {
  name: string;
  partitions: number;
  retentionMs?: number;
  /** Kafka's cleanup.policy; undefined keeps the broker's default (`delete`). */
  cleanupPolicy?: 'delete' | 'compact';
  /** Copies of each partition; undefined keeps the broker's default (1 on a one-broker machine, 3 in production). */
  replicationFactor?: number;
  /** Kafka's min.insync.replicas: copies that must have an event before acks=all answers. */
  minInsyncReplicas?: number;
}

export interface PartitionOffsets {
  partition: number;
  /** First offset still on the log. */
  low: string;
  /** Offset the next message will get (the high-water mark). */
  high: string;
}

export interface Producer {
  connect(): Promise<void>;
  /** Resolves once every message is acknowledged by all in-sync replicas. */
  send(messages: OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}

/** What a batch handler may do with its partition while it works. */
export interface BatchControls {
  /** False once the consumer is stopping or the batch is stale after a rebalance. */
  shouldContinue(): boolean;
  heartbeat(): Promise<void>;
  /** Marks the message at `offset` as done, so the client fetches past it. */
  resolve(offset: string): void;
  /** Commits `offset` (the next offset to read) for the batch's partition. */
  commit(nextOffset: string): Promise<void>;
  /** Rewinds the partition so the message at `offset` is fetched again. */
  seek(offset: string): void;
}

export interface Batch {
  topic: string;
  partition: number;
  messages: IncomingMessage[];
  /** The partition's next offset to be written, as the broker reported it with this batch (consumer lag). */
  highWatermark?: string;
}

export interface ConsumerOptions {
  groupId: string;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Where a new group starts; the platform's default is the earliest offset, so nothing is skipped. */
  fromBeginning?: boolean;
  /**
   * How many partitions' batches of one fetch are handed to the handler at once (default 1: one
   * after the other). Never two batches of the same partition: its order is kept either way.
   */
  concurrentPartitions?: number;
}

export type ConsumerEvent = 'group-joined' | 'crashed' | 'stopped';

export interface Consumer {
  connect(): Promise<void>;
  subscribe(topics: string[]): Promise<void>;
  /** Starts fetching; offsets are committed only through BatchControls.commit. */
  run(handler: (batch: Batch, controls: BatchControls) => Promise<void>): Promise<void>;
  pause(topics: string[]): void;
  resume(topics: string[]): void;
  on(event: ConsumerEvent, listener: (detail?: unknown) => void): void;
  /** Stops fetching after the batch in hand, then leaves the group. */
  disconnect(): Promise<void>;
}

export interface Admin {
  connect(): Promise<void>;
  /** Creates missing topics and waits until their metadata is visible. */
  ensureTopics(topics: TopicSpec[]): Promise<void>;
  deleteTopics(names: string[]): Promise<void>;
  listTopics(): Promise<string[]>;
  partitionOffsets(topic: string): Promise<PartitionOffsets[]>;
  /** Committed offsets of a consumer group on a topic (-1 where none). */
  groupOffsets(groupId: string, topic: string): Promise<{ partition: number; offset: string }[]>;
  deleteGroup(groupId: string): Promise<void>;
  /** Resolves when the cluster answers a metadata request within the timeout. */
  ping(timeoutMs: number): Promise<void>;
  disconnect(): Promise<void>;
}

export interface MessageBus {
  producer(): Producer;
  consumer(options: ConsumerOptions): Consumer;
  admin(): Admin;
}
