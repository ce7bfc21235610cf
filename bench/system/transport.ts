// The NestJS Kafka transport (@nestjs/microservices ServerKafka, an @EventPattern handler) against
// raw kafkajs (a consumer's eachMessage) for the same handler, on the same prefilled topic, each
// in a consumer group of its own: messages handled per second from the first to the last.
import { Controller, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload, Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { Kafka, logLevel } from 'kafkajs';

/** What the handler does with each message besides checking and counting it (e.g. commit a row); nothing by default. */
export type HandlerWork = (n: number) => Promise<void>;

/** The handler both sides call: checks the decoded value, does `work`, counts; `done` when `expected` were handled. */
export function makeHandler(expected: number, work?: HandlerWork): { handle(value: unknown): Promise<void> | void; done: Promise<{ firstAt: number; lastAt: number }> } {
  let count = 0;
  let firstAt = 0;
  let resolve!: (times: { firstAt: number; lastAt: number }) => void;
  const done = new Promise<{ firstAt: number; lastAt: number }>((r) => (resolve = r));
  const counted = () => {
    count += 1;
    if (count === expected) resolve({ firstAt, lastAt: performance.now() });
  };
  return {
    handle(value: unknown) {
      const n = (value as { n?: unknown } | null)?.n;
      if (typeof n !== 'number') throw new Error('not a bench message');
      if (count === 0) firstAt = performance.now();
      if (!work) return counted();
      return work(n).then(counted);
    },
    done,
  };
}

/** `promise`, or a rejection naming `what` after `ms`. */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: not done within ${ms / 1000} s`)), ms).unref())]);
}

/** Raw kafkajs: eachMessage parses the value and calls the handler (offsets committed automatically, as ServerKafka does). */
export async function rawKafkaJsRate(brokers: string[], topic: string, groupId: string, messages: number, timeoutMs: number, work?: HandlerWork): Promise<number> {
  const kafka = new Kafka({ clientId: `${groupId}-raw`, brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId });
  const handler = makeHandler(messages, work);
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => handler.handle(JSON.parse(message.value!.toString())) });
    const { firstAt, lastAt } = await withDeadline(handler.done, timeoutMs, 'raw kafkajs');
    return (messages / Math.max(1, lastAt - firstAt)) * 1000;
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}

/** The NestJS transport: a microservice with Transport.KAFKA and one @EventPattern controller calling the handler. */
export async function nestTransportRate(brokers: string[], topic: string, groupId: string, messages: number, timeoutMs: number, work?: HandlerWork): Promise<number> {
  const handler = makeHandler(messages, work);
  @Controller()
  class BenchConsumer {
    @EventPattern(topic)
    async onMessage(@Payload() value: unknown): Promise<void> {
      await handler.handle(value);
    }
  }
  @Module({ controllers: [BenchConsumer] })
  class BenchModule {}
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(BenchModule as Type, {
    transport: Transport.KAFKA,
    options: {
      client: { clientId: groupId, brokers, logLevel: logLevel.NOTHING },
      consumer: { groupId },
      postfixId: '',
      subscribe: { fromBeginning: true },
    },
    logger: false,
  });
  try {
    await app.listen();
    const { firstAt, lastAt } = await withDeadline(handler.done, timeoutMs, 'the NestJS transport');
    return (messages / Math.max(1, lastAt - firstAt)) * 1000;
  } finally {
    await app.close().catch(() => undefined);
  }
}
