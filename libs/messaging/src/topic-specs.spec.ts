import { DLQ_SUFFIX, TOPIC_REGISTRY } from '@birth/contracts';
import { TopicNamer } from './topic-namer';
import { BROKER_DEFAULT_RETENTION_MS, DEAD_LETTER_RETENTION_MS, redeliveryWindowMs, topicSpecsOf } from './topic-specs';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('topicSpecsOf', () => {
  const namer = new TopicNamer('suite-42.');
  const specs = topicSpecsOf(TOPIC_REGISTRY, namer);

  it('gives every registry topic itself and its dead-letter topic, prefixed', () => {
    expect(TOPIC_REGISTRY.length).toBeGreaterThan(0);
    expect(specs.map((s) => s.name)).toEqual(
      TOPIC_REGISTRY.flatMap((t) => [`suite-42.${t.name}`, `suite-42.${t.name}${DLQ_SUFFIX}`]),
    );
    expect(specs.map((s) => s.name)).toContain('suite-42.birth.registered.v1.dlq');
  });

  it('takes partitions and retention from the registry', () => {
    for (const topic of TOPIC_REGISTRY) {
      const spec = specs.find((s) => s.name === `suite-42.${topic.name}`);
      const cleanup = topic.cleanupPolicy ? { cleanupPolicy: topic.cleanupPolicy } : {};
      expect(spec).toEqual({ name: `suite-42.${topic.name}`, partitions: topic.partitions, retentionMs: topic.retentionMs, ...cleanup });
    }
    // Bank accounts stand in clear on the ingress topic and its dead letters: both kept 7 days.
    expect(specs.filter((s) => s.name.startsWith('suite-42.birth.submitted.v1')).map((s) => s.retentionMs)).toEqual([7 * DAY_MS, 7 * DAY_MS]);
    expect(specs.find((s) => s.name === 'suite-42.birth.registered.v1.dlq')?.retentionMs).toBe(DEAD_LETTER_RETENTION_MS);
    expect(specs.find((s) => s.name === 'suite-42.birth.registered.v1')).toEqual({
      name: 'suite-42.birth.registered.v1',
      partitions: 6,
      retentionMs: 30 * DAY_MS,
    });
  });

  it('compacts the data topics the registry marks compact, never their dead-letter topics', () => {
    const compacted = specs.filter((s) => s.cleanupPolicy === 'compact').map((s) => s.name);
    expect(compacted).toEqual(['suite-42.policy.versions.v1', 'suite-42.calendar.years.v1']);
    expect(specs.find((s) => s.name === 'suite-42.policy.versions.v1.dlq')).toEqual({
      name: 'suite-42.policy.versions.v1.dlq',
      partitions: 1,
      retentionMs: 90 * DAY_MS,
    });
    expect(specs.find((s) => s.name === 'suite-42.birth.registered.v1')).not.toHaveProperty('cleanupPolicy');
  });

  it('gives a dead-letter topic the same partitions and a longer retention (the ingress topic: as short as its own)', () => {
    for (const topic of TOPIC_REGISTRY) {
      const dlq = specs.find((s) => s.name === `suite-42.${topic.name}.dlq`)!;
      expect(dlq.partitions).toBe(topic.partitions);
      if (topic.name === 'birth.submitted.v1') {
        expect(dlq.retentionMs).toBe(7 * DAY_MS);
        continue;
      }
      expect(dlq.retentionMs).toBe(90 * DAY_MS);
      expect(dlq.retentionMs!).toBeGreaterThan(topic.retentionMs ?? 7 * DAY_MS);
    }
  });

  it('uses the registry names as they are without a prefix', () => {
    expect(topicSpecsOf(TOPIC_REGISTRY, new TopicNamer()).map((s) => s.name)).toEqual(
      TOPIC_REGISTRY.flatMap((t) => [t.name, `${t.name}.dlq`]),
    );
  });

  it('is empty for no topics', () => {
    expect(topicSpecsOf([], namer)).toEqual([]);
  });
});

describe('TopicNamer', () => {
  it('prepends the prefix', () => {
    expect(new TopicNamer('t1-').physical('birth.registered.v1')).toBe('t1-birth.registered.v1');
  });

  it('logical reverses physical, for topics and dead-letter topics', () => {
    const namer = new TopicNamer('t1-');
    for (const topic of TOPIC_REGISTRY) {
      expect(namer.logical(namer.physical(topic.name))).toBe(topic.name);
      expect(namer.logical(namer.physical(`${topic.name}.dlq`))).toBe(`${topic.name}.dlq`);
    }
  });

  it('leaves a name without the prefix alone', () => {
    expect(new TopicNamer('t1-').logical('birth.registered.v1')).toBe('birth.registered.v1');
    expect(new TopicNamer('t1-').logical('t2-birth.registered.v1')).toBe('t2-birth.registered.v1');
  });

  it('is the identity without a prefix', () => {
    const namer = new TopicNamer();
    expect(namer.prefix).toBe('');
    expect(namer.physical('birth.registered.v1')).toBe('birth.registered.v1');
    expect(namer.logical('birth.registered.v1')).toBe('birth.registered.v1');
  });
});

describe('redeliveryWindowMs', () => {
  const topic = (name: string, retentionMs?: number, deadLetterRetentionMs?: number) => ({ ...TOPIC_REGISTRY[0]!, name, retentionMs, deadLetterRetentionMs });

  it("is the longest topic retention plus the dead-letter topics' retention, naming that topic", () => {
    expect(redeliveryWindowMs([topic('a', 3 * DAY_MS), topic('b', 30 * DAY_MS), topic('c', 7 * DAY_MS)])).toEqual({
      ms: 30 * DAY_MS + DEAD_LETTER_RETENTION_MS,
      topic: 'b',
    });
  });

  it("counts a topic without retention at the broker's default", () => {
    expect(redeliveryWindowMs([topic('a', 3 * DAY_MS), topic('b')])).toEqual({ ms: BROKER_DEFAULT_RETENTION_MS + DEAD_LETTER_RETENTION_MS, topic: 'b' });
  });

  it("counts a topic's own dead-letter retention where the registry gives one", () => {
    expect(redeliveryWindowMs([topic('a', 7 * DAY_MS, 7 * DAY_MS), topic('b', 3 * DAY_MS)])).toEqual({ ms: 3 * DAY_MS + DEAD_LETTER_RETENTION_MS, topic: 'b' });
  });

  it('covers the registry: 30 days of traffic and 90 of dead letters', () => {
    expect(redeliveryWindowMs(TOPIC_REGISTRY).ms).toBe(120 * DAY_MS);
  });
});
