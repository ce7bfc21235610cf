import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Calendar } from '@birth/calendar';
import type { PolicyStore, ResolvedRules } from '@birth/policy';
import { ServiceConfig } from '../config/service-config';
import { MessagingRuntime } from '../messaging-runtime';
import { SERVICE_DESCRIPTOR, type ServiceDescriptor } from '../service-descriptor';
import { ReferenceDataFeed, type ReferenceDataChange, type ReferenceDataStatus } from './reference-data-feed';

/**
 * The service's own copy of the policy versions and the calendar years (ReferenceDataFeed): the
 * repository's files at once, then everything on policy.versions.v1 and calendar.years.v1, read
 * from the beginning at boot and followed while the service runs. Inject it wherever a decision
 * needs the rules or the working-day calendar, and record `rules.version` (and the calendar
 * answer's `calendarVersion`) with the decision.
 *
 * Readiness (/health/ready, `referenceData`) waits until both topics have been read to the end
 * they had at boot, so a service never decides on rules older than those already published.
 */
@Injectable()
export class ReferenceData implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly feed: ReferenceDataFeed;

  constructor(runtime: MessagingRuntime, config: ServiceConfig, @Inject(SERVICE_DESCRIPTOR) private readonly service: ServiceDescriptor) {
    const logger = new Logger('ReferenceData');
    this.feed = new ReferenceDataFeed({
      bus: runtime.bus,
      namer: runtime.topicNamer,
      serviceName: service.name,
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: config.KAFKA_HEARTBEAT_INTERVAL_MS,
      log: (level, message) => logger[level](message),
    });
  }

  /** Whether this service reads the topics at all (ServiceDescriptor.referenceData, default true). */
  get enabled(): boolean {
    return this.service.referenceData ?? true;
  }

  onApplicationBootstrap(): void {
    if (this.enabled) this.feed.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.feed.stop();
  }

  /** Every versions the process knows (repository files and the topic); `rulesFor`, `versionOn`, `document`. */
  get policy(): PolicyStore {
    return this.feed.policy;
  }

  /** The process's working-day calendar (the same object as libs/calendar's sharedCalendar()). */
  get calendar(): Calendar {
    return this.feed.calendar;
  }

  /** `policy.rulesFor`: the rules for a region on a China date, naming the version to record. */
  rulesFor(regionCode: string, onDate: string, options: { version?: number } = {}): ResolvedRules {
    return this.feed.policy.rulesFor(regionCode, onDate, options);
  }

  onChange(listener: (change: ReferenceDataChange) => void): void {
    this.feed.onChange(listener);
  }

  status(): ReferenceDataStatus & { enabled: boolean } {
    return { enabled: this.enabled, ...this.feed.status() };
  }
}
