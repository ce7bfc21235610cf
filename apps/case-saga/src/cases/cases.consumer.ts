import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Topics, type BirthRegisteredV1, type BirthVoidedV1, type EventEnvelope } from '@birth/contracts';
import type { InboxRpcContext } from '@birth/messaging';
import { caseIdOf } from '@birth/platform';
import { CaseProjection } from './case-projection';

/**
 * A registered birth opens its case; a voided one voids it. The SLA clock starts at the intake's
 * stored acceptance (`payload.acceptedAt`, DOMAIN.md §2), never at the envelope's `occurredAt`: a
 * replayed or relayed-late message must not move a deadline.
 */
@Controller()
export class CasesConsumer {
  constructor(private readonly projection: CaseProjection) {}

  @EventPattern(Topics.birthRegisteredV1.name)
  async onBirthRegistered(@Payload() event: EventEnvelope<BirthRegisteredV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    await this.projection.open(context.inbox.manager, event, caseIdOf(event));
  }

  @EventPattern(Topics.birthVoidedV1.name)
  async onBirthVoided(@Payload() event: EventEnvelope<BirthVoidedV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    await this.projection.void(context.inbox.manager, caseIdOf(event), event.payload.voidedAt, { messageId: event.id, messageType: event.type });
  }
}
