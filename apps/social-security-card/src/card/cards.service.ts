import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CardAdvanceState, HouseholdRegistrationItemChangedV1, InsuranceOutcome, MedicalInsuranceItemChangedV1 } from '@birth/contracts';
import { ItemCommands, ItemRecorder, type ItemRecord, type PendingPrerequisite } from '@birth/platform';
import { advanceCard, cardWaitingFor, type CardAdvance } from './domain/card-application';
import type { CardFacts } from './card-facts';
import { SocialSecurityNumbers } from './social-security-numbers';

/** Pending-prerequisite kinds (one per kind and case: a later one replaces it). */
const REGISTRATION = 'household-registration';
const INSURANCE = 'insurance-outcome';

/** What the card keeps from household registration: the number sealed before it is stored anywhere. */
interface RegistrationFacts {
  change: 'registered' | 'forwarded';
  socialSecurityNumberSealed: string | null;
  registrationRegionCode: string | null;
  forwardedTo: string | null;
  at: string;
}

interface InsuranceFacts {
  outcome: InsuranceOutcome;
  at: string;
}

export type AdvanceOutcome =
  | { ok: true; item: ItemRecord<CardFacts> }
  | { ok: false; code: 'ITEM_NOT_FOUND' | Extract<CardAdvance, { kind: 'refused' }>['code']; message: { zh: string; en: string } };

/**
 * The social security card's use cases (DOMAIN.md §6), each inside the caller's transaction: open at
 * the birth, take the ID number and the insurance outcome in either order, apply (electronic card at
 * once), advance the physical card, forward with household registration, cancel.
 */
@Injectable()
export class CardsService {
  readonly commands: ItemCommands<CardFacts>;

  constructor(
    private readonly items: ItemRecorder<CardFacts>,
    private readonly numbers: SocialSecurityNumbers,
  ) {
    this.commands = new ItemCommands(items, {
      // A waiting card re-checks what it has: it applies if both prerequisites are in.
      retryStep: async (manager, item) => {
        await this.decide(manager, item);
      },
      revoke: async (_manager, item) => (item.state === 'done' ? { facts: { cardState: 'cancelled', cardCancelledAt: new Date().toISOString() } } : {}),
    });
  }

  async onBirth(manager: EntityManager, caseId: string, insuranceApplied: boolean): Promise<void> {
    const opened = await this.items.open(manager, caseId, {
      change: 'waiting',
      state: 'waiting',
      waitingFor: cardWaitingFor({ insuranceApplied, citizenIdNumberKnown: false, insuranceOutcomeKnown: false }),
      facts: { caseId, insuranceApplied, socialSecurityNumberSealed: null, insuranceOutcome: null, cardState: null, electronicCardIssuedAt: null, forwardedTo: null },
    });
    if (!opened.opened) return;
    await this.commands.applyPending(manager, opened, (current, pending) => this.take(manager, current, pending));
  }

  /** household-registration.item-changed.v1 `registered` (with the number) or `forwarded`. */
  async onRegistration(manager: EntityManager, caseId: string, event: HouseholdRegistrationItemChangedV1): Promise<void> {
    const facts: RegistrationFacts = {
      change: event.change === 'forwarded' ? 'forwarded' : 'registered',
      socialSecurityNumberSealed: event.citizenIdNumber ? this.numbers.seal(caseId, event.citizenIdNumber) : null,
      registrationRegionCode: event.registrationRegionCode ?? null,
      forwardedTo: event.forwardedTo ?? null,
      at: event.registeredAt ?? event.item.changedAt,
    };
    const item = await this.items.lockOrKeep(manager, caseId, { kind: REGISTRATION, facts });
    if (item) await this.withRegistration(manager, item, facts);
  }

  /** medical-insurance.item-changed.v1 with an outcome: enrolled or rejected, either lets the card apply. */
  async onInsuranceOutcome(manager: EntityManager, caseId: string, event: MedicalInsuranceItemChangedV1): Promise<void> {
    const facts: InsuranceFacts = { outcome: event.outcome!, at: event.item.changedAt };
    const item = await this.items.lockOrKeep(manager, caseId, { kind: INSURANCE, facts });
    if (item) await this.withInsurance(manager, item, facts);
  }

  /** `advance-card` (command or internal API): the physical card one state on (to `to`, or the next state). */
  async advance(manager: EntityManager, caseId: string, to?: CardAdvanceState): Promise<AdvanceOutcome> {
    const item = await this.items.lock(manager, caseId);
    if (!item) return { ok: false, code: 'ITEM_NOT_FOUND', message: { zh: '该案件没有社保卡事项', en: 'No social security card item for this case' } };
    const decision = advanceCard(item.state === 'done' ? (item.facts.cardState ?? null) : null, to);
    if (decision.kind === 'refused') return { ok: false, code: decision.code, message: decision.message };
    if (decision.kind === 'unchanged') return { ok: true, item };
    const applied = await this.items.apply(manager, item, { change: 'card-advanced', state: 'done', facts: { cardState: decision.to } });
    return { ok: true, item: applied.item };
  }

  private async take(manager: EntityManager, item: ItemRecord<CardFacts>, pending: PendingPrerequisite): Promise<ItemRecord<CardFacts>> {
    if (pending.kind === REGISTRATION) return this.withRegistration(manager, item, pending.facts as unknown as RegistrationFacts, pending.cause);
    if (pending.kind === INSURANCE) return this.withInsurance(manager, item, pending.facts as unknown as InsuranceFacts, pending.cause);
    return item;
  }

  private async withRegistration(manager: EntityManager, item: ItemRecord<CardFacts>, r: RegistrationFacts, cause?: string | null): Promise<ItemRecord<CardFacts>> {
    if (item.state !== 'waiting') return item;
    if (r.change === 'forwarded') {
      const applied = await this.items.apply(manager, item, {
        change: 'forwarded',
        state: 'forwarded',
        reasonCode: 'FORWARDED_WITH_HOUSEHOLD_REGISTRATION',
        reason: {
          zh: `户口登记已转至${r.forwardedTo ?? '户籍地'}办理，社保卡随之转办`,
          en: `Household registration was forwarded to ${r.forwardedTo ?? 'the hukou county'}: the card goes with it`,
        },
        facts: { forwardedTo: r.forwardedTo },
        cause,
      });
      return applied.item;
    }
    // The first number stands: a later message (sealed afresh, so never byte-equal) must not republish `waiting`.
    if (item.facts.socialSecurityNumberSealed) return item;
    const next = { ...item, facts: { ...item.facts, socialSecurityNumberSealed: r.socialSecurityNumberSealed, registrationRegionCode: r.registrationRegionCode, citizenIdNumberAt: r.at } };
    return this.decide(manager, next, cause, item);
  }

  private async withInsurance(manager: EntityManager, item: ItemRecord<CardFacts>, i: InsuranceFacts, cause?: string | null): Promise<ItemRecord<CardFacts>> {
    if (item.state !== 'waiting') return item;
    // The first outcome stands: `contribution-paid` and the like carry it again with a later time.
    if (item.facts.insuranceOutcome) return item;
    const next = { ...item, facts: { ...item.facts, insuranceOutcome: i.outcome, insuranceOutcomeAt: i.at } };
    return this.decide(manager, next, cause, item);
  }

  /**
   * Applies when the number and (if applied for) the insurance outcome are in: the electronic card is
   * issued at once (`done`); otherwise the item keeps waiting for what is missing. `known` carries
   * the facts just learnt; `stored` is the item as it is in the table.
   */
  private async decide(manager: EntityManager, known: ItemRecord<CardFacts>, cause?: string | null, stored: ItemRecord<CardFacts> = known): Promise<ItemRecord<CardFacts>> {
    if (stored.state !== 'waiting') return stored;
    const f = known.facts;
    const learnt = {
      socialSecurityNumberSealed: f.socialSecurityNumberSealed ?? null,
      registrationRegionCode: f.registrationRegionCode ?? null,
      citizenIdNumberAt: f.citizenIdNumberAt ?? null,
      insuranceOutcome: f.insuranceOutcome ?? null,
      insuranceOutcomeAt: f.insuranceOutcomeAt ?? null,
    };
    const missing = cardWaitingFor({ insuranceApplied: f.insuranceApplied ?? false, citizenIdNumberKnown: !!f.socialSecurityNumberSealed, insuranceOutcomeKnown: !!f.insuranceOutcome });
    if (missing.length > 0) {
      return (await this.items.apply(manager, stored, { change: 'waiting', state: 'waiting', waitingFor: missing, facts: learnt, cause })).item;
    }
    const metAt = [f.citizenIdNumberAt, f.insuranceApplied ? f.insuranceOutcomeAt : null].filter((t): t is string => !!t).sort((a, b) => Date.parse(a) - Date.parse(b)).pop() ?? null;
    const applied = await this.items.apply(manager, stored, {
      change: 'applied',
      state: 'done',
      prerequisitesMetAt: metAt,
      facts: { ...learnt, cardState: 'applied', electronicCardIssuedAt: new Date().toISOString() },
      cause,
    });
    return applied.item;
  }
}
