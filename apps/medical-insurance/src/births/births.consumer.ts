import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Topics, type BirthRegisteredV1, type EventEnvelope } from '@birth/contracts';
import type { InboxRpcContext } from '@birth/messaging';
import { openWorkItem } from '@birth/platform';
import { EnrolmentWindows } from '../enrolment-window/enrolment-windows';

/** A registered birth opens this department's work item at once and decides its on-time enrolment window. */
@Controller()
export class BirthsConsumer {
  constructor(private readonly enrolmentWindows: EnrolmentWindows) {}

  @EventPattern(Topics.birthRegisteredV1.name)
  async onBirthRegistered(@Payload() event: EventEnvelope<BirthRegisteredV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    await openWorkItem(context.inbox.manager, event);
    await this.enrolmentWindows.record(context.inbox.manager, event);
  }
}
