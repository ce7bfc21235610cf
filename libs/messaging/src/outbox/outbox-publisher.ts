import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, TopicDefinition } from '@birth/contracts';
import { childTraceparent, currentCausalContext, freshCausalContext, HEADER, type CausalContext } from '../tracing/trace-context';
import type { TopicNamer } from '../topic-namer';

export interface PublishRequest<P extends object> {
  topic: TopicDefinition<P>;
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
   * Several events in one statement, in the given order (their order per key is kept on Kafka).
   *
   * `alongside` lets the caller's own writes travel in the same statement, saving a round trip
   * per transaction on a hot path: `sql` is a list of data-modifying CTEs (`name AS (INSERT …)`,
   * comma-separated) using parameters `$1…$n` with `params` as their values; the outbox INSERT
   * becomes the statement's main query, numbering its parameters after them. All of it commits
   * or fails together, so nothing may be in `alongside` that could skip rows the events describe.
   */
  async publishAll<P extends object>(
    manager: EntityManager,
    requests: PublishRequest<P>[],
    alongside?: { sql: string; params: unknown[] },
  ): Promise<EventEnvelope<P>[]> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxPublisher.publish must run inside a transaction (the outbox row commits with the business change)');
    }
    const ambient = currentCausalContext() ?? freshCausalContext();
    const envelopes: EventEnvelope<P>[] = [];
    const columns: unknown[] = [...(alongside?.params ?? [])];
    const rows: string[] = [];
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
      const headers = {
        [HEADER.traceparent]: childTraceparent(cause.traceparent),
        [HEADER.correlationId]: cause.correlationId,
        [HEADER.contentType]: 'application/json',
      };
      const n = columns.length;
      rows.push(`($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}::jsonb)`);
      columns.push(envelope.id, this.topics.physical(request.topic.name), request.key, JSON.stringify(envelope), JSON.stringify(headers));
      envelopes.push(envelope);
    }
    const prefix = alongside ? `WITH ${alongside.sql} ` : '';
    await manager.query(`${prefix}INSERT INTO outbox (id, topic, message_key, value, headers) VALUES ${rows.join(', ')}`, columns);
    return envelopes;
  }
}
