import { maskPersonalData } from '@birth/contracts';
import type { Headers, IncomingMessage, MessageBus } from '../kafka/message-bus';
import { DEAD_LETTER_HEADER, REPLAYED_DEAD_LETTER_HEADERS } from './dead-letter-headers';
import { readTopicToEnd } from '../kafka/read-to-end';
import type { ReplayRecorder } from './replay-audit';

export interface DeadLetter {
  /** `partition:offset` in the dead-letter topic: how an operator names it for replay. */
  id: string;
  dlqTopic: string;
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  consumerGroup: string;
  code: string;
  reason: string;
  attempts: number;
  failedAt: string;
  /** The record timestamp of the message as first produced (ms since the epoch), '' if not recorded. */
  originalTimestamp: string;
  key: string | null;
  /** The envelope's id, if the value is an envelope (what the consumers' inboxes know it by). */
  messageId: string | null;
  /** The original value with personal data masked (or the raw text, masked wholesale, if it is not JSON). */
  maskedValue: unknown;
}

/** Lists a dead-letter topic (personal data masked) and replays chosen dead letters to the topic they came from. */
export class DeadLetterStore {
  constructor(private readonly bus: MessageBus) {}

  async list(dlqTopic: string): Promise<DeadLetter[]> {
    return (await readTopicToEnd(this.bus, dlqTopic)).map((m) => describe(dlqTopic, m));
  }

  /**
   * Re-publishes the chosen dead letters (all when `ids` is empty) to their original topics,
   * with their key and headers. `audit` hears of them before the send and of the outcome after.
   */
  async replay(dlqTopic: string, ids: string[], audit?: ReplayRecorder): Promise<DeadLetter[]> {
    const wanted = new Set(ids);
    const chosen = (await readTopicToEnd(this.bus, dlqTopic)).filter((m) => wanted.size === 0 || wanted.has(`${m.partition}:${m.offset}`));
    const missing = [...wanted].filter((id) => !chosen.some((m) => `${m.partition}:${m.offset}` === id));
    if (missing.length) throw new Error(`no dead letter ${missing.join(', ')} in ${dlqTopic}`);
    if (chosen.length === 0) return [];
    const letters = chosen.map((m) => describe(dlqTopic, m));
    await audit?.before(letters);
    const producer = this.bus.producer();
    try {
      await producer.connect();
      await producer.send(
        chosen.map((m) => ({
          topic: m.headers[DEAD_LETTER_HEADER.originalTopic] ?? dlqTopic.replace(/\.dlq$/, ''),
          key: m.key?.toString('utf8') ?? null,
          value: m.value ?? '',
          headers: { ...originalHeaders(m.headers), [DEAD_LETTER_HEADER.replayedFrom]: `${dlqTopic}:${m.partition}:${m.offset}` },
        })),
      );
    } catch (error) {
      await audit?.after(`failed: ${(error as Error).message}`);
      throw error;
    } finally {
      await producer.disconnect().catch(() => undefined);
    }
    await audit?.after('sent');
    return letters;
  }
}

function originalHeaders(headers: Headers): Headers {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith('dlq-') || REPLAYED_DEAD_LETTER_HEADERS.includes(name)));
}

function describe(dlqTopic: string, m: IncomingMessage): DeadLetter {
  const h = m.headers;
  let maskedValue: unknown;
  let messageId: string | null = null;
  const text = m.value?.toString('utf8') ?? '';
  try {
    const parsed: unknown = JSON.parse(text);
    const id = (parsed as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && id.length <= 100) messageId = id;
    maskedValue = maskPersonalData(parsed);
  } catch {
    maskedValue = `<${text.length} bytes, not JSON, not shown>`;
  }
  return {
    id: `${m.partition}:${m.offset}`,
    dlqTopic,
    originalTopic: h[DEAD_LETTER_HEADER.originalTopic] ?? '',
    originalPartition: Number(h[DEAD_LETTER_HEADER.originalPartition] ?? -1),
    originalOffset: h[DEAD_LETTER_HEADER.originalOffset] ?? '',
    consumerGroup: h[DEAD_LETTER_HEADER.consumerGroup] ?? '',
    code: h[DEAD_LETTER_HEADER.code] ?? '',
    reason: h[DEAD_LETTER_HEADER.reason] ?? '',
    attempts: Number(h[DEAD_LETTER_HEADER.attempts] ?? 0),
    failedAt: h[DEAD_LETTER_HEADER.failedAt] ?? '',
    originalTimestamp: h[DEAD_LETTER_HEADER.originalTimestamp] ?? '',
    key: m.key?.toString('utf8') ?? null,
    messageId,
    maskedValue,
  };
}
