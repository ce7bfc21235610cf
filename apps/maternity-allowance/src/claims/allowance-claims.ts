import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { chinaDayOf, formatChinaDay } from '@birth/calendar';
import type { Beneficiary, BirthRegisteredV1, ClaimChange } from '@birth/contracts';
import { ReferenceData } from '@birth/platform';
import { decideMaternityLeave, decidePaternityLeave, type BenefitDecision, type RulesLookup } from '../domain/benefit-decision';
import { acceptanceOf, babiesOf, benefitState, earliestOf, PAYMENT_IN_PROGRESS } from '../domain/claim-progress';
import { claimStatusOf } from '../domain/claim-status';
import { PaymentOrders, type PaymentOrderRequest } from '../ports/payment-port';
import { ClaimEvents } from './claim-events';
import { ClaimStore, type BenefitRecord, type ClaimCaseRecord, type ClaimRecord, type DecisionFacts } from './claim-records';

// The claim's life (issue 12, DOMAIN.md §7): opened "无感办" from the birth, one per (hospital,
// delivery) whatever the number and order of its cases' events; decided at once; accepted with
// proof of birth; paid through PaymentOrders in the same transaction; stopped by a void. Every
// entry point locks the case (and so its claim), changes what it must, then `settle` works out
// the benefits and the claim's status from the stored facts and writes one claim-changed when
// anything a reader sees changed. Repeating any message therefore changes nothing.

function chinaDateOf(instant: string): string {
  return formatChinaDay(chinaDayOf(new Date(instant)));
}

export interface SettleOptions {
  /** The change to publish; by default it follows from what changed. */
  change?: ClaimChange;
  /** The message (or request) that caused it, for the history. */
  cause: string | null;
  /** The claim opens with this change: published as `opened` while it waits, as its outcome otherwise. */
  opening?: boolean;
  /** Publish even when the summary a reader sees did not change (a mismatch, a payment). */
  force?: boolean;
  /** Why orders open (`ACCEPTED`, `RETRY_STEP`, …); `reopenAll`: ask again for every benefit being paid (idempotent). */
  orderCause?: string;
  reopenAll?: boolean;
  /** A corrected account for this beneficiary: a benefit awaiting the applicant resumes. */
  resume?: Beneficiary;
  /** Collect the order requests instead of opening them (payments opens them itself after a correction). */
  collectOrders?: PaymentOrderRequest[];
}

@Injectable()
export class AllowanceClaims {
  constructor(
    private readonly reference: ReferenceData,
    private readonly orders: PaymentOrders,
    private readonly events: ClaimEvents,
  ) {}

  /**
   * A registered birth: opens the delivery's claim, or adds the case to it. Only what was applied
   * for (issue 11). The same case again changes nothing. Facts about the case that came before
   * (a certificate, a void) are applied now.
   */
  async onBirth(manager: EntityManager, caseId: string, messageId: string, birth: BirthRegisteredV1): Promise<void> {
    if (!birth.application.items.includes('maternity-allowance')) return;
    await ClaimStore.lockKey(manager, caseId);
    await ClaimStore.lockKey(manager, `delivery:${birth.hospital.institutionId}/${birth.deliveryId}`);
    if (await ClaimStore.claimIdOfCase(manager, caseId)) return;
    let claimId = await ClaimStore.claimIdOfDelivery(manager, birth.hospital.institutionId, birth.deliveryId);
    const opening = claimId === null;
    if (claimId === null) {
      claimId = randomUUID();
      await ClaimStore.insertClaim(manager, {
        claimId,
        hospitalId: birth.hospital.institutionId,
        deliveryId: birth.deliveryId,
        status: { state: 'waiting', reasonCode: null, reason: null, waitingFor: ['birth-certificate'], prerequisitesMetAt: null, ruleVersion: null },
        decisionFacts: decisionFactsOf(birth),
      });
    }
    await ClaimStore.insertCase(manager, claimId, { caseId, caseAcceptedAt: birth.acceptedAt, plurality: birth.newborn.plurality }, messageId);
    if (opening) await this.decideBenefits(manager, claimId, caseId, birth);
    else await this.keepAccounts(manager, claimId, caseId, birth);
    for (const pending of await ClaimStore.takePending(manager, caseId)) {
      if (pending.kind === 'certificate') await ClaimStore.certificateIssued(manager, caseId, pending.facts.issuedAt!);
      else await ClaimStore.voidCase(manager, caseId, pending.facts.voidedAt!, pending.facts.reasonCode!);
    }
    await this.settle(manager, claimId, { cause: messageId, opening, orderCause: 'ACCEPTED' });
  }

  /** `birth-certificate.item-changed.v1` `issued`: proof of birth for the case's claim (kept if the birth is not here yet). */
  async onCertificateIssued(manager: EntityManager, caseId: string, issuedAt: string, messageId: string): Promise<void> {
    await ClaimStore.lockKey(manager, caseId);
    const claimId = await ClaimStore.claimIdOfCase(manager, caseId);
    if (!claimId) {
      await ClaimStore.keepPending(manager, caseId, 'certificate', { issuedAt }, messageId);
      return;
    }
    await ClaimStore.certificateIssued(manager, caseId, issuedAt);
    await this.settle(manager, claimId, { cause: messageId, orderCause: 'ACCEPTED' });
  }

  /**
   * `birth.voided.v1` or the `revoke` command: the case leaves the claim. The last case leaving
   * stops it: `cancelled` before any payment (orders not paid are closed), `recovery-required`
   * after one. A twin leaving changes the days. Before the birth: kept until it comes.
   */
  async onVoided(manager: EntityManager, caseId: string, voidedAt: string, reasonCode: string, messageId: string | null): Promise<void> {
    await ClaimStore.lockKey(manager, caseId);
    const claimId = await ClaimStore.claimIdOfCase(manager, caseId);
    if (!claimId) {
      await ClaimStore.keepPending(manager, caseId, 'void', { voidedAt, reasonCode }, messageId);
      return;
    }
    if (!(await ClaimStore.voidCase(manager, caseId, voidedAt, reasonCode))) return;
    await this.settle(manager, claimId, { cause: messageId, orderCause: 'DAYS_CHANGED' });
  }

  /** `retry-step`: ask payments again for every benefit being paid (idempotent: an open order stays the one). */
  async retryStep(manager: EntityManager, caseId: string, reasonCode: string, messageId: string): Promise<void> {
    await ClaimStore.lockKey(manager, caseId);
    const claimId = await ClaimStore.claimIdOfCase(manager, caseId);
    if (!claimId) return;
    const claim = await ClaimStore.find(manager, claimId, true);
    await ClaimStore.history(manager, claimId, { change: 'retry-step', state: claim!.status.state, reasonCode, caseIds: claim!.caseIds, cause: messageId });
    await this.settle(manager, claimId, { cause: messageId, orderCause: 'RETRY_STEP', reopenAll: true });
  }

  /** The mother's (first) and the father's benefits, decided at once from the first birth of the delivery. */
  private async decideBenefits(manager: EntityManager, claimId: string, caseId: string, birth: BirthRegisteredV1): Promise<void> {
    const facts = decisionFactsOf(birth);
    for (const decision of this.decide(facts, 1, null)) {
      const account = decision.beneficiary === 'mother' ? birth.mother.bankAccount : birth.father?.bankAccount;
      await ClaimStore.saveBenefit(manager, claimId, {
        ...recordOf(decision),
        state: 'waiting',
        sealedAccount: account ?? null,
        sealedForCase: account ? caseId : null,
        paidAt: null,
      });
    }
  }

  /** A later case of the delivery may bring an account the first one lacked: kept as received. */
  private async keepAccounts(manager: EntityManager, claimId: string, caseId: string, birth: BirthRegisteredV1): Promise<void> {
    for (const b of await ClaimStore.benefits(manager, claimId)) {
      const account = b.beneficiary === 'mother' ? birth.mother.bankAccount : birth.father?.bankAccount;
      if (b.sealedAccount === null && account) await ClaimStore.saveBenefit(manager, claimId, { ...b, sealedAccount: account, sealedForCase: caseId });
    }
  }

  private decide(facts: DecisionFacts, babies: number, pinnedVersion: number | null): BenefitDecision[] {
    const rulesOf: RulesLookup = (region) => this.reference.rulesFor(region, facts.bornOn, pinnedVersion === null ? {} : { version: pinnedVersion });
    const delivery = { livingChildrenBefore: facts.livingChildrenBefore ?? 0, babies, deliveryMode: facts.deliveryMode, difficultBirth: facts.difficultBirth };
    const decisions = [decideMaternityLeave(facts.mother, delivery, rulesOf)];
    if (facts.father) decisions.push(decidePaternityLeave(facts.father, facts.coupleLivesApart, rulesOf));
    return decisions;
  }

  /**
   * Works the claim out again from its stored facts: the cases still in it, the number of babies
   * (days per extra baby), the acceptance, each benefit's state, the orders to open or reopen,
   * the claim's status; then saves and publishes once if a reader would see a difference.
   */
  async settle(manager: EntityManager, claimId: string, options: SettleOptions): Promise<void> {
    const before = (await ClaimStore.find(manager, claimId, true))!;
    const cases = await ClaimStore.cases(manager, claimId);
    const stored = await ClaimStore.benefits(manager, claimId);
    const live = cases.filter((c) => c.voidedAt === null);
    const acceptedAt = live.length > 0 ? acceptanceOf(cases) : before.acceptedAt;

    const claim: ClaimRecord = { ...before, caseIds: live.map((c) => c.caseId), acceptedAt };
    let benefits = stored;
    let change = options.change;
    const toOpen: BenefitRecord[] = [];
    let reopen = false;

    if (before.cancelledReason === null && !before.recoveryRequired) {
      if (live.length === 0) {
        // The last case left: stop. Money already out is a clerk's to recover, never reversed silently.
        const paid = stored.some((b) => b.paidAt !== null);
        await this.orders.closeUnpaid(manager, claimId, paid ? 'BIRTH_VOIDED_AFTER_PAYMENT' : 'BIRTH_VOIDED');
        const reason = lastVoidReason(cases);
        benefits = stored.map((b) => (b.paidAt === null && isActive(b) ? { ...b, state: 'revoked' as const, reasonCode: reason, reason: null } : b));
        if (paid) {
          claim.recoveryRequired = true;
          change = 'recovery-required';
        } else {
          claim.cancelledReason = reason;
          change = 'cancelled';
        }
      } else {
        const babies = babiesOf(cases);
        const pinned = stored.find((b) => b.ruleVersion !== null)?.ruleVersion ?? null;
        const decisions = this.decide(before.decisionFacts, Math.max(babies, 1), pinned);
        benefits = stored.map((b) => {
          const decision = decisions.find((d) => d.benefit === b.benefit);
          if (!decision || b.paidAt !== null) return b;
          return benefitState(b, { ...b, ...recordOf(decision) }, acceptedAt, options.resume);
        });
        for (const b of benefits) {
          const was = stored.find((s) => s.benefit === b.benefit)!;
          if (b.state !== 'in_progress' || b.reasonCode !== PAYMENT_IN_PROGRESS) continue;
          const amountChanged = was.amountFen !== b.amountFen && was.state === 'in_progress';
          if (amountChanged) reopen = true;
          if (was.state !== 'in_progress' || amountChanged || options.reopenAll) toOpen.push(b);
        }
        // A voided twin after payment leaves more paid than the days now give: a clerk recovers the difference.
        const overpaid = stored.some((b) => b.paidAt !== null && b.benefit === 'maternity-leave' && decisions.some((d) => d.benefit === b.benefit && d.amountFen !== null && d.amountFen < (b.amountFen ?? 0)));
        if (overpaid) {
          claim.recoveryRequired = true;
          change = 'recovery-required';
        }
      }
    }

    if (reopen) {
      // The amount of an unpaid order changed (a twin voided): close what is not paid and open every paying benefit anew.
      await this.orders.closeUnpaid(manager, claimId, 'DAYS_CHANGED');
      for (const b of benefits) if (b.state === 'in_progress' && b.reasonCode === PAYMENT_IN_PROGRESS && !toOpen.includes(b)) toOpen.push(b);
    }
    for (const b of toOpen) {
      const request = orderRequestOf(claimId, b, options.orderCause ?? 'ACCEPTED');
      if (options.collectOrders) options.collectOrders.push(request);
      else await this.orders.open(manager, request);
    }

    claim.status = claimStatusOf({
      benefits,
      acceptedAt: claim.acceptedAt,
      caseAcceptedAt: earliestOf(cases.map((c) => c.caseAcceptedAt)),
      cancelled: claim.cancelledReason ? { reasonCode: claim.cancelledReason } : null,
      recoveryRequired: claim.recoveryRequired,
    });
    change ??= options.opening && claim.status.state === 'waiting' ? 'opened' : defaultChange(before, claim);

    const changedBenefits = benefits.filter((b) => canonicalJson(b) !== canonicalJson(stored.find((s) => s.benefit === b.benefit)));
    for (const b of changedBenefits) await ClaimStore.saveBenefit(manager, claimId, b);
    const seen = (c: ClaimRecord) => canonicalJson([c.caseIds, c.status, c.acceptedAt, c.cancelledReason, c.recoveryRequired]);
    if (!options.force && changedBenefits.length === 0 && seen(before) === seen(claim)) return;
    await ClaimStore.saveClaim(manager, claim);
    // The last case left: name the cases the claim still had, each step of which it compensates.
    const named = claim.caseIds.length > 0 ? claim.caseIds : before.caseIds.length > 0 ? before.caseIds : cases.map((c) => c.caseId);
    await this.events.record(manager, claim, benefits, change, named, options.cause);
  }

}

/** Where an eligible benefit not yet paid stands, from the acceptance and what payments said. */
/** JSON with object keys sorted: a benefit read back from jsonb (keys reordered) compares equal to the same benefit worked out now. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function decisionFactsOf(birth: BirthRegisteredV1): DecisionFacts {
  const insurance = (block: BirthRegisteredV1['mother']['maternityInsurance']) => ({
    insured: block.insured,
    insuringRegionCode: block.insuringRegionCode ?? null,
    insuredCategory: block.insuredCategory ?? null,
    contributionMonths: block.contributionMonths ?? null,
    employerAverageMonthlyWageFen: block.employerAverageMonthlyWageFen ?? null,
  });
  return {
    bornOn: chinaDateOf(birth.newborn.bornAt),
    livingChildrenBefore: birth.mother.livingChildrenBefore ?? null,
    deliveryMode: birth.delivery.mode,
    difficultBirth: birth.delivery.difficult,
    coupleLivesApart: birth.application.coupleLivesApart ?? false,
    mother: insurance(birth.mother.maternityInsurance),
    father: birth.father ? insurance(birth.father.maternityInsurance) : null,
  };
}

/** A decision's terms as stored (state, account and payment are the caller's). */
function recordOf(d: BenefitDecision): Omit<BenefitRecord, 'state' | 'sealedAccount' | 'sealedForCase' | 'paidAt'> {
  return {
    benefit: d.benefit,
    beneficiary: d.beneficiary,
    outcome: d.outcome,
    reasonCode: d.outcome === 'eligible' ? null : d.reasonCode,
    reason: d.outcome === 'eligible' ? null : d.reason,
    insuringRegionCode: d.insuringRegionCode,
    forwardedTo: d.forwardedTo,
    ruleVersion: d.ruleVersion,
    days: d.days,
    dayTerms: [...d.dayTerms],
    wageFen: d.wageFen,
    wageSource: d.wageSource,
    wageRule: d.wageRule,
    amountFen: d.amountFen,
  };
}

function isActive(b: BenefitRecord): boolean {
  return b.outcome === 'eligible' || b.outcome === 'manual-review';
}

/** Every case is voided here: the reason of the last void (BIRTH_VOIDED, or the revoke command's code). */
function lastVoidReason(cases: readonly ClaimCaseRecord[]): string {
  const last = [...cases].sort((a, b) => Date.parse(b.voidedAt ?? '') - Date.parse(a.voidedAt ?? ''))[0];
  return last?.voidReasonCode ?? 'BIRTH_VOIDED';
}

function orderRequestOf(claimId: string, b: BenefitRecord, cause: string): PaymentOrderRequest {
  return {
    claimId,
    benefit: b.benefit,
    beneficiary: b.beneficiary,
    amountFen: b.amountFen!,
    sealedAccount: b.sealedAccount!,
    sealedFor: { caseId: b.sealedForCase!, fieldPath: b.beneficiary === 'mother' ? 'mother.bankAccount' : 'father.bankAccount' },
    cause,
  };
}

function defaultChange(before: ClaimRecord, after: ClaimRecord): ClaimChange {
  switch (after.status.state) {
    case 'waiting':
      return 'waiting';
    case 'rejected':
      return 'rejected';
    case 'forwarded':
      return 'forwarded';
    case 'awaiting_applicant':
      return before.acceptedAt === null ? 'accepted' : 'awaiting-applicant';
    case 'done':
      return 'paid';
    case 'revoked':
      return 'cancelled';
    case 'in_progress':
      return after.status.reasonCode === 'RECOVERY_REQUIRED' ? 'recovery-required' : 'accepted';
  }
}
