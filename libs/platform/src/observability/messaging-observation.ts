import { Logger } from '@nestjs/common';
import { childTraceparent as childOrNew, type MessagingHooks } from '@birth/messaging';
import { SpanKind, type Tracing } from './tracing';
import type { ServiceMetrics } from './service-metrics';

/** Seconds: handlers take milliseconds normally, seconds when the database is slow. */
const HANDLER_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The messaging hooks of a service: counters per topic, handler latency, consumer lag and
 * dead letters into `metrics`; a CONSUMER span per handled message and a PRODUCER span per
 * published one into `tracing` when traces are on (the producer span's traceparent is what
 * the outbox stores and the relay sends, so the consumer's span is its child).
 */
export function messagingObservation(metrics: ServiceMetrics, tracing: Tracing | null): Partial<MessagingHooks> {
  const consumed = metrics.counter({
    name: 'birth_messages_consumed_total',
    help: 'Messages the consumer group finished (applied, duplicate or dead-lettered), per topic.',
    labelNames: ['topic'],
  });
  const published = metrics.counter({
    name: 'birth_messages_published_total',
    help: 'Messages the outbox relay put on Kafka (acknowledged), per topic.',
    labelNames: ['topic'],
  });
  const handlerSeconds = metrics.histogram({
    name: 'birth_handler_duration_seconds',
    help: "Time a message handler took, inside the inbox transaction, per topic and outcome (ok or error).",
    labelNames: ['topic', 'outcome'],
    buckets: HANDLER_BUCKETS,
  });
  const lag = metrics.gauge({
    name: 'birth_consumer_lag',
    help: "Messages behind the partition's end after the consumer group's last batch, per topic and partition.",
    labelNames: ['group', 'topic', 'partition'],
  });
  const deadLetters = metrics.counter({
    name: 'birth_dead_letters_total',
    help: 'Messages parked on their dead-letter topic, per topic and reason code.',
    labelNames: ['topic', 'code'],
  });

  const logger = new Logger('Messaging');

  return {
    handling(topic, envelope, traceparent) {
      const started = performance.now();
      const span = tracing?.start(`${topic} process`, SpanKind.CONSUMER, traceparent, {
        'messaging.system': 'kafka',
        'messaging.destination.name': topic,
        'messaging.message.id': envelope.id,
        'birth.case_id': envelope.caseId ?? '',
      });
      return {
        traceparent: span?.traceparent ?? childOrNew(traceparent),
        end(error) {
          const seconds = (performance.now() - started) / 1000;
          const outcome = error === undefined ? 'ok' : 'error';
          handlerSeconds.observe({ topic, outcome }, seconds);
          span?.end(error);
          // Called inside the message's causal context: the line carries its case, correlation and trace ids.
          logger.debug(`handled ${envelope.type} ${envelope.id} from ${topic}: ${outcome} in ${(seconds * 1000).toFixed(1)} ms`);
        },
      };
    },
    publishing(topic, parent) {
      if (!tracing) return childOrNew(parent);
      const span = tracing.start(`${topic} publish`, SpanKind.PRODUCER, parent, { 'messaging.system': 'kafka', 'messaging.destination.name': topic });
      span.end();
      return span.traceparent;
    },
    published(topic, count) {
      published.inc({ topic }, count);
    },
    consumed(group, topic, partition, count, behind) {
      consumed.inc({ topic }, count);
      if (behind !== null) lag.set({ group, topic, partition: String(partition) }, behind);
    },
    deadLettered(_group, topic, code) {
      deadLetters.inc({ topic, code });
    },
  };
}
