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
  /** Set on a message replayed from the DLQ: where it was parked. */
  replayedFrom: 'dlq-replayed-from',
} as const;

export type DeadLetterCode = 'INVALID_MESSAGE' | 'PERMANENT_REJECTION' | 'RETRIES_EXHAUSTED' | 'NO_HANDLER';
