import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { chinaDayOf, formatChinaDay } from '@birth/calendar';
import type { BirthCertificateItemChangedV1, BirthRegisteredV1, EventEnvelope } from '@birth/contracts';
import { ItemCommands, ItemRecorder, ReferenceData, type ItemChange, type ItemRecord, type PendingPrerequisite } from '@birth/platform';
import { EnrolmentWindows } from '../enrolment-window/enrolment-windows';
import { coverageStart, firstYearContributionFen } from './domain/coverage';
import { decideEligibility, type EligibilityDecision } from './domain/eligibility';
import type { InsuranceFacts } from './enrolment-facts';

/** The certificate facts enrolment needs, kept as a pending prerequisite when they come first. */
interface CertificateIssued {
  certificateNumber: string | null;
  issuedAt: string | null;
}

/** The pending-prerequisite kind of a correction that came before the birth. */
const CORRECTION = 'correction';

export type PaymentOutcome = { ok: true; item: ItemRecord<InsuranceFacts> } | { ok: false; code: 'ITEM_NOT_FOUND' | 'NOT_ENROLLED' };

/**
 * The medical insurance use cases, each inside the caller's transaction (the inbox's, or a
 * request's): decide at the birth, enrol on the certificate, record the contribution, undo.
 */
@Injectable()
export class EnrolmentService {
  readonly commands: ItemCommands<InsuranceFacts>;

  constructor(
    private readonly items: ItemRecorder<InsuranceFacts>,
    private readonly windows: EnrolmentWindows,
    private readonly referenceData: ReferenceData,
  ) {
    this.commands = new ItemCommands(items, {
      // Nothing here waits on a person or a number: a stuck item can only be one whose certificate is already known.
      retryStep: async (manager, item) => {
        if (item.state === 'waiting' && item.facts.certificateNumber) await this.enrol(manager, item, { certificateNumber: item.facts.certificateNumber, issuedAt: item.prerequisitesMetAt });
      },
      revoke: async (_manager, item) => (item.state === 'done' ? { facts: { enrolmentEndedAt: new Date().toISOString() } } : {}),
    });
  }

  /** birth.registered.v1 with medical-insurance applied for: eligibility at once, the window and contribution with it. */
  async onBirth(manager: EntityManager, caseId: string, event: EventEnvelope<BirthRegisteredV1>): Promise<void> {
    const birth = event.payload;
    const eligibility = this.eligibilityOf(birth);
    if (!eligibility.decision.eligible) {
      const opened = await this.items.open(manager, caseId, { ...rejection(eligibility.decision), ruleVersion: String(eligibility.version), prerequisitesMetAt: birth.acceptedAt });
      if (opened.opened) await this.commands.applyPending(manager, opened, async (item) => item);
      return;
    }
    const { decision } = eligibility;
    // The window, decided once per case with the rules in effect on the acceptance date (enrolment_windows).
    const window = await this.windows.record(manager, event);
    const rules = this.referenceData.rulesFor(birth.hospital.regionCode, window.appliedOn, { version: window.policyVersion }).values.medicalInsurance;
    const opened = await this.items.open(manager, caseId, {
      change: 'waiting',
      state: 'waiting',
      waitingFor: ['birth-certificate'],
      ruleVersion: String(window.policyVersion),
      facts: {
        outcome: null,
        city: decision.city,
        eligibilityBasis: decision.basis,
        bornOn: window.bornOn,
        appliedOn: window.appliedOn,
        onTime: window.onTime,
        coverageStart: coverageStart(window, rules),
        provisional: window.provisional,
        contributionFen: firstYearContributionFen(rules.firstYearContributionFenByYear, window.bornOn),
        contributionPaidAt: null,
      },
    });
    if (opened.opened) await this.commands.applyPending(manager, opened, (item, pending) => this.enrolFromPending(manager, item, pending));
  }

  /**
   * birth.corrected.v1: a correction of the parents' places or the chosen parent re-decides the
   * eligibility of an item still waiting for its certificate (rejected when no longer eligible).
   * An enrolled or rejected item keeps its outcome. Before the birth it is kept, and applied after it.
   */
  async onCorrection(manager: EntityManager, caseId: string, application: BirthRegisteredV1): Promise<void> {
    const item = await this.items.lockOrKeep(manager, caseId, { kind: CORRECTION, facts: application });
    if (item) await this.recheck(manager, item, application);
  }

  /** birth-certificate.item-changed.v1 issued (or reissued): enrol, or keep it until the birth opens the item. */
  async onCertificate(manager: EntityManager, caseId: string, certificate: BirthCertificateItemChangedV1): Promise<void> {
    const facts: CertificateIssued = { certificateNumber: certificate.certificateNumber, issuedAt: certificate.issuedAt ?? certificate.item.changedAt };
    const item = await this.items.lockOrKeep(manager, caseId, { kind: 'birth-certificate', facts });
    if (item) await this.enrol(manager, item, facts);
  }

  /** The first-year contribution recorded as paid (the CLI through the internal API); the item's state does not change. */
  async recordPayment(manager: EntityManager, caseId: string, paidAt: string): Promise<PaymentOutcome> {
    const item = await this.items.lock(manager, caseId);
    if (!item) return { ok: false, code: 'ITEM_NOT_FOUND' };
    if (item.state !== 'done' || item.facts.outcome !== 'enrolled') return { ok: false, code: 'NOT_ENROLLED' };
    if (item.facts.contributionPaidAt) return { ok: true, item };
    const applied = await this.items.apply(manager, item, { change: 'contribution-paid', state: 'done', facts: { contributionPaidAt: paidAt } });
    return { ok: true, item: applied.item };
  }

  private async enrolFromPending(manager: EntityManager, item: ItemRecord<InsuranceFacts>, pending: PendingPrerequisite): Promise<ItemRecord<InsuranceFacts>> {
    if (pending.kind === CORRECTION) return this.recheck(manager, item, pending.facts as unknown as BirthRegisteredV1, pending.cause);
    return this.enrol(manager, item, pending.facts as unknown as CertificateIssued, pending.cause);
  }

  private eligibilityOf(birth: BirthRegisteredV1): { decision: EligibilityDecision; version: number } {
    const rules = this.referenceData.rulesFor(birth.hospital.regionCode, chinaDate(birth.newborn.bornAt));
    const decision = decideEligibility(
      {
        hospitalRegionCode: birth.hospital.regionCode,
        hukouParent: birth.application.hukouParent,
        settlementRegionCode: birth.application.settlementRegionCode ?? null,
        mother: birth.mother,
        father: birth.father ?? null,
      },
      rules.values.medicalInsurance.eligibility,
    );
    return { decision, version: rules.version };
  }

  private async recheck(manager: EntityManager, item: ItemRecord<InsuranceFacts>, application: BirthRegisteredV1, cause?: string | null): Promise<ItemRecord<InsuranceFacts>> {
    if (item.state !== 'waiting') return item;
    const { decision } = this.eligibilityOf(application);
    const change = decision.eligible
      ? { change: 'waiting', state: 'waiting' as const, waitingFor: item.waitingFor, facts: { eligibilityBasis: decision.basis } }
      : rejection(decision);
    return (await this.items.apply(manager, item, { ...change, cause })).item;
  }

  /** Enrolment needs the certificate, not the hukou (DOMAIN.md §5): done at once, coverage as decided at the birth. */
  private async enrol(manager: EntityManager, item: ItemRecord<InsuranceFacts>, certificate: CertificateIssued, cause?: string | null): Promise<ItemRecord<InsuranceFacts>> {
    if (item.state !== 'waiting') return item;
    const applied = await this.items.apply(manager, item, {
      change: 'enrolled',
      state: 'done',
      prerequisitesMetAt: certificate.issuedAt,
      facts: { outcome: 'enrolled', certificateNumber: certificate.certificateNumber, enrolledAt: new Date().toISOString() },
      cause,
    });
    return applied.item;
  }
}

/** The opening or the move of a newborn not eligible in the city. */
function rejection(decision: Extract<EligibilityDecision, { eligible: false }>): ItemChange<InsuranceFacts> {
  return {
    change: 'rejected',
    state: 'rejected',
    reasonCode: decision.reasonCode,
    reason: decision.reason,
    facts: { outcome: 'rejected', city: decision.city, referredTo: decision.referredTo, eligibilityBasis: null, coverageStart: null, contributionFen: null, provisional: false },
  };
}

function chinaDate(instant: string): string {
  return formatChinaDay(chinaDayOf(new Date(instant)));
}
