import type { EntityManager } from 'typeorm';
import type { BenefitSummaryV1, BirthRegisteredV1, EventEnvelope, MaternityAllowanceClaimChangedV1 } from '@birth/contracts';
import { StepClocks, type StepSnapshot } from '../ports/step-clock-port';
import { CaseNotifications } from './case-notifications';
import { CaseStore, type CaseRow } from './case-store';
import { CaseTimelineStore } from './case-timeline.store';
import { caseAtRisk, caseStateOf } from './domain/case-state';
import { paidNotifications, stepNotification, type NotificationRequest } from './domain/notifications';
import { unreportedStep, type Step } from './domain/step';
import { applyChange, compensatesOnClaim, isNews, leftClaimChange, type StepChange } from './domain/step-change';

/** Where a change came from, for the timeline's cause. */
export interface ChangeSource {
  messageId: string;
  messageType: string;
}

/** What a claim's `paid` change tells the family, carried with the change of each case it names. */
interface PaidFacts {
  benefits: BenefitSummaryV1[];
  firstCaseOfClaim: boolean;
}

/** A change that arrived before its case's birth, as parked (`pending_case_changes.change`). */
type ParkedChange = { kind: 'step'; change: StepChange; paid: PaidFacts | null } | { kind: 'void'; voidedAt: string };

/**
 * The case projection (issue 13, "The case"): opens the case on its birth, mirrors each
 * department's item block into the case's steps, voids it, and keeps its state, timeline,
 * notifications and SLA flags. Every method runs in the inbox's transaction and tells the SLA
 * side (StepClocks) in that same transaction.
 */
export class CaseProjection {
  constructor(
    private readonly store: CaseStore,
    private readonly timeline: CaseTimelineStore,
    private readonly notifications: CaseNotifications,
    private readonly clocks: StepClocks,
  ) {}

  /** `birth.registered.v1`: the case opens with one step per item applied for; changes that came first apply now. */
  async open(manager: EntityManager, event: EventEnvelope<BirthRegisteredV1>, caseId: string): Promise<void> {
    const birth = event.payload;
    await this.store.lock(manager, caseId);
    const opened = await this.store.open(manager, {
      caseId,
      caseNumber: birth.caseNumber,
      hospitalId: birth.hospital.institutionId,
      regionCode: birth.hospital.regionCode,
      birthRecordId: birth.birthRecordId,
      deliveryId: birth.deliveryId,
      items: birth.application.items,
      acceptedAt: birth.acceptedAt,
      messageId: event.id,
    });
    if (!opened) return;
    const row = (await this.store.find(manager, caseId))!;
    await this.timeline.record(manager, caseId, {
      at: row.acceptedAt,
      type: 'case-opened',
      cause: `${event.type} ${event.id}: ${birth.application.items.length} items applied for (${birth.application.items.join(', ')})`,
    });
    for (const item of birth.application.items) {
      const step = unreportedStep(item, row.acceptedAt);
      await this.store.saveStep(manager, caseId, step, null);
      await this.clocks.onStepChanged(manager, null, this.snapshot(row, step));
    }
    for (const parked of await this.store.takeParked<ParkedChange>(manager, caseId)) {
      const source = { messageId: parked.messageId, messageType: parked.messageType };
      if (parked.change.kind === 'void') await this.voidOpen(manager, row, parked.change.voidedAt, source);
      else await this.applyToOpen(manager, (await this.store.find(manager, caseId))!, parked.change.change, parked.change.paid, source);
    }
    await this.refresh(manager, caseId);
  }

  /** A department's `<service>.item-changed.v1` for the case. */
  async applyDepartmentChange(manager: EntityManager, caseId: string, change: StepChange, source: ChangeSource): Promise<void> {
    await this.apply(manager, caseId, change, null, source);
  }

  /**
   * `maternity-allowance.claim-changed.v1`: the change applies to every case the claim names; a
   * case whose step showed the claim and is no longer named (a voided twin) has its step compensated.
   */
  async applyClaimChange(manager: EntityManager, claim: MaternityAllowanceClaimChangedV1, source: ChangeSource): Promise<void> {
    const block = { ...claim.item, prerequisitesMetAt: claim.item.prerequisitesMetAt ?? claim.acceptedAt ?? null };
    const change: StepChange = { item: 'maternity-allowance', change: claim.change, block, claimId: claim.claimId, compensates: compensatesOnClaim(claim.change, block) };
    const named = [...claim.caseIds].map((id) => id.toLowerCase());
    for (const caseId of [...named].sort()) {
      await this.apply(manager, caseId, change, { benefits: claim.benefits, firstCaseOfClaim: caseId === named[0] }, source);
    }
    for (const caseId of await this.store.casesShowingClaim(manager, claim.claimId)) {
      if (!named.includes(caseId)) await this.apply(manager, caseId, leftClaimChange(claim.claimId, block), null, source);
    }
  }

  /** `birth.voided.v1`: the case is voided; every step is tracked until its department confirms the compensation. */
  async void(manager: EntityManager, caseId: string, voidedAt: string, source: ChangeSource): Promise<void> {
    await this.store.lock(manager, caseId);
    const row = await this.store.find(manager, caseId);
    if (!row) return this.store.park(manager, caseId, source.messageId, source.messageType, { kind: 'void', voidedAt } satisfies ParkedChange);
    await this.voidOpen(manager, row, voidedAt, source);
    await this.refresh(manager, caseId);
  }

  private async apply(manager: EntityManager, caseId: string, change: StepChange, paid: PaidFacts | null, source: ChangeSource): Promise<void> {
    await this.store.lock(manager, caseId);
    const row = await this.store.find(manager, caseId);
    if (!row) return this.store.park(manager, caseId, source.messageId, source.messageType, { kind: 'step', change, paid } satisfies ParkedChange);
    if (await this.applyToOpen(manager, row, change, paid, source)) await this.refresh(manager, caseId);
  }

  /** Applies the change to an opened case's step; false when it is no news (older, or the same again). */
  private async applyToOpen(manager: EntityManager, row: CaseRow, change: StepChange, paid: PaidFacts | null, source: ChangeSource): Promise<boolean> {
    const steps = await this.store.steps(manager, row.caseId);
    const before = steps.find((s) => s.item === change.item) ?? null;
    if (!isNews(before, change)) return false;
    const after = applyChange(before, change);
    await this.store.saveStep(manager, row.caseId, after, source.messageId);
    const compensatedNow = after.compensatedAt !== null && before?.compensatedAt == null && row.state === 'voided';
    await this.timeline.record(manager, row.caseId, {
      at: after.changedAt,
      type: compensatedNow ? 'step-compensated' : 'step-changed',
      cause: `${after.item} ${change.change}: ${after.state}${after.reasonCode ? ` ${after.reasonCode}` : ''}${after.waitingFor.length ? ` waiting for ${after.waitingFor.join(', ')}` : ''} (${source.messageType} ${source.messageId})`,
    });
    await this.clocks.onStepChanged(manager, before ? this.snapshot(row, before) : null, this.snapshot(row, after));
    const voided = row.state === 'voided';
    const requests: NotificationRequest[] = [];
    const forStep = stepNotification(before, after, voided);
    if (forStep) requests.push(forStep);
    if (paid) requests.push(...paidNotifications(change.change, paid.benefits, paid.firstCaseOfClaim, voided));
    for (const request of requests) await this.notify(manager, row, request, source);
    return true;
  }

  private async voidOpen(manager: EntityManager, row: CaseRow, voidedAt: string, source: ChangeSource): Promise<void> {
    if (row.state === 'voided') return;
    await this.store.update(manager, row.caseId, { state: 'voided', voidedAt, completedAt: null, atRisk: false });
    const steps = await this.store.steps(manager, row.caseId);
    for (const step of steps.filter((s) => s.state === 'revoked' && !s.compensatedAt)) {
      await this.store.saveStep(manager, row.caseId, { ...step, compensatedAt: step.changedAt }, null);
    }
    await this.timeline.record(manager, row.caseId, {
      at: voidedAt,
      type: 'case-voided',
      cause: `birth voided by the hospital (${source.messageType} ${source.messageId}); compensation awaited from ${steps.filter((s) => s.state !== 'revoked').map((s) => s.item).join(', ') || 'no step'}`,
    });
    const voidedRow: CaseRow = { ...row, state: 'voided', voidedAt };
    await this.clocks.onCaseVoided(manager, row.caseId, voidedAt, steps.map((s) => this.snapshot(voidedRow, s)));
  }

  private async notify(manager: EntityManager, row: CaseRow, request: NotificationRequest, source: ChangeSource): Promise<void> {
    if (!row.caseNumber) return;
    const requestedAt = new Date().toISOString();
    if (await this.notifications.request(manager, row.caseId, row.caseNumber, request, requestedAt)) {
      await this.timeline.record(manager, row.caseId, { at: requestedAt, type: 'notification-requested', cause: `${request.event} ${request.item} by ${request.template} (${source.messageType} ${source.messageId})` });
    }
  }

  /** The case's state from its steps, and its SLA flags from the clocks, after a change. */
  private async refresh(manager: EntityManager, caseId: string): Promise<void> {
    const row = (await this.store.find(manager, caseId))!;
    const steps = await this.store.steps(manager, caseId);
    const state = caseStateOf(row.state === 'voided', steps.map((s) => s.state));
    const clocks = await this.clocks.clocksOf(manager, [caseId]);
    const atRisk = caseAtRisk(state, steps.map((s) => ({ state: s.state, atRisk: clocks.some((c) => c.item === s.item && c.atRisk) })));
    const breached = row.breached || clocks.some((c) => c.breachedAt !== null);
    if (state === row.state && atRisk === row.atRisk && breached === row.breached) return;
    const finished = state === 'completed' || state === 'completed_with_rejections';
    const lastChange = steps.map((s) => s.changedAt).sort().at(-1) ?? row.acceptedAt;
    await this.store.update(manager, caseId, { state, atRisk, breached, ...(state !== row.state && state !== 'voided' ? { completedAt: finished ? lastChange : null } : {}) });
    if (state !== row.state) {
      await this.timeline.record(manager, caseId, { at: lastChange, type: finished ? 'case-completed' : 'case-reopened', cause: finished ? `every step finished: case ${state}` : 'a finished step moved on: case open again' });
    }
  }

  private snapshot(row: CaseRow, step: Step): StepSnapshot {
    return {
      caseId: row.caseId,
      item: step.item,
      state: step.state,
      waitingFor: step.waitingFor,
      reasonCode: step.reasonCode,
      prerequisitesMetAt: step.prerequisitesMetAt,
      changedAt: step.changedAt,
      regionCode: row.regionCode ?? '',
      ruleVersion: step.ruleVersion,
    };
  }
}
