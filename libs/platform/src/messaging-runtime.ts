import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { findTopic, type TopicDefinition } from '@birth/contracts';
import {
  InboxConsumer,
  InboxPruner,
  InboxTransport,
  KafkaJsMessageBus,
  OutboxPublisher,
  OutboxRelay,
  TopicNamer,
  type InboxConsumerOptions,
  type InboxConsumerStatus,
  type MessageBus,
  type MessageHandler,
  type OutboxRelayStatus,
  type Producer,
} from '@birth/messaging';
import { ServiceConfig } from './config/service-config';
import { SERVICE_DESCRIPTOR, type ServiceDescriptor } from './service-descriptor';
import { connectionConfigOf } from './database/connection-config';

/**
 * A service's messaging: the Kafka bus, the outbox publisher and relay, and the inbox
 * consumer behind its `@EventPattern` handlers.
 *
 * Shutdown order (SIGTERM): stop fetching and finish the message in hand, then flush the
 * relay, then disconnect. It runs in beforeApplicationShutdown, while the database pool is
 * still open (TypeORM closes it in onApplicationShutdown).
 */
@Injectable()
export class MessagingRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly bus: MessageBus;
  readonly topicNamer: TopicNamer;
  readonly publisher: OutboxPublisher;
  private readonly logger: Logger;
  private readonly relayProducer: Producer;
  private readonly relay: OutboxRelay;
  private readonly inboxPruner: InboxPruner;
  private consumer: InboxConsumer | null = null;
  private deadLetterObserver: InboxConsumerOptions['onDeadLetter'];

  constructor(
    private readonly config: ServiceConfig,
    private readonly dataSource: DataSource,
    @Inject(SERVICE_DESCRIPTOR) private readonly service: ServiceDescriptor,
  ) {
    this.logger = new Logger('Messaging');
    this.bus = new KafkaJsMessageBus({
      clientId: service.name,
      brokers: config.KAFKA_BROKERS.split(','),
      log: (level, namespace, message) => this.logger[level](`kafka ${namespace}: ${message}`),
    });
    this.topicNamer = new TopicNamer(config.KAFKA_TOPIC_PREFIX);
    this.publisher = new OutboxPublisher(service.name, this.topicNamer);
    this.relayProducer = this.bus.producer();
    this.relay = new OutboxRelay({
      connection: connectionConfigOf(config),
      schema: config.DATABASE_SCHEMA,
      producer: this.relayProducer,
      retentionMs: config.OUTBOX_RETENTION_SECONDS * 1000,
      log: (level, message) => this.logger[level](message),
    });
    this.inboxPruner = new InboxPruner({
      dataSource,
      retentionMs: config.INBOX_RETENTION_DAYS * 24 * 3600 * 1000,
      log: (level, message) => this.logger[level](message),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // The producer connects lazily on first send if Kafka is away now; the relay retries.
    await this.relayProducer.connect().catch((error: Error) => this.logger.warn(`relay producer not connected yet: ${error.message}`));
    this.relay.start();
    this.inboxPruner.start();
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.logger.log(`shutting down${signal ? ` on ${signal}` : ''}: finishing the message in hand, flushing the outbox`);
    await this.consumer?.stop();
    await this.inboxPruner.stop();
    await this.relay.stop();
    await this.relayProducer.disconnect().catch(() => undefined);
    this.logger.log(`stopped (relay published ${this.relay.status().published} messages this run)`);
  }

  /** Set by a feature module (onModuleInit) that must hear of every dead letter before it is parked. */
  observeDeadLetters(observer: NonNullable<InboxConsumerOptions['onDeadLetter']>): void {
    this.deadLetterObserver = observer;
  }

  relayStatus(): OutboxRelayStatus {
    return this.relay.status();
  }

  consumerStatus(): InboxConsumerStatus | null {
    return this.consumer?.status() ?? null;
  }

  /** The Nest transport strategy for this service's `@EventPattern` handlers. */
  transport(): InboxTransport {
    return new InboxTransport(
      (handlers) => this.createConsumer(handlers),
      (pattern) => this.resolveTopic(pattern),
    );
  }

  private resolveTopic(pattern: string): TopicDefinition | undefined {
    return findTopic(pattern) ?? this.service.extraTopics?.find((t) => t.name === pattern);
  }

  private createConsumer(handlers: MessageHandler[]): InboxConsumer {
    this.consumer = new InboxConsumer({
      bus: this.bus,
      dataSource: this.dataSource,
      groupId: this.topicNamer.physical(this.service.name),
      topicNamer: this.topicNamer,
      handlers,
      maxAttempts: this.config.CONSUMER_MAX_ATTEMPTS,
      maxBatchSize: this.service.consumerBatchSize,
      sessionTimeoutMs: this.config.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: this.config.KAFKA_HEARTBEAT_INTERVAL_MS,
      log: (level, message) => this.logger[level](message),
      onDeadLetter: this.deadLetterObserver,
    });
    return this.consumer;
  }
}
