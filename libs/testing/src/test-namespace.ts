import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { TOPIC_REGISTRY, type TopicDefinition } from '@birth/contracts';
import {
  KafkaJsMessageBus,
  readTopicToEnd,
  TopicNamer,
  topicSpecsOf,
  type Admin,
  type Consumer,
  type ConsumerOptions,
  type IncomingMessage,
  type MessageBus,
  type Producer,
} from '@birth/messaging';
import { createServiceDataSource, migrateServiceSchema } from '@birth/platform';
import { testInfrastructure } from './infrastructure';
import { trackOpen } from './open-resources';

/**
 * One suite's private corner of the shared broker and database: a topic prefix and consumer
 * group prefix, and schemas named after it. Suites running side by side cannot see each other.
 */
export class TestNamespace {
  /** The broker, for this suite: every client made from it is disconnected by dispose(). */
  readonly bus: MessageBus;
  readonly namer: TopicNamer;
  readonly admin: Admin;
  private readonly schemas = new Set<string>();
  private readonly dataSources: DataSource[] = [];
  private readonly topics: string[] = [];
  private readonly clients = new Set<{ disconnect(): Promise<void> }>();
  private readonly untrack: () => void;

  private constructor(readonly id: string) {
    const infra = testInfrastructure();
    this.namer = new TopicNamer(`${id}.`);
    const kafka = new KafkaJsMessageBus({ clientId: `test-${id}`, brokers: infra.kafkaBrokers.split(',') });
    this.admin = kafka.admin();
    this.bus = this.closedOnDispose(kafka);
    this.untrack = trackOpen({ what: `TestNamespace ${id} (not disposed)`, closing: () => false, close: () => this.dispose() });
  }

  static async create(topics: readonly TopicDefinition[] = TOPIC_REGISTRY): Promise<TestNamespace> {
    const ns = new TestNamespace(`t${randomBytes(4).toString('hex')}`);
    const specs = topicSpecsOf(topics, ns.namer);
    ns.topics.push(...specs.map((s) => s.name));
    try {
      await ns.admin.connect();
      await ns.admin.ensureTopics(specs);
    } catch (error) {
      // The suite never gets the namespace to dispose: its admin connection would keep jest alive.
      await ns.dispose();
      throw error;
    }
    return ns;
  }

  /** `bus`, remembering each client it makes so that dispose() disconnects those a suite forgot. */
  private closedOnDispose(bus: MessageBus): MessageBus {
    const remember = <T extends { disconnect(): Promise<void> }>(client: T): T => {
      this.clients.add(client);
      const disconnect = client.disconnect.bind(client);
      client.disconnect = () => {
        this.clients.delete(client);
        return disconnect();
      };
      return client;
    };
    return {
      producer: (): Producer => remember(bus.producer()),
      consumer: (options: ConsumerOptions): Consumer => remember(bus.consumer(options)),
      admin: (): Admin => remember(bus.admin()),
    };
  }

  get kafkaBrokers(): string {
    return testInfrastructure().kafkaBrokers;
  }

  get databaseUrl(): string {
    return testInfrastructure().databaseUrl;
  }

  topic(name: string): string {
    return this.namer.physical(name);
  }

  /** A schema of this suite's own with the messaging tables and `migrations` applied. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
  async createSchema(name: string, migrations: Function[] = []): Promise<string> {
    const schema = `${this.id}_${name}`.replace(/[^a-z0-9_]/g, '_');
    await migrateServiceSchema({ url: this.databaseUrl, schema, migrations });
    this.schemas.add(schema);
    return schema;
  }

  /** A TypeORM DataSource on one of this suite's schemas (closed by dispose()). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
  async dataSource(schema: string, migrations: Function[] = [], url = this.databaseUrl): Promise<DataSource> {
    const dataSource = await createServiceDataSource({ url, schema, migrations, poolSize: 5 }).initialize();
    this.dataSources.push(dataSource);
    return dataSource;
  }

  /** The environment a service process needs to run inside this namespace. */
  serviceEnv(schema: string, overrides: Record<string, string> = {}): Record<string, string> {
    return {
      NODE_ENV: 'test',
      DATABASE_URL: this.databaseUrl,
      DATABASE_SCHEMA: schema,
      KAFKA_BROKERS: this.kafkaBrokers,
      KAFKA_TOPIC_PREFIX: this.namer.prefix,
      // Short sessions so a killed consumer's partitions move on in seconds, not 30.
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '500',
      LOG_FORMAT: 'text',
      PORT: '0',
      ...overrides,
    };
  }

  /** Messages on a topic now, counted from its high-water marks (everything ever written minus nothing: no retention runs in a test). */
  async messageCount(logicalTopic: string): Promise<number> {
    const offsets = await this.admin.partitionOffsets(this.topic(logicalTopic));
    return offsets.reduce((sum, o) => sum + Number(BigInt(o.high) - BigInt(o.low)), 0);
  }

  /** The sum over partitions of a group's committed offsets (-1, none, counts as 0). */
  async committedCount(groupId: string, logicalTopic: string): Promise<number> {
    const offsets = await this.admin.groupOffsets(groupId, this.topic(logicalTopic));
    return offsets.reduce((sum, o) => sum + Math.max(0, Number(o.offset)), 0);
  }

  /** Every message on the topic, read up to the high-water marks as they are now. */
  async readAll(logicalTopic: string): Promise<IncomingMessage[]> {
    return readTopicToEnd(this.bus, this.topic(logicalTopic));
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** Closes everything the namespace opened and drops its schemas and topics; safe to call twice. */
  async dispose(): Promise<void> {
    this.untrack();
    await Promise.all(this.dataSources.splice(0).map((d) => (d.isInitialized ? d.destroy().catch(() => undefined) : undefined)));
    for (const schema of this.schemas) await this.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    this.schemas.clear();
    await Promise.all([...this.clients].map((c) => c.disconnect().catch(() => undefined)));
    if (this.topics.length > 0) await this.admin.deleteTopics(this.topics.splice(0)).catch(() => undefined);
    await this.admin.disconnect().catch(() => undefined);
  }
}
