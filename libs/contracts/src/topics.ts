import type { ClassConstructor } from 'class-transformer';
import { BirthCorrectedV1 } from './events/birth-corrected.v1';
import { BirthIntakeResultV1 } from './events/birth-intake-result.v1';
import { BirthRegisteredV1, type ApplicationItem } from './events/birth-registered.v1';
import { BirthSubmissionV1 } from './events/birth-submission.v1';
import { BirthVoidedV1 } from './events/birth-voided.v1';
import { DEPARTMENT_COMMANDS } from './commands/department-commands.v1';
import { HOUSEHOLD_REGISTRATION_COMMANDS, MATERNITY_ALLOWANCE_COMMANDS, SOCIAL_SECURITY_CARD_COMMANDS } from './commands/service-commands.v1';
import { CaseNotificationRequestedV1, CaseSlaAtRiskV1, CaseSlaBreachedV1, CaseStepEscalatedV1 } from './events/case-events.v1';
import { MaternityAllowanceClaimChangedV1 } from './events/claim-changed.v1';
import { CalendarYearPublishedV1, PolicyVersionPublishedV1 } from './events/data-versions.v1';
import {
  BirthCertificateItemChangedV1,
  BirthCertificateNumberBlockLowV1,
  HouseholdRegistrationItemChangedV1,
  MedicalInsuranceItemChangedV1,
  SocialSecurityCardItemChangedV1,
} from './events/department-item-changed.v1';

/**
 * How a topic's messages are keyed (DESIGN.md, "Events"): a case's messages share a key so they
 * stay in order. `claimId`: the allowance's claim, shared by twins' cases (the envelope's caseId
 * is null). `policyVersion` and `year`: the compacted data topics, one key per version or year.
 */
export type TopicKey = 'caseId' | 'hospitalId:birthRecordId' | 'hospitalId' | 'claimId' | 'policyVersion' | 'year';

/**
 * What a reader does with a field it does not know (DESIGN.md, "Events"). `refuse` only where
 * hospitals produce (the ingress topic): a typo there must come back as an error. Everywhere
 * else readers are tolerant (`ignore`: the field is dropped before the handler sees it), so a
 * producer adding an optional field never breaks a consumer that was not redeployed. Producers
 * are always checked strictly (OutboxPublisher.sendCommand, validatePayload's default).
 */
export type UnknownFields = 'refuse' | 'ignore';

/** Kafka's cleanup.policy: `delete` (by retention, the default) or `compact` (the latest message per key is kept for ever). */
export type CleanupPolicy = 'delete' | 'compact';

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
  /** Retention in milliseconds; undefined keeps the broker's default. Not used by a compacted topic. */
  readonly retentionMs?: number;
  /** Retention of its dead-letter topic in milliseconds; undefined keeps DEAD_LETTER_RETENTION_MS (libs/messaging, 90 days). */
  readonly deadLetterRetentionMs?: number;
  /** Undefined means `delete`. A compacted topic's dead-letter topic is still `delete`. */
  readonly cleanupPolicy?: CleanupPolicy;
  /** Undefined means `ignore` (tolerant readers). */
  readonly unknownFields?: UnknownFields;
  readonly description: string;
}

export interface EventTopicDefinition<P extends object = object> extends TopicCommon {
  readonly kind: 'events';
  /** The payload class every consumer validates against. */
  readonly payload: ClassConstructor<P>;
  /**
   * On a department's outcome topic: the item every message's block (`payload.item.item`) must
   * name, the department's own. A message naming another item is invalid (`ITEM_MISMATCH`).
   */
  readonly item?: ApplicationItem;
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
/** The ingress topic and its dead-letter topic: the one place bank accounts stand in clear (7 days). */
export const INGRESS_RETENTION_MS = 7 * DAY_MS;

function topic<P extends object>(
  definition: Omit<EventTopicDefinition<P>, 'partitions' | 'kind'> & { partitions?: number },
): EventTopicDefinition<P> {
  return { kind: 'events', partitions: DEFAULT_PARTITIONS, ...definition };
}

/** `<service>.item-changed.v1`: keyed by case id, so one case's changes of the item stay in order (issue 11). */
function itemChangedTopic<P extends object>(service: ApplicationItem, payload: ClassConstructor<P>, description: string): EventTopicDefinition<P> {
  return topic({
    name: `${service}.item-changed.v1`,
    type: `${service}.item-changed`,
    version: 1,
    key: 'caseId',
    payload,
    item: service,
    retentionMs: 30 * DAY_MS,
    description,
  });
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
    payload: BirthSubmissionV1,
    // 7 days, not 30: hospitals produce the bank accounts here in clear (the one topic that
    // carries them unsealed, DESIGN.md "Security"), and so does its dead-letter topic. A week
    // covers a long weekend's outage and an operator's replay; the intake keeps the application
    // sealed at rest and the accepted birth travels on sealed (docs/architecture.md, "Ingress").
    retentionMs: INGRESS_RETENTION_MS,
    deadLetterRetentionMs: INGRESS_RETENTION_MS,
    unknownFields: 'refuse',
    description: 'Ingress: hospitals on the government network produce signed birth applications (BirthSubmissionV1) here. Kept 7 days, its dead letters too: the bank accounts are in clear.',
  }),
  birthRegisteredV1: topic({
    name: 'birth.registered.v1',
    type: 'birth.registered',
    version: 1,
    key: 'caseId',
    payload: BirthRegisteredV1,
    retentionMs: 30 * DAY_MS,
    description: 'A birth accepted at intake: every department applied for opens its item, the saga opens the case.',
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
  birthCertificateItemChangedV1: itemChangedTopic(
    'birth-certificate',
    BirthCertificateItemChangedV1,
    'Every change of a case\'s birth certificate (issued, reissued, revoked, …) with its number: household registration, medical insurance, the allowance and the saga read it.',
  ),
  birthCertificateNumberBlockLowV1: topic({
    name: 'birth-certificate.number-block-low.v1',
    type: 'birth-certificate.number-block-low',
    version: 1,
    key: 'hospitalId',
    payload: BirthCertificateNumberBlockLowV1,
    retentionMs: 30 * DAY_MS,
    description: 'An issuing institution\'s certificate number block went under 10% left (once per block): operators load the next block.',
  }),
  householdRegistrationItemChangedV1: itemChangedTopic(
    'household-registration',
    HouseholdRegistrationItemChangedV1,
    'Every change of a case\'s household registration (registered, forwarded, …) with the citizen ID number: the social security card and the saga read it.',
  ),
  medicalInsuranceItemChangedV1: itemChangedTopic(
    'medical-insurance',
    MedicalInsuranceItemChangedV1,
    'Every change of a case\'s newborn medical insurance (enrolled, rejected, …) with its outcome and coverage: the social security card and the saga read it.',
  ),
  socialSecurityCardItemChangedV1: itemChangedTopic(
    'social-security-card',
    SocialSecurityCardItemChangedV1,
    'Every change of a case\'s social security card (applied, card-advanced, forwarded, …): the saga reads it.',
  ),
  maternityAllowanceClaimChangedV1: topic({
    name: 'maternity-allowance.claim-changed.v1',
    type: 'maternity-allowance.claim-changed',
    version: 1,
    key: 'claimId',
    payload: MaternityAllowanceClaimChangedV1,
    item: 'maternity-allowance',
    retentionMs: 30 * DAY_MS,
    description: 'Every change of a maternity-allowance claim (one per mother per delivery), naming every case of the delivery: the saga reads it.',
  }),
  caseSlaAtRiskV1: topic({
    name: 'case.sla-at-risk.v1',
    type: 'case.sla-at-risk',
    version: 1,
    key: 'caseId',
    payload: CaseSlaAtRiskV1,
    retentionMs: 30 * DAY_MS,
    description: 'A step of a case has 2 working days or fewer left on its SLA clock (sent once per step): operators\' console and alerting.',
  }),
  caseSlaBreachedV1: topic({
    name: 'case.sla-breached.v1',
    type: 'case.sla-breached',
    version: 1,
    key: 'caseId',
    payload: CaseSlaBreachedV1,
    retentionMs: 30 * DAY_MS,
    description: 'A step of a case passed its deadline without being done, naming the responsible department (sent once per step).',
  }),
  caseNotificationRequestedV1: topic({
    name: 'case.notification-requested.v1',
    type: 'case.notification-requested',
    version: 1,
    key: 'caseId',
    payload: CaseNotificationRequestedV1,
    retentionMs: 30 * DAY_MS,
    description: 'The saga asks for the family to be told (a rejection, an applicant wait, a payment); the contact phone is referenced, never carried.',
  }),
  caseStepEscalatedV1: topic({
    name: 'case.step-escalated.v1',
    type: 'case.step-escalated',
    version: 1,
    key: 'caseId',
    payload: CaseStepEscalatedV1,
    retentionMs: 30 * DAY_MS,
    description: 'A step operators must handle: stuck after retry-step, a compensation unconfirmed after revoke, or a deadline in a year with no calendar.',
  }),
  policyVersionsV1: topic({
    name: 'policy.versions.v1',
    type: 'policy.version-published',
    version: 1,
    key: 'policyVersion',
    payload: PolicyVersionPublishedV1,
    cleanupPolicy: 'compact',
    partitions: 1,
    description: 'Compacted: every version of the rules (libs/policy), imported by operators; each service keeps its own copy.',
  }),
  calendarYearsV1: topic({
    name: 'calendar.years.v1',
    type: 'calendar.year-published',
    version: 1,
    key: 'year',
    payload: CalendarYearPublishedV1,
    cleanupPolicy: 'compact',
    partitions: 1,
    description: 'Compacted: the current version of each year of the official working-day calendar, imported by operators; each service keeps its own copy.',
  }),
  birthCertificateCommandsV1: commandTopic(
    'birth-certificate',
    DEPARTMENT_COMMANDS,
    'Commands to the birth-certificate service (the saga, operators): retry-step, revoke.',
  ),
  householdRegistrationCommandsV1: commandTopic(
    'household-registration',
    HOUSEHOLD_REGISTRATION_COMMANDS,
    'Commands to the household-registration service (the saga, operators, the console): retry-step, revoke, refer-to-office.',
  ),
  medicalInsuranceCommandsV1: commandTopic(
    'medical-insurance',
    DEPARTMENT_COMMANDS,
    'Commands to the medical-insurance service (the saga, operators): retry-step, revoke.',
  ),
  socialSecurityCardCommandsV1: commandTopic(
    'social-security-card',
    SOCIAL_SECURITY_CARD_COMMANDS,
    'Commands to the social-security-card service (the saga, operators, the card production): retry-step, revoke, advance-card.',
  ),
  maternityAllowanceCommandsV1: commandTopic(
    'maternity-allowance',
    MATERNITY_ALLOWANCE_COMMANDS,
    'Commands to the maternity-allowance service (the saga, clerks): retry-step, revoke, update-bank-account (the account sealed).',
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

/** What a reader of `topic` does with unknown fields (`ignore` unless the registry says `refuse`). */
export function unknownFieldsOf(topic: TopicDefinition): UnknownFields {
  return topic.unknownFields ?? 'ignore';
}

/** The command names a command topic accepts. */
export function commandNamesOf(topic: CommandTopicDefinition): string[] {
  return Object.keys(topic.commands);
}

