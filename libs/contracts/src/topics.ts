import type { ClassConstructor } from 'class-transformer';
import { BirthCorrectedV1 } from './events/birth-corrected.v1';
import { BirthIntakeResultV1 } from './events/birth-intake-result.v1';
import { BirthRegisteredV1 } from './events/birth-registered.v1';
import { BirthVoidedV1 } from './events/birth-voided.v1';
import { DEPARTMENT_COMMANDS } from './commands/department-commands.v1';

/** How a topic's messages are keyed (DESIGN.md, "Events"): a case's messages share a key so they stay in order. */
export type TopicKey = 'caseId' | 'hospitalId:birthRecordId' | 'hospitalId';

/** What a topic carries: events (facts, any number of consumers) or commands (requests to the one service that owns the topic). */
export type TopicKind = 'events' | 'commands';

interface TopicCommon {
  /** `<domain>.<event>.v<major>` (commands: `<service>.commands.v<major>`); the dead-letter topic is `<name>.dlq`. */
  readonly name: string;
  /** The envelope `type` of its messages, `<domain>.<event>` (commands: `<service>.command`). */
  readonly type: string;
  readonly version: number;
  readonly key: TopicKey;
  readonly partitions: number;
  /** Retention in milliseconds; undefined keeps the broker's default. */
  readonly retentionMs?: number;
  readonly description: string;
}

export interface EventTopicDefinition<P extends object = object> extends TopicCommon {
  readonly kind: 'events';
  /** The payload class every consumer validates against. */
  readonly payload: ClassConstructor<P>;
}

/**
 * A service's command topic: every message names its command in `payload.command`, and the
 * payload is validated against that command's class. A command the topic does not list is
 * invalid (and goes to the dead-letter topic like any invalid message).
 */
export interface CommandTopicDefinition<P extends object = object> extends TopicCommon {
  readonly kind: 'commands';
  /** The service that owns the topic and obeys its commands. */
  readonly service: string;
  /** Each command's payload class, by command name (the value of `payload.command`). */
  readonly commands: Readonly<Record<string, ClassConstructor<P>>>;
}

export type TopicDefinition<P extends object = object> = EventTopicDefinition<P> | CommandTopicDefinition<P>;

export const DEFAULT_PARTITIONS = 6;
const DAY_MS = 24 * 60 * 60 * 1000;

function topic<P extends object>(
  definition: Omit<EventTopicDefinition<P>, 'partitions' | 'kind'> & { partitions?: number },
): EventTopicDefinition<P> {
  return { kind: 'events', partitions: DEFAULT_PARTITIONS, ...definition };
}

type PayloadOf<C> = C extends Readonly<Record<string, ClassConstructor<infer P>>> ? P : never;

/**
 * `<service>.commands.v1`, keyed by case id (DESIGN.md, "Events"): one case's commands stay in
 * order with each other. Kept 30 days like the events, so a replayed dead letter still finds
 * its inbox row (the inbox keeps rows longer than the topics).
 */
function commandTopic<C extends Readonly<Record<string, ClassConstructor<object>>>>(
  service: string,
  commands: C,
  description: string,
): CommandTopicDefinition<PayloadOf<C>> {
  return {
    kind: 'commands',
    name: `${service}.commands.v1`,
    type: `${service}.command`,
    version: 1,
    key: 'caseId',
    partitions: DEFAULT_PARTITIONS,
    retentionMs: 30 * DAY_MS,
    service,
    commands: commands as unknown as Readonly<Record<string, ClassConstructor<PayloadOf<C>>>>,
    description,
  };
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
  birthCertificateCommandsV1: commandTopic(
    'birth-certificate',
    DEPARTMENT_COMMANDS,
    'Commands to the birth-certificate service (the saga, operators): retry-step, revoke.',
  ),
  householdRegistrationCommandsV1: commandTopic(
    'household-registration',
    DEPARTMENT_COMMANDS,
    'Commands to the household-registration service (the saga, operators): retry-step, revoke.',
  ),
  medicalInsuranceCommandsV1: commandTopic(
    'medical-insurance',
    DEPARTMENT_COMMANDS,
    'Commands to the medical-insurance service (the saga, operators): retry-step, revoke.',
  ),
  socialSecurityCardCommandsV1: commandTopic(
    'social-security-card',
    DEPARTMENT_COMMANDS,
    'Commands to the social-security-card service (the saga, operators): retry-step, revoke.',
  ),
  maternityAllowanceCommandsV1: commandTopic(
    'maternity-allowance',
    DEPARTMENT_COMMANDS,
    'Commands to the maternity-allowance service (the saga, operators): retry-step, revoke.',
  ),
} as const satisfies Record<string, TopicDefinition>;

export const TOPIC_REGISTRY: readonly TopicDefinition[] = Object.values(Topics);

export const DLQ_SUFFIX = '.dlq';

export function deadLetterTopicOf(topicName: string): string {
  return `${topicName}${DLQ_SUFFIX}`;
}

export function findTopic(name: string): TopicDefinition | undefined {
  return TOPIC_REGISTRY.find((t) => t.name === name);
}

/** The command names a command topic accepts. */
export function commandNamesOf(topic: CommandTopicDefinition): string[] {
  return Object.keys(topic.commands);
}

