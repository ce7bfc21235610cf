import type { EntityManager } from 'typeorm';
import { Topics, type ApplicationItem, type CommandTopicDefinition, type RetryStepCommandV1, type RevokeCommandV1 } from '@birth/contracts';
import type { PublishRequest } from '@birth/messaging';
import type { CaseTimeline } from '../ports/step-clock-port';
import { TimerScheduler, type FiredTimer, type TimerHandler, type TimerKind } from '../timers';
import { chinaInstant, workingDaysLeft } from './domain/step-clock';
import { STOPPED_STATES } from './domain/step-plan';
import { atRiskEvent, breachedEvent, escalatedEvent } from './sla-events';
import type { SlaDependencies } from './sla-step-clocks';
import { StepClockStore, type StoredClock } from './step-clock-store';

type DepartmentCommand = RetryStepCommandV1 | RevokeCommandV1;

/** Each item's department takes its commands on `<service>.commands.v1`. */
const COMMAND_TOPIC: Record<ApplicationItem, CommandTopicDefinition<DepartmentCommand>> = {
  'birth-certificate': Topics.birthCertificateCommandsV1 as CommandTopicDefinition<DepartmentCommand>,
  'household-registration': Topics.householdRegistrationCommandsV1 as CommandTopicDefinition<DepartmentCommand>,
  'medical-insurance': Topics.medicalInsuranceCommandsV1 as CommandTopicDefinition<DepartmentCommand>,
  'social-security-card': Topics.socialSecurityCardCommandsV1 as CommandTopicDefinition<DepartmentCommand>,
  'maternity-allowance': Topics.maternityAllowanceCommandsV1 as CommandTopicDefinition<DepartmentCommand>,
};

const isPaused = (clock: StoredClock) => clock.pauses.some((pause) => pause.to === null);
/** The clock counts: started, not done, not voided, not waiting for the applicant. */
const isRunning = (clock: StoredClock) => clock.startedAt !== null && clock.deadline !== null && clock.voidedAt === null && !STOPPED_STATES.includes(clock.state) && !isPaused(clock);
/** Still in progress with its clock running: a stuck timer's reason holds. */
const isStuck = (clock: StoredClock) => isRunning(clock) && clock.state === 'in_progress';
/** Voided and not revoked yet: a compensation timer's reason holds. */
const isUnrevoked = (clock: StoredClock) => clock.voidedAt !== null && clock.state !== 'revoked';

/**
 * What the SLA's timers do when they fire, in the tick's transaction (TimerTicker): each kind
 * re-reads the step's clock (locked) and acts only if the reason still holds, so a step that
 * moved on in the meantime is left alone. Events and commands go through the outbox.
 */
export class SlaTimerHandlers {
  private readonly store = new StepClockStore();
  private readonly scheduler = new TimerScheduler();

  constructor(
    private readonly deps: SlaDependencies,
    private readonly timeline: CaseTimeline,
  ) {}

  handlers(): Record<TimerKind, TimerHandler> {
    return {
      'at-risk': (manager, timers) => this.atRisk(manager, timers),
      breach: (manager, timers) => this.breach(manager, timers),
      stuck: (manager, timers) => this.command(manager, timers, 'retry-step'),
      'stuck-escalation': (manager, timers) => this.escalate(manager, timers, 'step-stuck'),
      'compensation-due': (manager, timers) => this.command(manager, timers, 'revoke'),
      'compensation-escalation': (manager, timers) => this.escalate(manager, timers, 'compensation-unconfirmed'),
    };
  }

  private async atRisk(manager: EntityManager, timers: FiredTimer[]): Promise<void> {
    const fired = await this.clocksOf(manager, timers, (clock) => isRunning(clock) && !clock.atRisk);
    // `notified`: re-armed after a pause, the event was sent the first time (once per step).
    const first = fired.filter(([, timer]) => timer.payload['notified'] !== true);
    await this.publish(
      manager,
      first.map(([clock, timer]) => ({
        topic: Topics.caseSlaAtRiskV1,
        key: clock.caseId,
        caseId: clock.caseId,
        payload: atRiskEvent(clock, workingDaysLeft(this.deps.calendar, timer.firedAt, clock.lastWorkingDay!), timer.firedAt),
      })),
      this.store.markAtRisk(fired.map(([clock]) => clock)),
    );
    await this.timeline.recordAll(
      manager,
      fired.map(([clock, timer]) => ({
        caseId: clock.caseId,
        at: timer.firedAt.toISOString(),
        type: 'sla-at-risk',
        cause: `${clock.item}: deadline ${chinaInstant(new Date(clock.deadline!))}${timer.payload['notified'] === true ? ' (again, after a pause)' : ''}`,
      })),
    );
  }

  private async breach(manager: EntityManager, timers: FiredTimer[]): Promise<void> {
    const fired = await this.clocksOf(manager, timers, (clock, timer) => isRunning(clock) && clock.breachedAt === null && Date.parse(clock.deadline!) <= timer.firedAt.getTime());
    await this.publish(
      manager,
      fired.map(([clock, timer]) => ({ topic: Topics.caseSlaBreachedV1, key: clock.caseId, caseId: clock.caseId, payload: breachedEvent(clock, timer.firedAt) })),
      this.store.markBreached(
        fired.map(([clock]) => clock),
        fired.map(([, timer]) => timer.firedAt.toISOString()),
      ),
    );
    await this.timeline.recordAll(
      manager,
      fired.map(([clock, timer]) => ({
        caseId: clock.caseId,
        at: timer.firedAt.toISOString(),
        type: 'sla-breached',
        cause: `${clock.item}: deadline ${chinaInstant(new Date(clock.deadline!))} passed, responsible ${clock.item}`,
      })),
    );
  }

  /** `retry-step` to a stuck step's service, `revoke` to a voided case's step not revoked yet; the escalation timer follows. */
  private async command(manager: EntityManager, timers: FiredTimer[], command: DepartmentCommand['command']): Promise<void> {
    const fired = await this.clocksOf(manager, timers, command === 'retry-step' ? isStuck : isUnrevoked);
    const escalation: TimerKind = command === 'retry-step' ? 'stuck-escalation' : 'compensation-escalation';
    const after = command === 'retry-step' ? this.deps.settings.stuckEscalateAfterMs : this.deps.settings.revokeEscalateAfterMs;
    for (const [clock, timer] of fired) {
      await this.deps.publisher.sendCommand(manager, {
        topic: COMMAND_TOPIC[clock.item],
        caseId: clock.caseId,
        command: { command, reasonCode: command === 'retry-step' ? 'STEP_STUCK' : 'BIRTH_VOIDED', note: `case-saga ${timer.kind} timer, attempt ${timer.attempts}` },
      });
      await this.scheduler.schedule(manager, { caseId: clock.caseId, step: clock.item, kind: escalation, dueAt: new Date(timer.firedAt.getTime() + after) }, { rearm: true });
    }
    await this.timeline.recordAll(
      manager,
      fired.map(([clock, timer]) => ({ caseId: clock.caseId, at: timer.firedAt.toISOString(), type: `${command}-sent`, cause: `${clock.item}: ${timer.kind} timer` })),
    );
    await this.store.countCommand(manager, fired.map(([clock]) => clock));
  }

  private async escalate(manager: EntityManager, timers: FiredTimer[], reason: 'step-stuck' | 'compensation-unconfirmed'): Promise<void> {
    const fired = await this.clocksOf(manager, timers, reason === 'step-stuck' ? isStuck : isUnrevoked);
    await this.publish(
      manager,
      fired.map(([clock, timer]) => ({
        topic: Topics.caseStepEscalatedV1,
        key: clock.caseId,
        caseId: clock.caseId,
        payload: escalatedEvent(clock, reason, timer.firedAt, clock.commandsSent),
      })),
    );
    await this.timeline.recordAll(
      manager,
      fired.map(([clock, timer]) => ({ caseId: clock.caseId, at: timer.firedAt.toISOString(), type: 'step-escalated', cause: `${clock.item}: ${reason}` })),
    );
  }

  /** The fired timers' clocks, locked, paired with their timer, where `holds` still holds. */
  private async clocksOf(manager: EntityManager, timers: FiredTimer[], holds: (clock: StoredClock, timer: FiredTimer) => boolean): Promise<[StoredClock, FiredTimer][]> {
    const withStep = timers.filter((timer) => timer.step !== null);
    const clocks = await this.store.lock(
      manager,
      withStep.map((timer) => ({ caseId: timer.caseId, item: timer.step! })),
    );
    const byKey = new Map(clocks.map((clock) => [`${clock.caseId}/${clock.item}`, clock]));
    const pairs: [StoredClock, FiredTimer][] = [];
    for (const timer of withStep) {
      const clock = byKey.get(`${timer.caseId}/${timer.step}`);
      if (clock && holds(clock, timer)) pairs.push([clock, timer]);
    }
    return pairs;
  }

  /** Events through the outbox, with the clocks' marks (`alongside`) in the same statement. */
  private async publish(manager: EntityManager, requests: PublishRequest<object>[], alongside?: { sql: string; params: unknown[] }): Promise<void> {
    if (requests.length > 0) await this.deps.publisher.publishAll(manager, requests, alongside);
    else if (alongside && (alongside.params[0] as unknown[]).length > 0) await manager.query(`WITH ${alongside.sql} SELECT count(*) FROM marked`, alongside.params);
  }
}
