import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { validatePayload, type CommandTopicDefinition, type EventEnvelope, type EventTopicDefinition, type TopicDefinition } from '@birth/contracts';
import { currentCausalContext, freshCausalContext, HEADER, type CausalContext } from '../tracing/trace-context';
import { messagingHooks } from '../observability/messaging-hooks';
import type { TopicNamer } from '../topic-namer';
import { preparedQuery } from '../database/prepared-query';

export interface PublishRequest<P extends object> {
  /** An event topic; commands go through `sendCommand`. */
  topic: EventTopicDefinition<P>;
  /** The Kafka key: the case id for case-scoped topics. */
  key: string;
  caseId: string | null;
  payload: P;
  /** Defaults to a new UUID; pass a stable id to make a re-publish deduplicate downstream. */
  id?: string;
  /**
   * What caused this event, when it is not the ambient causal context: one transaction that
   * commits the work of several requests together publishes each request's events under its own.
   */
  cause?: CausalContext;
}

export interface CommandRequest<P extends object> {
  /** The command topic of the service that is to obey (`<service>.commands.v1`). */
  topic: CommandTopicDefinition<P>;
  /** The case the command is about: the Kafka key and the envelope's `caseId`. */
  caseId: string;
  /** The payload, naming its command (`{ command: 'retry-step', … }`). */
  command: P;
  /** Defaults to a new UUID; pass a stable id to make a re-send deduplicate at the receiver. */
  id?: string;
  cause?: CausalContext;
}

interface OutboxRow<P extends object> {
  topic: TopicDefinition<P>;
  key: string;
  caseId: string | null;
  payload: P;
  id?: string;
  cause?: CausalContext;
}

/**
 * Publishing = writing an outbox row inside the caller's transaction. The row commits or
 * rolls back with the business change; the relay puts committed rows on Kafka.
 */
export class OutboxPublisher {
  constructor(
    private readonly producerName: string,
    private readonly topics: TopicNamer,
  ) {}

  async publish<P extends object>(manager: EntityManager, request: PublishRequest<P>): Promise<EventEnvelope<P>> {
    const [envelope] = await this.publishAll(manager, [request]);
    return envelope!;
  }

  /**
   * Sends a command to the service that owns `topic`, exactly as an event is published: an
   * outbox row in the caller's transaction, put on Kafka by the relay, received through the
   * owner's idempotent inbox. The payload is checked against the command's class first, so a
   * sender's mistake fails here, in its own transaction, not in the receiver's dead letters.
   */
  async sendCommand<P extends object>(manager: EntityManager, request: CommandRequest<P>): Promise<EventEnvelope<P>> {
    const checked = validatePayload(request.topic, request.command);
    if (!checked.ok) {
      throw new Error(`not a valid command for ${request.topic.name}: ${checked.errors.map((e) => `${e.field} ${e.code}`).join(', ')}`);
    }
    const { topic, caseId, command, id, cause } = request;
    const [envelope] = await this.write(manager, [{ topic, key: caseId, caseId, payload: command, id, cause }]);
    return envelope!;
  }

  /**
   * Several events in one statement, in the given order (their order per key is kept on Kafka).
   * The statement's text is the same for any number of events (they travel as arrays), so it is
   * a prepared statement (`preparedQuery`): parsed once per connection, planned once.
   *
   * `alongside` lets the caller's own writes travel in the same statement, saving a round trip
   * per transaction on a hot path: `sql` is a list of data-modifying CTEs (`name AS (INSERT …)`,
   * comma-separated) using parameters `$1…$n` with `params` as their values; the outbox INSERT
   * becomes the statement's main query, numbering its parameters after them. All of it commits
   * or fails together, so nothing may be in `alongside` that could skip rows the events describe.
   * Its text, too, must not vary from call to call (rows as arrays, not a VALUES list of varying
   * length): each distinct text is one more statement kept prepared on every connection.
   */
  async publishAll<P extends object>(
    manager: EntityManager,
    requests: PublishRequest<P>[],
    alongside?: { sql: string; params: unknown[] },
  ): Promise<EventEnvelope<P>[]> {
    return this.write(manager, requests, alongside);
  }

  private async write<P extends object>(
    manager: EntityManager,
    requests: OutboxRow<P>[],
    alongside?: { sql: string; params: unknown[] },
  ): Promise<EventEnvelope<P>[]> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxPublisher.publish must run inside a transaction (the outbox row commits with the business change)');
    }
    const ambient = currentCausalContext() ?? freshCausalContext();
    const hooks = messagingHooks();
    const envelopes: EventEnvelope<P>[] = [];
    const ids: string[] = [];
    const topics: string[] = [];
    const keys: string[] = [];
    const values: string[] = [];
    const headers: string[] = [];
    for (const request of requests) {
      const cause = request.cause ?? ambient;
      const envelope: EventEnvelope<P> = {
        id: request.id ?? randomUUID(),
        type: request.topic.type,
        version: request.topic.version,
        occurredAt: new Date().toISOString(),
        caseId: request.caseId,
        correlationId: cause.correlationId,
        causationId: cause.causationId,
        producer: this.producerName,
        payload: request.payload,
      };
      const topic = this.topics.physical(request.topic.name);
      ids.push(envelope.id);
      topics.push(topic);
      keys.push(request.key);
      values.push(JSON.stringify(envelope));
      headers.push(
        JSON.stringify({
          // The outbox keeps the trace with the event: the relay sends this header as it is.
          [HEADER.traceparent]: hooks.publishing(topic, cause.traceparent),
          [HEADER.correlationId]: cause.correlationId,
          [HEADER.contentType]: 'application/json',
        }),
      );
      envelopes.push(envelope);
    }
    const n = alongside?.params.length ?? 0;
    const prefix = alongside ? `WITH ${alongside.sql} ` : '';
    // Rows are inserted, and so get their seq, in the events' order.
    await preparedQuery(
      manager,
      `${prefix}INSERT INTO outbox (id, topic, message_key, value, headers)
       SELECT id, topic, message_key, value, headers
         FROM unnest($${n + 1}::uuid[], $${n + 2}::text[], $${n + 3}::text[], $${n + 4}::text[], $${n + 5}::jsonb[])
              WITH ORDINALITY AS o(id, topic, message_key, value, headers, ord)
        ORDER BY ord`,
      [...(alongside?.params ?? []), ids, topics, keys, values, headers],
    );
    return envelopes;
  }
}
