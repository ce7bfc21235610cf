import { deadLetterTopicOf, type TopicDefinition } from '@birth/contracts';
import type { TopicSpec } from './kafka/message-bus';
import type { TopicNamer } from './topic-namer';

/** Dead letters wait for an operator: kept longer than the traffic itself. */
export const DEAD_LETTER_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

/** Kafka's own `log.retention.hours` default (168), for a registry topic that gives no retention. */
export const BROKER_DEFAULT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** A topic's dead letters' retention: the registry's (the ingress topic: 7 days, accounts in clear) or 90 days. */
export function deadLetterRetentionOf(t: TopicDefinition): number {
  return t.deadLetterRetentionMs ?? DEAD_LETTER_RETENTION_MS;
}

/**
 * How long after a consumer group applied a message the same message can still reach it
 * again: a lagging group may dead-letter it as late as the topic keeps it, and the dead
 * letter can be replayed to the original topic (where every group reads it) as late as the
 * dead-letter topic keeps it. An inbox that forgets a message sooner would apply it twice.
 */
export function redeliveryWindowMs(definitions: readonly TopicDefinition[]): { ms: number; topic: string | null } {
  const windowOf = (t: TopicDefinition) => (t.retentionMs ?? BROKER_DEFAULT_RETENTION_MS) + deadLetterRetentionOf(t);
  const longest = [...definitions].sort((a, b) => windowOf(b) - windowOf(a))[0];
  return { ms: longest ? windowOf(longest) : DEAD_LETTER_RETENTION_MS, topic: longest?.name ?? null };
}

/**
 * The broker topics for registry entries: each topic and its dead-letter topic (same partitions,
 * longer retention, except the ingress topic's: as short as the topic's). A compacted topic (`cleanupPolicy: 'compact'`, the policy versions and the
 * calendar years) keeps its latest message per key for ever; its dead-letter topic is never
 * compacted, since two dead letters of one key are two problems to look at.
 */
export function topicSpecsOf(definitions: readonly TopicDefinition[], namer: TopicNamer): TopicSpec[] {
  return definitions.flatMap((t) => {
    const name = namer.physical(t.name);
    const topic: TopicSpec = { name, partitions: t.partitions, retentionMs: t.retentionMs };
    if (t.cleanupPolicy) topic.cleanupPolicy = t.cleanupPolicy;
    return [
      topic,
      { name: deadLetterTopicOf(name), partitions: t.partitions, retentionMs: deadLetterRetentionOf(t) },
    ];
  });
}
