import type { DataSource, EntityManager } from 'typeorm';
import type { EventEnvelope, FieldError, TopicDefinition } from '@birth/contracts';
import type { Headers, IncomingMessage, MessageBus } from '../kafka/message-bus';
import type { TopicNamer } from '../topic-namer';
import type { DeadLetterCode } from '../dead-letters/dead-letter-headers';

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
   * transaction per message). Use 1 when a handler has effects outside the transaction: a
   * failed batch is replayed message by message, and such effects would be seen twice. (The
   * gateway records signature nonces in the transaction, so its retries find them unused.)
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
