import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  Topics,
  type BirthCertificateItemChangedV1,
  type BirthCorrectedV1,
  type BirthRegisteredV1,
  type BirthVoidedV1,
  type DepartmentCommandV1,
  type EventEnvelope,
} from '@birth/contracts';
import type { InboxRpcContext } from '@birth/messaging';
import { caseIdOf } from '@birth/platform';
import { EnrolmentService } from './enrolment.service';

/**
 * Thin handlers: each message is one inbox transaction (context.inbox.manager); the payloads were
 * decoded and validated against their topics' classes by the inbox (tolerant: unknown fields are
 * ignored). Only what this service uses is read.
 */
@Controller()
export class EnrolmentConsumer {
  constructor(private readonly enrolments: EnrolmentService) {}

  @EventPattern(Topics.birthRegisteredV1.name)
  async onBirthRegistered(@Payload() event: EventEnvelope<BirthRegisteredV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    // Not applied for: no item, nothing published.
    if (!event.payload.application.items.includes('medical-insurance')) return;
    await this.enrolments.onBirth(context.inbox.manager, caseIdOf(event), event);
  }

  @EventPattern(Topics.birthCorrectedV1.name)
  async onCorrected(@Payload() event: EventEnvelope<BirthCorrectedV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    if (!event.payload.application.application.items.includes('medical-insurance')) return;
    await this.enrolments.onCorrection(context.inbox.manager, caseIdOf(event), event.payload.application);
  }

  @EventPattern(Topics.birthCertificateItemChangedV1.name)
  async onCertificate(@Payload() event: EventEnvelope<BirthCertificateItemChangedV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    if (event.payload.change !== 'issued' && event.payload.change !== 'reissued') return;
    await this.enrolments.onCertificate(context.inbox.manager, caseIdOf(event), event.payload);
  }

  @EventPattern(Topics.birthVoidedV1.name)
  async onVoided(@Payload() event: EventEnvelope<BirthVoidedV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    await this.enrolments.commands.revoke(context.inbox.manager, caseIdOf(event), { reasonCode: 'BIRTH_VOIDED' });
  }

  @EventPattern(Topics.medicalInsuranceCommandsV1.name)
  async onCommand(@Payload() event: EventEnvelope<DepartmentCommandV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    await this.enrolments.commands.handle(context.inbox.manager, caseIdOf(event), event.payload);
  }
}
