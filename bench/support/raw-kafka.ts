// Raw kafkajs, produce → consume: the broker's limit on this machine, through the platform's own
// idempotent producer (KafkaJsMessageBus, acks=all) and a consumer group committing once per batch
// (as the inbox consumer does). Shared by the benches that compare against it.
import type { MessageBus, OutgoingMessage } from '@birth/messaging';

export interface RawKafkaOptions {
  bus: MessageBus;
  groupId: string;
  /** The messages, all to one topic made for the measurement (deleted by the caller). */
  messages: OutgoingMessage[];
  /** Messages per producer request. */
  batch: number;
  timeoutMs?: number;
}

/** `count` JSON messages to `topic` whose values are about `valueBytes` long. */
export function fillerMessages(topic: string, count: number, valueBytes: number): OutgoingMessage[] {
  const filler = 'x'.repeat(Math.max(0, valueBytes - 40));
  return Array.from({ length: count }, (_, n) => ({ topic, key: `k${n}`, value: JSON.stringify({ n, filler }), headers: { 'content-type': 'application/json' } }));
}

export interface RawKafkaFigure {
  msgsPerSec: number;
  /** First send → last message consumed. */
  ms: number;
  /** First send → last send acknowledged. */
  produceMs: number;
}

export async function measureRawKafka(options: RawKafkaOptions): Promise<RawKafkaFigure> {
  const { bus, groupId, batch } = options;
  const outgoing = options.messages;
  const messages = outgoing.length;
  const topic = outgoing[0]!.topic;

  const consumer = bus.consumer({ groupId, fromBeginning: true });
  const producer = bus.producer();
  let joined = false;
  let consumed = 0;
  let lastConsumedAt = 0;
  consumer.on('group-joined', () => (joined = true));
  try {
    await consumer.connect();
    await consumer.subscribe([topic]);
    await consumer.run(async (received, controls) => {
      if (received.messages.length === 0) return;
      for (const message of received.messages) controls.resolve(message.offset);
      await controls.commit((BigInt(received.messages.at(-1)!.offset) + 1n).toString());
      consumed += received.messages.length;
      if (consumed >= messages) lastConsumedAt = performance.now();
    });
    await until(() => joined, 60_000, 'the raw consumer to join its group');
    await producer.connect();
    const start = performance.now();
    for (let i = 0; i < outgoing.length; i += batch) await producer.send(outgoing.slice(i, i + batch));
    const produceMs = performance.now() - start;
    await until(() => consumed >= messages, options.timeoutMs ?? 300_000, 'the raw consumer to consume everything');
    const ms = lastConsumedAt - start;
    return { msgsPerSec: Math.round((messages / ms) * 1000), ms, produceMs };
  } finally {
    await producer.disconnect().catch(() => undefined);
    await consumer.disconnect().catch(() => undefined);
  }
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
