import { deadLetterTopicOf, type TopicDefinition } from '@birth/contracts';
import type { TopicSpec } from './kafka/message-bus';
import type { TopicNamer } from './topic-namer';

/** The broker topics for registry entries: each topic and its dead-letter topic (same partitions, longer retention). */
export function topicSpecsOf(definitions: readonly TopicDefinition[], namer: TopicNamer): TopicSpec[] {
  return definitions.flatMap((t) => {
    const name = namer.physical(t.name);
    return [
      { name, partitions: t.partitions, retentionMs: t.retentionMs },
      // Dead letters wait for an operator: keep them longer than the traffic itself.
      { name: deadLetterTopicOf(name), partitions: t.partitions, retentionMs: 90 * 24 * 60 * 60 * 1000 },
    ];
  });
}
