import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { BirthRegisteredV1, LocalizedTextV1, ReferToOfficeCommandV1 } from '@birth/contracts';
import { ItemCommands, ItemRecorder, ReferenceData, type ItemRecord, type PendingPrerequisite, type RevocationRequest } from '@birth/platform';
import { nextStep, reviewAfterNumber, sameInput, type RegistrationInput } from '../domain/registration-decision';
import { changeFor, type NumberResult, type RegistrationFacts } from '../domain/registration-outcome';
import { referralOf, type Referral } from '../domain/registration-referral';
import { CitizenIdSequencesRepository } from './citizen-id-sequences.repository';

/** Kinds of the facts kept when they come before the birth opens the item (besides the kit's `revoke`). */
export const PENDING_CERTIFICATE = 'birth-certificate';
export const PENDING_CORRECTION = 'correction';

type Item = ItemRecord<RegistrationFacts>;

/**
 * The use cases of household registration (DOMAIN.md §4), each inside the caller's transaction
 * (the inbox's, for a consumed message): the item, its history, its event and the citizen ID
 * allocation commit together. The rules are in domain/; this class performs the steps.
 */
@Injectable()
export class RegistrationsService {
  readonly commands: ItemCommands<RegistrationFacts>;

  constructor(
    private readonly items: ItemRecorder<RegistrationFacts>,
    private readonly numbers: CitizenIdSequencesRepository,
    private readonly reference: ReferenceData,
  ) {
    this.commands = new ItemCommands(items, {
      retryStep: async (manager, item) => {
        if (item.state === 'waiting' || item.state === 'in_progress' || item.state === 'awaiting_applicant') await this.decide(manager, item, {});
      },
      revoke: (manager, item, request) => this.cancel(manager, item, request),
    });
  }

  /** `birth.registered.v1`: opens the item waiting for the certificate, then applies what came before it. */
  async birthRegistered(manager: EntityManager, caseId: string, birth: BirthRegisteredV1): Promise<void> {
    if (!birth.application.items.includes('household-registration')) return; // not applied for: no item, nothing published
    const opened = await this.items.open(manager, caseId, {
      change: 'waiting',
      state: 'waiting',
      waitingFor: ['birth-certificate'],
      facts: { input: registrationInputOf(birth) },
    });
    if (!opened.opened) return;
    await this.commands.applyPending(manager, opened, (item, pending) => this.applyPending(manager, item, pending));
  }

  /** The certificate is issued (or reissued): the prerequisite. Kept when it comes before the birth. */
  async certificateIssued(manager: EntityManager, caseId: string, issuedAt: string): Promise<void> {
    const item = await this.items.lockOrKeep(manager, caseId, { kind: PENDING_CERTIFICATE, facts: { issuedAt } });
    if (item) await this.certificate(manager, item, issuedAt);
  }

  /** `birth.corrected.v1`: the facts this item uses, as corrected; may end the wait for the sex. */
  async corrected(manager: EntityManager, caseId: string, application: BirthRegisteredV1): Promise<void> {
    const input = registrationInputOf(application);
    const item = await this.items.lockOrKeep(manager, caseId, { kind: PENDING_CORRECTION, facts: { input } });
    if (item) await this.correct(manager, item, input);
  }

  /**
   * `refer-to-office`: an item in manual review handed to the county's office (forwarded), the
   * clerk named; its number, if any, stays used. Refused with the reason when it does not apply.
   */
  async referToOffice(manager: EntityManager, caseId: string, command: ReferToOfficeCommandV1): Promise<{ ok: true } | Exclude<Referral, { ok: true }> | { ok: false; code: 'NO_ITEM'; message: LocalizedTextV1 }> {
    const item = await this.items.lock(manager, caseId);
    if (!item) return { ok: false, code: 'NO_ITEM', message: { zh: '该案件没有户口登记事项', en: 'The case has no household registration item' } };
    const referral = referralOf(item, { countyCode: command.countyCode ?? null, referredBy: command.referredBy });
    if (!referral.ok) return referral;
    await this.items.apply(manager, item, referral.change);
    return { ok: true };
  }

  private async applyPending(manager: EntityManager, item: Item, pending: PendingPrerequisite): Promise<Item> {
    if (pending.kind === PENDING_CERTIFICATE) return this.certificate(manager, item, String(pending.facts.issuedAt), pending.cause);
    if (pending.kind === PENDING_CORRECTION) return this.correct(manager, item, pending.facts.input as RegistrationInput, pending.cause);
    return item;
  }

  private async certificate(manager: EntityManager, item: Item, issuedAt: string, cause?: string | null): Promise<Item> {
    // A reissue after the first issue changes nothing here: the clock started at the first one.
    if (item.state === 'revoked' || item.facts.certificateIssuedAt) return item;
    return this.decide(manager, item, { certificateIssuedAt: new Date(issuedAt).toISOString() }, cause);
  }

  private async correct(manager: EntityManager, item: Item, input: RegistrationInput, cause?: string | null): Promise<Item> {
    // Forwarded: the other county's office handles any correction; revoked: nothing left to do.
    if (item.state === 'revoked' || item.state === 'forwarded' || sameInput(item.facts.input, input)) return item;
    return this.decide(manager, item, { input }, cause);
  }

  /**
   * Decides the next step on the item's facts (with `update`), allocates the number when the
   * step is one, and records the change. A case that has a number keeps it: a step that would
   * name another county, date or sex goes to manual review instead.
   */
  private async decide(manager: EntityManager, item: Item, update: Partial<RegistrationFacts>, cause?: string | null): Promise<Item> {
    const facts: RegistrationFacts = { ...item.facts, ...update };
    let step = nextStep(facts.input, Boolean(facts.certificateIssuedAt), (region, onDate) => this.reference.rulesFor(region, onDate));
    const assigned = step.kind === 'wait-certificate' ? undefined : await this.numbers.allocationOf(manager, item.caseId);
    if (assigned) step = reviewAfterNumber(assigned, step) ?? step;
    let number: NumberResult | undefined;
    if (step.kind === 'number') {
      const allocation = await this.numbers.allocate(manager, { caseId: item.caseId, ...step.key });
      number = allocation.kind === 'allocated' ? { kind: 'allocated', citizenIdNumber: allocation.citizenIdNumber, countyCode: allocation.countyCode } : allocation;
    }
    const change = changeFor(step, facts, number, new Date().toISOString());
    const applied = await this.items.apply(manager, item, { ...change, facts: { ...update, ...change.facts }, cause });
    return applied.item;
  }

  /** The undo of `revoke` and of a voided birth: the registration is cancelled; its number stays used, never reissued. */
  private async cancel(manager: EntityManager, item: Item, request: RevocationRequest): Promise<{ facts: Partial<RegistrationFacts> }> {
    const cancelled = await this.numbers.cancel(manager, item.caseId, request.reasonCode);
    return { facts: cancelled ? { cancelledAt: new Date().toISOString() } : {} };
  }
}

/** The facts of the application this item reads (tolerant: nothing else is looked at). */
export function registrationInputOf(birth: BirthRegisteredV1): RegistrationInput {
  return {
    sexCode: birth.newborn.sex,
    bornAt: birth.newborn.bornAt,
    hukouParent: birth.application.hukouParent,
    motherHukouRegionCode: birth.mother.hukouRegionCode,
    fatherHukouRegionCode: birth.father?.hukouRegionCode,
    settlementRegionCode: birth.application.settlementRegionCode,
  };
}
