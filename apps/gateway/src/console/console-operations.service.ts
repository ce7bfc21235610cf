import { Injectable, Logger } from '@nestjs/common';
import { deadLetterTopicOf, TOPIC_REGISTRY, type ConsoleDashboard, type ConsoleDeadLetter, type ConsoleDeadLetterList, type ConsoleHealth, type ConsoleReplayResponse, type ConsoleServiceHealth } from '@birth/contracts';
import { DeadLetterStore, type DeadLetter, type ReplayRecorder } from '@birth/messaging';
import { MessagingRuntime, ReferenceData } from '@birth/platform';
import { ConsoleAudit, type ConsoleUser } from '../console-auth';
import { consoleError, ConsoleRejection } from './console-errors';
import { ConsoleUpstreams } from './console-upstreams';
import { dashboardOf, TREND_DAYS, type SagaSla, type SagaStats } from './domain/dashboard';
import { parseExposition, perSecond, pipelineFigures, type PipelineFigures } from './domain/prometheus-text';

const TOPIC_NAMES = new Set(TOPIC_REGISTRY.map((t) => t.name));
/** `<registry topic>:<partition>:<offset>` of the dead-letter topic's message. */
const DEAD_LETTER_ID = /^([a-z0-9.-]+):(\d{1,5}):(\d{1,19})$/;
const HEALTH_TIMEOUT_MS = 3_000;
/** An earlier scrape older than this gives no rate (it would average over too long). */
const RATE_WINDOW_MS = 5 * 60_000;

function unknownTopic(field: string): ConsoleRejection {
  return new ConsoleRejection(400, [consoleError(field, 'UNKNOWN_TOPIC', '不是本系统的主题名（如 birth.registered.v1）', 'Not a topic of the platform (e.g. birth.registered.v1)')]);
}

/**
 * What operators read: the SLA dashboard (from the saga), the pipeline's health (each service's
 * /metrics and readiness) and the dead letters (masked), with an audited replay. Nothing here
 * carries personal data: the saga holds none, dead letters are masked by DeadLetterStore.
 */
@Injectable()
export class ConsoleOperations {
  private readonly logger = new Logger('ConsoleOperations');
  private readonly lastScrape = new Map<string, { figures: PipelineFigures; at: number }>();
  private readonly deadLetters: DeadLetterStore;

  constructor(
    private readonly upstreams: ConsoleUpstreams,
    private readonly referenceData: ReferenceData,
    private readonly messaging: MessagingRuntime,
    private readonly audit: ConsoleAudit,
  ) {
    this.deadLetters = new DeadLetterStore(messaging.bus);
  }

  async dashboard(): Promise<ConsoleDashboard> {
    const [stats, sla] = await Promise.all([
      this.upstreams.get<SagaStats>('saga', '/internal/cases/stats', { actor: 'console-dashboard' }),
      this.upstreams.get<SagaSla>('saga', `/internal/cases/sla?limit=500&days=${TREND_DAYS}`, { actor: 'console-dashboard' }),
    ]);
    if (!stats.ok || !sla.ok) throw new ConsoleRejection(502, [consoleError('request', 'UPSTREAM_UNAVAILABLE', 'case-saga 服务暂时无法应答，请稍后再试', 'The case-saga service did not answer; try again shortly')]);
    return dashboardOf(stats.body, sla.body, (from, to) => this.referenceData.calendar.workingDaysBetween(from, to), new Date());
  }

  async health(): Promise<ConsoleHealth> {
    const services = await Promise.all(this.upstreams.metricsTargets.map((t) => this.serviceHealth(t.service, t.url)));
    return { checkedAt: new Date().toISOString(), services };
  }

  private async serviceHealth(service: string, url: string): Promise<ConsoleServiceHealth> {
    const health: ConsoleServiceHealth = { service, up: false, ready: false, consumedPerSecond: null, publishedPerSecond: null, consumerLag: null, deadLetters: null, outboxBacklog: null, error: null };
    try {
      const ready = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
      health.up = true;
      health.ready = ready.ok;
      await ready.body?.cancel();
      const metrics = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
      if (!metrics.ok) {
        health.error = `metrics answered ${metrics.status}`;
        await metrics.body?.cancel();
        return health;
      }
      const figures = pipelineFigures(parseExposition(await metrics.text()));
      const at = Date.now();
      const earlier = this.lastScrape.get(service);
      const recent = earlier && at - earlier.at <= RATE_WINDOW_MS ? earlier : undefined;
      this.lastScrape.set(service, { figures, at });
      health.consumedPerSecond = perSecond(recent && { value: recent.figures.consumed, at: recent.at }, { value: figures.consumed, at });
      health.publishedPerSecond = perSecond(recent && { value: recent.figures.published, at: recent.at }, { value: figures.published, at });
      health.consumerLag = figures.consumerLag;
      health.deadLetters = figures.deadLetters;
      health.outboxBacklog = figures.outboxBacklog;
    } catch (error) {
      health.error = error instanceof Error ? error.name : 'unreachable';
    }
    return health;
  }

  async listDeadLetters(topic: unknown, limit: unknown): Promise<ConsoleDeadLetterList> {
    if (typeof topic !== 'string' || !TOPIC_NAMES.has(topic)) throw unknownTopic('topic');
    let max = 100;
    if (limit !== undefined) {
      if (typeof limit !== 'string' || !/^\d{1,3}$/.test(limit) || Number(limit) < 1 || Number(limit) > 500) {
        throw new ConsoleRejection(400, [consoleError('limit', 'INVALID_LIMIT', '条数须为1至500', 'limit must be 1 to 500')]);
      }
      max = Number(limit);
    }
    const letters = await this.deadLetters.list(this.dlqTopicOf(topic));
    // The newest last on the topic: show the latest `max`, newest first.
    return { topic, deadLetters: letters.slice(-max).reverse().map((l) => consoleLetterOf(topic, l)) };
  }

  /** Re-publishes one dead letter to its topic; the console's audit log says who, why, which message, and how it went. */
  async replay(user: ConsoleUser, id: string, reason: string): Promise<ConsoleReplayResponse> {
    const match = DEAD_LETTER_ID.exec(id);
    if (!match) throw new ConsoleRejection(400, [consoleError('id', 'INVALID_DEAD_LETTER_ID', '死信编号应为 主题:分区:偏移量', 'A dead letter id is topic:partition:offset')]);
    const [, topic, partition, offset] = match as unknown as [string, string, string, string];
    if (!TOPIC_NAMES.has(topic)) throw unknownTopic('id');
    const recorder: ReplayRecorder = {
      before: async (letters) => {
        const l = letters[0]!;
        await this.audit.record({ user, action: 'dead-letter.replay', reason, detail: { topic, id, originalTopic: l.originalTopic, messageId: l.messageId, code: l.code } });
      },
      after: async (outcome) => {
        if (outcome !== 'sent') await this.audit.record({ user, action: 'dead-letter.replay-failed', reason, detail: { topic, id } });
      },
    };
    let replayed: DeadLetter[];
    try {
      replayed = await this.deadLetters.replay(this.dlqTopicOf(topic), [`${partition}:${offset}`], recorder);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('no dead letter')) {
        throw new ConsoleRejection(404, [consoleError('id', 'DEAD_LETTER_NOT_FOUND', '没有该死信', 'No such dead letter')]);
      }
      this.logger.warn(`replay of a dead letter of ${topic} failed: ${error instanceof Error ? error.name : 'error'}`);
      throw new ConsoleRejection(502, [consoleError('request', 'UPSTREAM_UNAVAILABLE', 'Kafka 暂时无法应答，请稍后再试', 'Kafka did not answer; try again shortly')]);
    }
    return { id, replayedTo: replayed[0]?.originalTopic ?? topic };
  }

  private dlqTopicOf(topic: string): string {
    return deadLetterTopicOf(this.messaging.topicNamer.physical(topic));
  }
}

function consoleLetterOf(topic: string, l: DeadLetter): ConsoleDeadLetter {
  return {
    id: `${topic}:${l.id}`,
    dlqTopic: l.dlqTopic,
    originalTopic: l.originalTopic,
    consumerGroup: l.consumerGroup,
    code: l.code,
    reason: l.reason,
    attempts: l.attempts,
    failedAt: l.failedAt,
    messageId: l.messageId,
    maskedValue: l.maskedValue,
  };
}
