import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { SERVICE_DESCRIPTOR, type ServiceDescriptor } from '../service-descriptor';
import { KafkaProbe } from './kafka-probe';
import { MessagingRuntime } from '../messaging-runtime';
import { ReferenceData } from '../reference-data/reference-data';

const DATABASE_TIMEOUT_MS = 1_500;
const KAFKA_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  promise.catch(() => undefined);
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Liveness: the process serves requests. Readiness: it can do its job now: the database
 * answers and its migrations are at head; a consuming service has joined its consumer
 * group and reaches Kafka; the service's copy of the policy versions and calendar years has
 * caught up with their topics. The gateway does not need Kafka to accept work (its outbox
 * absorbs the outage), so there Kafka is reported, as degraded, without failing readiness.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    private readonly kafka: KafkaProbe,
    private readonly runtime: MessagingRuntime,
    private readonly referenceData: ReferenceData,
    @Inject(SERVICE_DESCRIPTOR) private readonly service: ServiceDescriptor,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([async () => this.indicators.check('process').up({ service: this.service.name, pid: process.pid })]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.database(), () => this.kafkaState(), () => this.referenceDataState()]);
  }

  /**
   * Ready once policy.versions.v1 and calendar.years.v1 have been read to the end they had at
   * boot: before that, a decision could use rules older than those already published. A service
   * whose readiness does not need Kafka (the gateway) reports `catching-up` without failing.
   */
  private referenceDataState(): HealthIndicatorResult {
    const indicator = this.indicators.check('referenceData');
    const { enabled, caughtUp, lastError, policyVersions, calendarYears, skipped, recentlySkipped } = this.referenceData.status();
    const details = { policyVersions, calendarYears, skipped, ...(recentlySkipped.length ? { recentlySkipped } : {}), ...(lastError ? { lastError } : {}) };
    if (!enabled) return indicator.up({ ...details, state: 'repository-files-only' });
    if (caughtUp) return indicator.up({ ...details, state: 'caught-up' });
    if (!(this.service.readinessNeedsKafka ?? this.service.consumes)) return indicator.up({ ...details, state: 'catching-up' });
    return indicator.down({ ...details, state: 'catching-up' });
  }

  private async database(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('database');
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), DATABASE_TIMEOUT_MS, 'database');
      const pending = await withTimeout(this.dataSource.showMigrations(), DATABASE_TIMEOUT_MS, 'migrations table');
      if (pending) return indicator.down({ migrations: 'pending: run npm run infra:db' });
      return indicator.up({ migrations: 'at head' });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  private async kafkaState(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('kafka');
    const relay = this.runtime.relayStatus();
    const consumer = this.runtime.consumerStatus();
    let reachable = true;
    let error: string | undefined;
    try {
      await this.kafka.ping(KAFKA_TIMEOUT_MS);
    } catch (e) {
      reachable = false;
      error = (e as Error).message;
    }
    const details = {
      reachable,
      ...(error ? { error } : {}),
      relay: relay && { leader: relay.leader, published: relay.published, lastError: relay.lastError },
      consumer: consumer && {
        joined: consumer.joined,
        paused: consumer.paused,
        pauseReason: consumer.pauseReason,
        processed: consumer.processed,
        deadLettered: consumer.deadLettered,
      },
    };
    if (!(this.service.readinessNeedsKafka ?? this.service.consumes)) {
      // The outbox keeps accepting work while Kafka is away: degraded, not unready.
      return indicator.up({ ...details, state: reachable ? 'ok' : 'degraded' });
    }
    const ok = reachable && (!this.service.consumes || (!!consumer?.joined && !consumer.paused));
    return ok ? indicator.up({ ...details, state: 'ok' }) : indicator.down({ ...details, state: 'unready' });
  }
}
