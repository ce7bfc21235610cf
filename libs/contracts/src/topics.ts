import type { ClassConstructor } from 'class-transformer';
import { BirthCorrectedV1 } from './events/birth-corrected.v1';
import { BirthIntakeResultV1 } from './events/birth-intake-result.v1';
import { BirthRegisteredV1 } from './events/birth-registered.v1';
import { BirthVoidedV1 } from './events/birth-voided.v1';

/** How a topic's messages are keyed (DESIGN.md, "Events"): a case's messages share a key so they stay in order. */
export type TopicKey = 'caseId' | 'hospitalId:birthRecordId' | 'hospitalId';

export interface TopicDefinition<P extends object = object> {
  /** `<domain>.<event>.v<major>`; the dead-letter topic is `<name>.dlq`. */
  readonly name: string;
  /** The envelope `type` of its messages, `<domain>.<event>`. */
  readonly type: string;
  readonly version: number;
  readonly key: TopicKey;
  readonly partitions: number;
  /** Retention in milliseconds; undefined keeps the broker's default. */
  readonly retentionMs?: number;
  /** The payload class every consumer validates against. */
  readonly payload: ClassConstructor<P>;
  readonly description: string;
}

export const DEFAULT_PARTITIONS = 6;
const DAY_MS = 24 * 60 * 60 * 1000;

function topic<P extends object>(definition: Omit<TopicDefinition<P>, 'partitions'> & { partitions?: number }): TopicDefinition<P> {
  return { partitions: DEFAULT_PARTITIONS, ...definition };
}

/**
 * The registry of every topic: name, key, partitions, retention and payload schema.
 * Topics are created from this list (infra and tests), never by the broker's auto-create.
 */
export const Topics = {
  birthSubmittedV1: topic({
    name: 'birth.submitted.v1',
    type: 'birth.submitted',
    version: 1,
    key: 'hospitalId:birthRecordId',
    payload: BirthRegisteredV1,
    retentionMs: 30 * DAY_MS,
    description: 'Ingress: hospitals on the government network produce signed birth applications here.',
  }),
  birthRegisteredV1: topic({
    name: 'birth.registered.v1',
    type: 'birth.registered',
    version: 1,
    key: 'caseId',
    payload: BirthRegisteredV1,
    retentionMs: 30 * DAY_MS,
    description: 'A birth accepted at intake: every department opens its work item, the saga opens the case.',
  }),
  birthCorrectedV1: topic({
    name: 'birth.corrected.v1',
    type: 'birth.corrected',
    version: 1,
    key: 'caseId',
    payload: BirthCorrectedV1,
    retentionMs: 30 * DAY_MS,
    description: 'The registering hospital corrected facts of a birth (e.g. the newborn name given later).',
  }),
  birthVoidedV1: topic({
    name: 'birth.voided.v1',
    type: 'birth.voided',
    version: 1,
    key: 'caseId',
    payload: BirthVoidedV1,
    retentionMs: 30 * DAY_MS,
    description: 'The registering hospital voided a birth; the saga compensates every step.',
  }),
  birthIntakeResultsV1: topic({
    name: 'birth.intake-results.v1',
    type: 'birth.intake-result',
    version: 1,
    key: 'hospitalId',
    payload: BirthIntakeResultV1,
    retentionMs: 30 * DAY_MS,
    description: 'Outcome of every ingress-topic submission, keyed by hospital id: accepted with the case, or rejected with the errors.',
  }),
} as const satisfies Record<string, TopicDefinition>;

export const TOPIC_REGISTRY: readonly TopicDefinition[] = Object.values(Topics);

export const DLQ_SUFFIX = '.dlq';

export function deadLetterTopicOf(topicName: string): string {
  return `${topicName}${DLQ_SUFFIX}`;
}

export function findTopic(name: string): TopicDefinition | undefined {
  return TOPIC_REGISTRY.find((t) => t.name === name);
}
