import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Topics, type BirthRegisteredV1, type EventEnvelope } from '@birth/contracts';
import type { InboxRpcContext } from '@birth/messaging';
import { openWorkItem } from '@birth/platform';

/** A registered birth opens this department's work item at once. */
@Controller()
export class BirthsConsumer {
  @EventPattern(Topics.birthRegisteredV1.name)
  async onBirthRegistered(@Payload() event: EventEnvelope<BirthRegisteredV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    await openWorkItem(context.inbox.manager, event);
  }
}
