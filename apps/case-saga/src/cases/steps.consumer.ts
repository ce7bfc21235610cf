import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Topics, type EventEnvelope, type ItemBlockV1, type MaternityAllowanceClaimChangedV1 } from '@birth/contracts';
import type { InboxRpcContext } from '@birth/messaging';
import { caseIdOf } from '@birth/platform';
import { CaseProjection } from './case-projection';

/** What every department's `<service>.item-changed.v1` payload has in common. */
interface ItemChanged {
  change: string;
  item: ItemBlockV1;
}

/**
 * The departments' outcomes, mirrored into the case's steps through the common `item` block
 * alone (the registry checks that each topic's block names its own department's item). The inbox
 * deduplicates message ids; the projection ignores older and repeated blocks.
 */
@Controller()
export class StepsConsumer {
  constructor(private readonly projection: CaseProjection) {}

  @EventPattern(Topics.birthCertificateItemChangedV1.name)
  onBirthCertificate(@Payload() event: EventEnvelope<ItemChanged>, @Ctx() context: InboxRpcContext): Promise<void> {
    return this.department(event, context);
  }

  @EventPattern(Topics.householdRegistrationItemChangedV1.name)
  onHouseholdRegistration(@Payload() event: EventEnvelope<ItemChanged>, @Ctx() context: InboxRpcContext): Promise<void> {
    return this.department(event, context);
  }

  @EventPattern(Topics.medicalInsuranceItemChangedV1.name)
  onMedicalInsurance(@Payload() event: EventEnvelope<ItemChanged>, @Ctx() context: InboxRpcContext): Promise<void> {
    return this.department(event, context);
  }

  @EventPattern(Topics.socialSecurityCardItemChangedV1.name)
  onSocialSecurityCard(@Payload() event: EventEnvelope<ItemChanged>, @Ctx() context: InboxRpcContext): Promise<void> {
    return this.department(event, context);
  }

  /** Keyed by the claim, the envelope's caseId null: the payload names every case of the delivery. */
  @EventPattern(Topics.maternityAllowanceClaimChangedV1.name)
  async onClaimChanged(@Payload() event: EventEnvelope<MaternityAllowanceClaimChangedV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    await this.projection.applyClaimChange(context.inbox.manager, event.payload, { messageId: event.id, messageType: event.type });
  }

  private async department(event: EventEnvelope<ItemChanged>, context: InboxRpcContext): Promise<void> {
    const { change, item } = event.payload;
    await this.projection.applyDepartmentChange(
      context.inbox.manager,
      caseIdOf(event),
      { item: item.item, change, block: item, claimId: null, compensates: item.state === 'revoked' },
      { messageId: event.id, messageType: event.type },
    );
  }
}
