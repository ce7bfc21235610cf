import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  Topics,
  type AdvanceCardCommandV1,
  type BirthRegisteredV1,
  type BirthVoidedV1,
  type DepartmentCommandV1,
  type EventEnvelope,
  type HouseholdRegistrationItemChangedV1,
  type MedicalInsuranceItemChangedV1,
} from '@birth/contracts';
import { PermanentError, type InboxRpcContext } from '@birth/messaging';
import { caseIdOf } from '@birth/platform';
import { CardsService } from './cards.service';

/**
 * Thin handlers: each message is one inbox transaction (context.inbox.manager); payloads were
 * decoded and validated against their topics' classes by the inbox (unknown fields ignored).
 */
@Controller()
export class CardsConsumer {
  constructor(private readonly cards: CardsService) {}

  @EventPattern(Topics.birthRegisteredV1.name)
  async onBirthRegistered(@Payload() event: EventEnvelope<BirthRegisteredV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    const items = event.payload.application.items;
    // Not applied for: no item, nothing published.
    if (!items.includes('social-security-card')) return;
    await this.cards.onBirth(context.inbox.manager, caseIdOf(event), items.includes('medical-insurance'));
  }

  /** The number comes with `registered`; `forwarded` takes the card along. Other changes are the registration's own. */
  @EventPattern(Topics.householdRegistrationItemChangedV1.name)
  async onRegistration(@Payload() event: EventEnvelope<HouseholdRegistrationItemChangedV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    const { change, citizenIdNumber } = event.payload;
    if (!(change === 'registered' && citizenIdNumber) && change !== 'forwarded') return;
    await this.cards.onRegistration(context.inbox.manager, caseIdOf(event), event.payload);
  }

  /** Any outcome (enrolled or rejected) lets the card apply; other changes do not concern it. */
  @EventPattern(Topics.medicalInsuranceItemChangedV1.name)
  async onInsurance(@Payload() event: EventEnvelope<MedicalInsuranceItemChangedV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    const { change, outcome } = event.payload;
    if (change === 'revoked' || !outcome) return;
    await this.cards.onInsuranceOutcome(context.inbox.manager, caseIdOf(event), event.payload);
  }

  @EventPattern(Topics.birthVoidedV1.name)
  async onVoided(@Payload() event: EventEnvelope<BirthVoidedV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    await this.cards.commands.revoke(context.inbox.manager, caseIdOf(event), { reasonCode: 'BIRTH_VOIDED' });
  }

  @EventPattern(Topics.socialSecurityCardCommandsV1.name)
  async onCommand(@Payload() event: EventEnvelope<DepartmentCommandV1 | AdvanceCardCommandV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    const caseId = caseIdOf(event);
    const command = event.payload;
    if (command.command !== 'advance-card') {
      await this.cards.commands.handle(context.inbox.manager, caseId, command);
      return;
    }
    const outcome = await this.cards.advance(context.inbox.manager, caseId, command.cardState);
    // A command that can never apply goes to the dead letters with its reason, never silently dropped.
    if (!outcome.ok) {
      throw new PermanentError(outcome.code, outcome.message.en, [{ field: 'payload.cardState', code: outcome.code, message: outcome.message.en }]);
    }
  }
}
