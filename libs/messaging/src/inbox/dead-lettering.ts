import { deadLetterTopicOf } from '@birth/contracts';
import type { Headers, IncomingMessage, Producer } from '../kafka/message-bus';
import { DEAD_LETTER_HEADER, originalTimestampOf } from '../dead-letters/dead-letter-headers';
import { isDatabaseConnectionError } from './errors';
import type { DeadLetterFailure, InboxConsumerOptions } from './inbox-types';

/** What parking a message came to: parked, or an outage (the consumer pauses for `reason`). */
export type DeadLetterResult = { parked: true } | { parked: false; reason: string; error: string };

/**
 * Parks a message the consumer cannot apply on `<topic>.dlq`, with its original key, value
 * and headers and the `dlq-*` headers saying why, where from and when it was first produced.
 */
export class DeadLetterer {
  constructor(
    private readonly producer: Producer,
    private readonly groupId: string,
    private readonly onDeadLetter: InboxConsumerOptions['onDeadLetter'],
  ) {}

  async park(message: IncomingMessage, failure: DeadLetterFailure): Promise<DeadLetterResult> {
    if (this.onDeadLetter) {
      try {
        await this.onDeadLetter(message, failure);
      } catch (error) {
        const text = (error as Error).message;
        return { parked: false, error: text, reason: isDatabaseConnectionError(error) ? 'database unreachable' : `dead-letter observer failed: ${text}` };
      }
    }
    try {
      await this.producer.send([
        { topic: deadLetterTopicOf(message.topic), key: message.key?.toString('utf8') ?? null, value: message.value ?? '', headers: this.headers(message, failure) },
      ]);
    } catch (error) {
      return { parked: false, error: `dead-letter topic unreachable: ${(error as Error).message}`, reason: 'kafka unreachable (dead-letter topic)' };
    }
    return { parked: true };
  }

  private headers(message: IncomingMessage, failure: DeadLetterFailure): Headers {
    const headers: Headers = {
      ...message.headers,
      [DEAD_LETTER_HEADER.code]: failure.code,
      [DEAD_LETTER_HEADER.reason]: failure.reason.slice(0, 4000),
      [DEAD_LETTER_HEADER.originalTopic]: message.topic,
      [DEAD_LETTER_HEADER.originalPartition]: String(message.partition),
      [DEAD_LETTER_HEADER.originalOffset]: message.offset,
      [DEAD_LETTER_HEADER.consumerGroup]: this.groupId,
      [DEAD_LETTER_HEADER.attempts]: String(failure.attempts),
      [DEAD_LETTER_HEADER.failedAt]: new Date().toISOString(),
      // A replay dead-lettered again keeps the time it was first produced.
      [DEAD_LETTER_HEADER.originalTimestamp]: originalTimestampOf(message),
    };
    if (failure.errors) headers[DEAD_LETTER_HEADER.errors] = JSON.stringify(failure.errors).slice(0, 8000);
    return headers;
  }
}
