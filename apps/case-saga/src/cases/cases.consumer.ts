import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Topics, type BirthRegisteredV1, type EventEnvelope } from '@birth/contracts';
import type { InboxRpcContext } from '@birth/messaging';

/**
 * A registered birth opens its case. The SLA clock starts at the intake's stored acceptance
 * (`payload.acceptedAt`, DOMAIN.md §2), never at the envelope's `occurredAt`: a replayed or
 * relayed-late message must not move a deadline.
 */
@Controller()
export class CasesConsumer {
  @EventPattern(Topics.birthRegisteredV1.name)
  async onBirthRegistered(@Payload() event: EventEnvelope<BirthRegisteredV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    const { hospital, birthRecordId, deliveryId, acceptedAt } = event.payload;
    await context.inbox.manager.query(
      `INSERT INTO cases (case_id, hospital_id, birth_record_id, delivery_id, accepted_at, opened_by_message)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (case_id) DO NOTHING`,
      [event.caseId, hospital.institutionId, birthRecordId, deliveryId, acceptedAt, event.id],
    );
  }
}
