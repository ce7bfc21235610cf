// The transport the services really run, against raw kafkajs for the same handler and the same
// guarantee. The services do not use @nestjs/microservices' ServerKafka (transport.ts measures
// that): their @EventPattern handlers run in a NestJS microservice whose strategy is
// InboxTransport, over the inbox consumer (decoded and validated envelopes, the inbox row and the
// handler's writes in one transaction, offsets committed after it). The raw side is what one would
// write by hand on kafkajs for the same effect: eachMessage, JSON.parse, then per message BEGIN,
// the inbox row, the handler's row, COMMIT; offsets committed by kafkajs after the handler returns.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Controller, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload, type MicroserviceOptions } from '@nestjs/microservices';
import { IsInt } from 'class-validator';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import type { EventEnvelope, EventTopicDefinition } from '@birth/contracts';
import { InboxConsumer, InboxTransport, RethrowToInbox, type InboxRpcContext, type KafkaJsMessageBus, type TopicNamer } from '@birth/messaging';
import { createServiceDataSource, migrateServiceSchema } from '@birth/platform';
import { makeHandler, withDeadline } from './transport';
import type { WholeSystem } from './whole-system';

export class BenchHandledV1 {
  @IsInt() n!: number;
}

/** The measurement's own topic (the logical name; the run's prefix makes it physical). */
export const HANDLED_TOPIC: EventTopicDefinition<BenchHandledV1> = {
  kind: 'events',
  name: 'bench.services-transport.v1',
  type: 'bench.services-transport',
  version: 1,
  key: 'caseId',
  partitions: 6,
  payload: BenchHandledV1,
  description: 'system bench only: the services transport measurement',
};

const SCHEMA = 'bench_services_transport';

class CreateHandledTable1764000099000 implements MigrationInterface {
  name = 'CreateHandledTable1764000099000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE handled (side text NOT NULL, n int NOT NULL, PRIMARY KEY (side, n))');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE handled');
  }
}

/** Envelopes of the topic, as OutboxPublisher writes them (value and key). */
export function handledEnvelopes(topic: string, count: number): { topic: string; key: string; value: string }[] {
  return Array.from({ length: count }, (_, n) => {
    const caseId = randomUUID();
    const envelope: EventEnvelope<BenchHandledV1> = {
      id: randomUUID(),
      type: HANDLED_TOPIC.type,
      version: HANDLED_TOPIC.version,
      occurredAt: new Date().toISOString(),
      caseId,
      correlationId: randomUUID(),
      causationId: null,
      producer: 'bench',
      payload: { n },
    };
    return { topic, key: caseId, value: JSON.stringify(envelope) };
  });
}

/** The schema with the platform's inbox and the handler's table (migrations as a service runs them). */
export async function servicesTransportDataSource(databaseUrl: string): Promise<DataSource> {
  const options = { url: databaseUrl, schema: SCHEMA, migrations: [CreateHandledTable1764000099000] };
  await migrateServiceSchema(options);
  return createServiceDataSource({ ...options, poolSize: 4 }).initialize();
}

/** Raw kafkajs, the inbox by hand: one transaction per message (inbox row, then the handler's row when the row was new). */
export async function rawInboxRate(brokers: string[], databaseUrl: string, topic: string, groupId: string, messages: number, timeoutMs: number): Promise<number> {
  const kafka = new Kafka({ clientId: `${groupId}-raw`, brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId });
  const pool = new Pool({ connectionString: databaseUrl, max: 4, options: `-c search_path=${SCHEMA}` });
  const handler = makeHandler(messages);
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        const envelope = JSON.parse(message.value!.toString()) as EventEnvelope<BenchHandledV1>;
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const claimed = await client.query(
            'INSERT INTO inbox (consumer_group, message_id, topic, kafka_partition, kafka_offset) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING message_id',
            [groupId, envelope.id, topic, partition, message.offset],
          );
          if (claimed.rowCount === 1) await client.query('INSERT INTO handled (side, n) VALUES ($1, $2)', [groupId, envelope.payload.n]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
        await handler.handle(envelope.payload);
      },
    });
    const { firstAt, lastAt } = await withDeadline(handler.done, timeoutMs, 'raw kafkajs with an inbox');
    return (messages / Math.max(1, lastAt - firstAt)) * 1000;
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await pool.end().catch(() => undefined);
  }
}

/** The services' transport: a NestJS microservice with InboxTransport and one @EventPattern handler writing its row on the inbox's transaction. */
export async function inboxTransportRate(bus: KafkaJsMessageBus, dataSource: DataSource, namer: TopicNamer, groupId: string, messages: number, timeoutMs: number): Promise<number> {
  const handler = makeHandler(messages);
  @Controller()
  class BenchHandledConsumer {
    @EventPattern(HANDLED_TOPIC.name)
    async onHandled(@Payload() envelope: EventEnvelope<BenchHandledV1>, @Ctx() context: InboxRpcContext): Promise<void> {
      await context.inbox.manager.query('INSERT INTO handled (side, n) VALUES ($1, $2)', [groupId, envelope.payload.n]);
      await handler.handle(envelope.payload);
    }
  }
  @Module({ controllers: [BenchHandledConsumer] })
  class BenchHandledModule {}
  const strategy = new InboxTransport(
    (handlers) => new InboxConsumer({ bus, dataSource, groupId, topicNamer: namer, handlers }),
    (pattern) => (pattern === HANDLED_TOPIC.name ? HANDLED_TOPIC : undefined),
  );
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(BenchHandledModule as Type, { strategy, logger: false });
  app.useGlobalFilters(new RethrowToInbox());
  try {
    await app.listen();
    const { firstAt, lastAt } = await withDeadline(handler.done, timeoutMs, 'the services transport');
    return (messages / Math.max(1, lastAt - firstAt)) * 1000;
  } finally {
    await app.close().catch(() => undefined);
  }
}

/** Both sides over one prefilled topic, twice each, alternating, the better of each kept (as transport.ts does). */
export async function servicesTransportRates(system: WholeSystem, messages: number): Promise<{ raw: number; nest: number }> {
  const topic = await system.benchTopic('services-transport.v1', HANDLED_TOPIC.partitions);
  const producer = system.bus.producer();
  await producer.connect();
  const prefill = handledEnvelopes(topic, messages);
  for (let i = 0; i < prefill.length; i += 500) await producer.send(prefill.slice(i, i + 500));
  await producer.disconnect();
  const dataSource = await servicesTransportDataSource(system.databaseUrl);
  const brokers = system.infra.kafkaBrokers.split(',');
  const rates = { raw: 0, nest: 0 };
  try {
    for (const round of [1, 2]) {
      rates.raw = Math.max(rates.raw, await rawInboxRate(brokers, system.databaseUrl, topic, system.benchGroup(`services-transport-raw-${round}`), messages, 180_000));
      rates.nest = Math.max(rates.nest, await inboxTransportRate(system.bus, dataSource, system.namer, system.benchGroup(`services-transport-nest-${round}`), messages, 180_000));
    }
  } finally {
    await dataSource.destroy();
  }
  return rates;
}
