import type { INestApplication } from '@nestjs/common';
import type { ClassConstructor } from 'class-transformer';
import type { TopicDefinition } from '@birth/contracts';
import type { ServiceConfig } from './config/service-config';

/** What makes one service different from another, for the shared wiring. */
export interface ServiceDescriptor {
  /** The service's name: its log context, Kafka client id, consumer group and outbox producer name. */
  name: string;
  configClass: ClassConstructor<ServiceConfig>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
  migrations: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: Function[];
  /** True for a service that consumes events. */
  consumes: boolean;
  /**
   * Whether readiness needs Kafka (reachable, group joined, not paused). Defaults to `consumes`.
   * The gateway says false: its outbox absorbs an outage, so HTTP intake stays open (degraded).
   */
  readinessNeedsKafka?: boolean;
  /**
   * Messages the inbox may commit in one transaction (default 100). 1 when a handler has effects
   * outside its transaction (see InboxConsumerOptions).
   */
  consumerBatchSize?: number;
  /** Adjusts the HTTP application before it listens (body limits, filters, middleware). */
  configureApp?: (app: INestApplication) => void;
  /**
   * Whether the service keeps its own copy of policy.versions.v1 and calendar.years.v1
   * (ReferenceData; default true). False only for a process that never decides anything by the
   * rules or the calendar (a test harness): it then answers from the repository's files alone.
   */
  referenceData?: boolean;
  /** Topics beyond the contracts registry that its handlers may name (tests only). */
  extraTopics?: readonly TopicDefinition[];
}

export const SERVICE_DESCRIPTOR = Symbol('SERVICE_DESCRIPTOR');
