/** Headers the consumer adds to a message it dead-letters, beside the original headers. */
export const DEAD_LETTER_HEADER = {
  code: 'dlq-code',
  reason: 'dlq-reason',
  errors: 'dlq-errors',
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  consumerGroup: 'dlq-consumer-group',
  attempts: 'dlq-attempts',
  failedAt: 'dlq-failed-at',
  /**
   * The Kafka record timestamp (ms since the epoch, decimal) of the message as first consumed.
   * Kept when the message is dead-lettered again after a replay, and carried back by a replay:
   * a replayed message is judged on when it was first produced, not when it was replayed.
   */
  originalTimestamp: 'dlq-original-timestamp',
  /** Set on a message replayed from the DLQ: where it was parked. */
  replayedFrom: 'dlq-replayed-from',
} as const;

/** Headers a replay carries back to the original topic; every other `dlq-` header stays in the DLQ. */
export const REPLAYED_DEAD_LETTER_HEADERS: readonly string[] = [DEAD_LETTER_HEADER.originalTimestamp];

/**
 * When the message was first produced: its `dlq-original-timestamp` header if it is a replayed
 * dead letter, else its own record timestamp. Like the record timestamp (CreateTime, set by the
 * producing client), the header is as trustworthy as whoever may produce to the topic.
 */
export function originalTimestampOf(message: { headers: Record<string, string>; timestamp: string }): string {
  const carried = message.headers[DEAD_LETTER_HEADER.originalTimestamp];
  return carried !== undefined && /^\d{1,16}$/.test(carried) ? carried : message.timestamp;
}

export type DeadLetterCode = 'INVALID_MESSAGE' | 'PERMANENT_REJECTION' | 'RETRIES_EXHAUSTED' | 'NO_HANDLER';
