import { randomUUID } from 'node:crypto';
import type { IncomingMessage, MessageBus } from './message-bus';

/**
 * Every message of a topic up to its high-water marks as they are when called, in partition
 * and offset order. The client has no manual partition assignment, so this reads with a
 * throwaway consumer group that never commits and is deleted afterwards.
 */
export async function readTopicToEnd(bus: MessageBus, topic: string, timeoutMs = 60_000): Promise<IncomingMessage[]> {
  const admin = bus.admin();
  await admin.connect();
  try {
    const offsets = await admin.partitionOffsets(topic);
    const pending = new Map(offsets.filter((o) => BigInt(o.high) > BigInt(o.low)).map((o) => [o.partition, BigInt(o.high)]));
    if (pending.size === 0) return [];
    const groupId = `reader-${randomUUID()}`;
    const consumer = bus.consumer({ groupId, fromBeginning: true, sessionTimeoutMs: 10_000, heartbeatIntervalMs: 1_000 });
    const messages: IncomingMessage[] = [];
    let timer: NodeJS.Timeout | undefined;
    await consumer.connect();
    try {
      await consumer.subscribe([topic]);
      await new Promise<void>((resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`reading ${topic} timed out`)), timeoutMs);
        consumer
          .run(async (batch, controls) => {
            for (const message of batch.messages) {
              controls.resolve(message.offset);
              const high = pending.get(batch.partition);
              if (high === undefined || BigInt(message.offset) >= high) continue;
              messages.push(message);
              if (BigInt(message.offset) + 1n >= high) pending.delete(batch.partition);
            }
            if (pending.size === 0) resolve();
          })
          .catch(reject);
      });
    } finally {
      // Also when run() failed: a pending timer would keep the process alive until it fires.
      clearTimeout(timer);
      await consumer.disconnect();
      await admin.deleteGroup(groupId).catch(() => undefined);
    }
    return messages.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  } finally {
    await admin.disconnect();
  }
}
