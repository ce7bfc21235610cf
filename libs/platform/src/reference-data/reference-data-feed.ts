import { createHash, randomUUID } from 'node:crypto';
import { decodeEnvelope, Topics, type CalendarYearPublishedV1, type EventTopicDefinition, type PolicyVersionPublishedV1 } from '@birth/contracts';
import { CalendarDataError, sharedCalendar, type Calendar } from '@birth/calendar';
import type { Consumer, IncomingMessage, MessageBus, TopicNamer } from '@birth/messaging';
import { loadPolicyDirectory, PolicyFileError, PolicyVersionConflictError, type PolicyStore } from '@birth/policy';

// Every service's own copy of the data one service owns and every service reads (DESIGN.md,
// "Events"): the policy versions (policy.versions.v1) and the calendar years (calendar.years.v1).
// It starts from the repository's files and then reads both compacted topics from the beginning,
// for as long as the process lives, so a version imported by an operator is used from its
// effective date without a release or a restart.
//
// How it reads: one consumer in a consumer group of its own, a new group id per process, that
// never commits an offset. A group shared by a service's instances would split the partitions
// among them, and a committed offset would make a restarted instance start after versions it no
// longer holds in memory; with a group per process every instance reads every message from the
// earliest offset at every start, with no gap between "read what is there" and "follow what
// comes" (readTopicToEnd then a tailing consumer would need one). The group is deleted at
// shutdown; one left by a killed process holds no offsets and expires with its session.
//
// Bad messages are skipped with a reason (logged, counted, shown by /health/ready), not
// dead-lettered: this reader re-reads the whole topic at every start of every instance of every
// service, so each bad message would be dead-lettered again and again; and the only producer,
// the gateway's CLI, validates with the same libraries before publishing, so a bad message here is
// a defect to fix at its source. The topics carry no personal data, so a reason may quote them.

/** SHA-256 of a document's JSON text as published: the `sha256` of PolicyVersionPublishedV1 and CalendarYearPublishedV1. */
export function referenceDocumentSha256(document: unknown): string {
  return createHash('sha256').update(JSON.stringify(document)).digest('hex');
}

export type ReferenceDataChange =
  | { kind: 'policy'; version: number; effectiveFrom: string; origin: string }
  | {
      kind: 'calendar';
      year: number;
      version: number;
      outcome: 'added' | 'replaced';
      origin: string;
      /** The envelope id of the calendar.years.v1 message: the cause a service records for what the year changed. */
      messageId: string;
    };

export type SkipReason = 'INVALID_MESSAGE' | 'KEY_MISMATCH' | 'HASH_MISMATCH' | 'INVALID_DOCUMENT' | 'VERSION_CONFLICT';

export interface SkippedMessage {
  origin: string;
  reason: SkipReason;
  detail: string;
}

export interface ReferenceDataStatus {
  /** True once every message that was on both topics when reading started has been applied. */
  caughtUp: boolean;
  /** Why it is not caught up yet (Kafka away, a topic missing), when known. */
  lastError: string | null;
  policyVersions: number[];
  /** `<year>.<version>` of every year held. */
  calendarYears: string[];
  skipped: number;
  /** The last few skipped messages, newest last. */
  recentlySkipped: SkippedMessage[];
}

export interface ReferenceDataFeedOptions {
  bus: MessageBus;
  namer: TopicNamer;
  /** The service's name: the consumer group is `<prefix><name>.reference-data.<uuid>`. */
  serviceName: string;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  log?: (level: 'log' | 'warn' | 'error', message: string) => void;
  /** Defaults: the repository's policy files and the process's shared calendar (so the calendar's free functions see new years too). */
  policy?: PolicyStore;
  calendar?: Calendar;
}

const RECENT_SKIPS = 10;
const RETRY_MS = [500, 1_000, 2_000, 5_000, 10_000];

export class ReferenceDataFeed {
  readonly policy: PolicyStore;
  readonly calendar: Calendar;
  private readonly log: NonNullable<ReferenceDataFeedOptions['log']>;
  private readonly topics: { physical: string; definition: EventTopicDefinition<PolicyVersionPublishedV1> | EventTopicDefinition<CalendarYearPublishedV1> }[];
  private readonly listeners: ((change: ReferenceDataChange) => void)[] = [];
  private consumer: Consumer | null = null;
  private groupId: string | null = null;
  /** `topic:partition` → the high-water mark to reach before the feed is caught up. */
  private pending: Map<string, bigint> | null = null;
  private caughtUp = false;
  private stopped = false;
  private lastError: string | null = null;
  private skippedCount = 0;
  private readonly recentlySkipped: SkippedMessage[] = [];
  private running: Promise<void> | null = null;
  /** Ends the wait before the next attempt at once (stop()). */
  private wake: (() => void) | null = null;

  constructor(private readonly options: ReferenceDataFeedOptions) {
    this.policy = options.policy ?? loadPolicyDirectory();
    this.calendar = options.calendar ?? sharedCalendar();
    this.log = options.log ?? (() => undefined);
    this.topics = [Topics.policyVersionsV1, Topics.calendarYearsV1].map((definition) => ({ physical: options.namer.physical(definition.name), definition }));
  }

  /** Starts reading in the background; retries while Kafka or a topic is missing. */
  start(): void {
    this.running ??= this.readUntilStopped();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.closeConsumer();
    await this.running?.catch(() => undefined);
  }

  /** Called after each version or year that changed what this process answers. */
  onChange(listener: (change: ReferenceDataChange) => void): void {
    this.listeners.push(listener);
  }

  status(): ReferenceDataStatus {
    return {
      caughtUp: this.caughtUp,
      lastError: this.lastError,
      policyVersions: this.policy.versions().map((v) => v.version),
      calendarYears: this.calendar.coveredYears().map((year) => `${year}.${this.calendar.year(year)!.version}`),
      skipped: this.skippedCount,
      recentlySkipped: [...this.recentlySkipped],
    };
  }

  /** Applies one message of either topic (idempotent: a version already held changes nothing). */
  apply(message: IncomingMessage): void {
    const entry = this.topics.find((t) => t.physical === message.topic);
    const origin = `${entry?.definition.name ?? message.topic}@${message.partition}:${message.offset}`;
    if (!entry) return this.skip(origin, 'INVALID_MESSAGE', 'not a reference-data topic');
    const decoded = decodeEnvelope<object>(entry.definition, message.value);
    if (!decoded.ok) return this.skip(origin, 'INVALID_MESSAGE', decoded.errors.map((e) => `${e.field} ${e.code}`).join(', '));
    const payload = decoded.value.payload as PolicyVersionPublishedV1 | CalendarYearPublishedV1;
    const key = message.key?.toString('utf8') ?? null;
    const expectedKey = 'year' in payload ? String(payload.year) : String(payload.version);
    if (key !== expectedKey) return this.skip(origin, 'KEY_MISMATCH', `key ${JSON.stringify(key)}, payload says ${expectedKey}`);
    if (referenceDocumentSha256(payload.document) !== payload.sha256) return this.skip(origin, 'HASH_MISMATCH', 'the document does not hash to its sha256');
    const document = payload.document as { version?: unknown; year?: unknown; effectiveFrom?: unknown };
    const mismatch =
      document.version !== payload.version ||
      ('year' in payload ? document.year !== payload.year : document.effectiveFrom !== (payload as PolicyVersionPublishedV1).effectiveFrom);
    if (mismatch) return this.skip(origin, 'KEY_MISMATCH', 'the payload and its document name different versions');
    try {
      if ('year' in payload) this.applyYear(payload, origin, decoded.value.id);
      else this.applyPolicy(payload, origin);
    } catch (error) {
      if (error instanceof PolicyVersionConflictError) return this.skip(origin, 'VERSION_CONFLICT', error.message);
      if (error instanceof CalendarDataError) {
        const conflict = error.errors.some((e) => e.code === 'VERSION_CONFLICT');
        return this.skip(origin, conflict ? 'VERSION_CONFLICT' : 'INVALID_DOCUMENT', error.message);
      }
      if (error instanceof PolicyFileError) return this.skip(origin, 'INVALID_DOCUMENT', error.message);
      throw error;
    }
  }

  private applyPolicy(payload: PolicyVersionPublishedV1, origin: string): void {
    // PolicyStore keeps a structuredClone of each version and tells a redelivery from other content
    // with isDeepStrictEqual, which compares prototypes too: a structuredClone here makes both
    // sides objects of the same realm even where they are not (jest's vm sandbox).
    const result = this.policy.add(structuredClone(payload.document), origin);
    if (!result.added) return;
    this.log('log', `policy version ${result.version} (effective from ${payload.effectiveFrom}) loaded from ${origin}`);
    if (result.laterVersions.length) this.log('warn', `policy version ${result.version} takes effect before version(s) ${result.laterVersions.join(', ')}, which do not carry its changes`);
    this.notify({ kind: 'policy', version: result.version, effectiveFrom: payload.effectiveFrom, origin });
  }

  private applyYear(payload: CalendarYearPublishedV1, origin: string, messageId: string): void {
    const outcome = this.calendar.accept(payload.document, origin);
    if (outcome !== 'added' && outcome !== 'replaced') return;
    this.log('log', `calendar year ${payload.year} version ${payload.version} ${outcome} from ${origin}`);
    this.notify({ kind: 'calendar', year: payload.year, version: payload.version, outcome, origin, messageId });
  }

  private notify(change: ReferenceDataChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.log('error', `a reference-data listener failed on ${change.origin}: ${(error as Error).message}`);
      }
    }
  }

  private skip(origin: string, reason: SkipReason, detail: string): void {
    this.skippedCount++;
    this.recentlySkipped.push({ origin, reason, detail });
    if (this.recentlySkipped.length > RECENT_SKIPS) this.recentlySkipped.shift();
    this.log('error', `reference data: skipped ${origin} (${reason}): ${detail}`);
  }

  private async readUntilStopped(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        await this.subscribe();
        return;
      } catch (error) {
        this.lastError = (error as Error).message;
        this.log('warn', `reference data: not reading yet (${this.lastError}); retrying`);
        await this.closeConsumer();
        if (this.stopped) return;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }

  private async subscribe(): Promise<void> {
    const admin = this.options.bus.admin();
    await admin.connect();
    const pending = new Map<string, bigint>();
    try {
      for (const { physical } of this.topics) {
        for (const o of await admin.partitionOffsets(physical)) {
          if (BigInt(o.high) > BigInt(o.low)) pending.set(`${physical}:${o.partition}`, BigInt(o.high));
        }
      }
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    this.pending = pending;
    this.groupId = `${this.options.namer.physical(this.options.serviceName)}.reference-data.${randomUUID()}`;
    const consumer = this.options.bus.consumer({
      groupId: this.groupId,
      fromBeginning: true,
      sessionTimeoutMs: this.options.sessionTimeoutMs,
      heartbeatIntervalMs: this.options.heartbeatIntervalMs,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe(this.topics.map((t) => t.physical));
    await consumer.run(async (batch, controls) => {
      for (const message of batch.messages) {
        if (!controls.shouldContinue()) return;
        this.apply(message);
        // Never committed: the next start of this process reads from the beginning again.
        controls.resolve(message.offset);
        this.advance(batch.topic, batch.partition, BigInt(message.offset) + 1n);
      }
    });
    this.lastError = null;
    this.checkCaughtUp();
  }

  private advance(topic: string, partition: number, next: bigint): void {
    const key = `${topic}:${partition}`;
    const target = this.pending?.get(key);
    // A compacted log has gaps, but never at its last offset (the active segment is not compacted).
    if (target !== undefined && next >= target) this.pending!.delete(key);
    this.checkCaughtUp();
  }

  private checkCaughtUp(): void {
    if (this.caughtUp || !this.pending || this.pending.size > 0 || !this.consumer) return;
    this.caughtUp = true;
    const { policyVersions, calendarYears } = this.status();
    this.log('log', `reference data caught up: policy versions ${policyVersions.join(', ')}; calendar years ${calendarYears.join(', ')}`);
  }

  private async closeConsumer(): Promise<void> {
    const consumer = this.consumer;
    const groupId = this.groupId;
    this.consumer = null;
    if (!consumer) return;
    await consumer.disconnect().catch(() => undefined);
    if (groupId) {
      const admin = this.options.bus.admin();
      await admin
        .connect()
        .then(() => admin.deleteGroup(groupId))
        .catch(() => undefined)
        .finally(() => admin.disconnect().catch(() => undefined));
    }
  }
}
