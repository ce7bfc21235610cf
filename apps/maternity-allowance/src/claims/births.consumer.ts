import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Topics, type BirthRegisteredV1, type EventEnvelope } from '@birth/contracts';
import type { InboxRpcContext } from '@birth/messaging';
import { AllowanceClaims } from './allowance-claims';

/** A registered birth opens the mother's allowance claim for its delivery, in the inbox's transaction. */
@Controller()
export class BirthsConsumer {
  constructor(private readonly claims: AllowanceClaims) {}

  @EventPattern(Topics.birthRegisteredV1.name)
  async onBirthRegistered(@Payload() event: EventEnvelope<BirthRegisteredV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    await this.claims.open(context.inbox.manager, event.caseId!, event.id, event.payload);
  }
}
