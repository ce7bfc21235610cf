import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Topics, type BirthCorrectedV1, type BirthRegisteredV1, type BirthVoidedV1, type DepartmentCommandV1, type EventEnvelope } from '@birth/contracts';
import type { InboxRpcContext } from '@birth/messaging';
import { CertificatesService } from './certificates.service';

/**
 * Thin handlers: the inbox has decoded and validated the envelope (tolerant reader: unknown
 * fields dropped); each use case runs in the inbox transaction (`context.inbox.manager`), so the
 * item, its history, its event and the message's inbox row commit together.
 */
@Controller()
export class CertificatesConsumer {
  constructor(private readonly certificates: CertificatesService) {}

  @EventPattern(Topics.birthRegisteredV1.name)
  async onBirthRegistered(@Payload() event: EventEnvelope<BirthRegisteredV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    await this.certificates.openOnBirth(context.inbox.manager, event);
  }

  @EventPattern(Topics.birthCorrectedV1.name)
  async onBirthCorrected(@Payload() event: EventEnvelope<BirthCorrectedV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    await this.certificates.applyCorrection(context.inbox.manager, event);
  }

  @EventPattern(Topics.birthVoidedV1.name)
  async onBirthVoided(@Payload() event: EventEnvelope<BirthVoidedV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    await this.certificates.revoke(context.inbox.manager, event.caseId!, 'BIRTH_VOIDED');
  }

  @EventPattern(Topics.birthCertificateCommandsV1.name)
  async onCommand(@Payload() event: EventEnvelope<DepartmentCommandV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    await this.certificates.command(context.inbox.manager, event.caseId!, event.payload);
  }
}
