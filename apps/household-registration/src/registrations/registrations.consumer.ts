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
  type ReferToOfficeCommandV1,
} from '@birth/contracts';
import { PermanentError, type InboxRpcContext } from '@birth/messaging';
import { caseIdOf } from '@birth/platform';
import { RegistrationsService } from './registrations.service';

/**
 * Household registration's messages, each handled in its inbox transaction (`context.inbox.manager`):
 * thin handlers that check what they use and hand over to RegistrationsService. Envelopes and
 * payloads are validated on decoding (invalid ones are dead-lettered there).
 */
@Controller()
export class RegistrationsConsumer {
  constructor(private readonly registrations: RegistrationsService) {}

  @EventPattern(Topics.birthRegisteredV1.name)
  async onBirthRegistered(@Payload() event: EventEnvelope<BirthRegisteredV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    await this.registrations.birthRegistered(context.inbox.manager, caseIdOf(event), event.payload);
  }

  /** Only an issued (or reissued) certificate concerns this item; its other changes are the certificate's own. */
  @EventPattern(Topics.birthCertificateItemChangedV1.name)
  async onCertificateChanged(@Payload() event: EventEnvelope<BirthCertificateItemChangedV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    const { change, issuedAt } = event.payload;
    if (change !== 'issued' && change !== 'reissued') return;
    if (!issuedAt) {
      throw new PermanentError('CERTIFICATE_ISSUED_AT_MISSING', `birth-certificate ${change} without issuedAt`, [
        { field: 'payload.issuedAt', code: 'REQUIRED', message: `an ${change} certificate names when it was issued` },
      ]);
    }
    await this.registrations.certificateIssued(context.inbox.manager, caseIdOf(event), issuedAt);
  }

  @EventPattern(Topics.birthCorrectedV1.name)
  async onBirthCorrected(@Payload() event: EventEnvelope<BirthCorrectedV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    await this.registrations.corrected(context.inbox.manager, caseIdOf(event), event.payload.application);
  }

  /** A voided birth: the registration is cancelled (revoked), as `revoke` does. */
  @EventPattern(Topics.birthVoidedV1.name)
  async onBirthVoided(@Payload() event: EventEnvelope<BirthVoidedV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    await this.registrations.commands.revoke(context.inbox.manager, caseIdOf(event), { reasonCode: 'BIRTH_VOIDED', note: null });
  }

  /** `retry-step` and `revoke` from the saga or operators; `refer-to-office` from a clerk in the console. */
  @EventPattern(Topics.householdRegistrationCommandsV1.name)
  async onCommand(@Payload() event: EventEnvelope<DepartmentCommandV1 | ReferToOfficeCommandV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    const command = event.payload;
    if (command.command !== 'refer-to-office') {
      await this.registrations.commands.handle(context.inbox.manager, caseIdOf(event), command);
      return;
    }
    const outcome = await this.registrations.referToOffice(context.inbox.manager, caseIdOf(event), command);
    // A referral that cannot apply goes to the dead letters with its reason, never silently dropped.
    if (!outcome.ok) throw new PermanentError(outcome.code, outcome.message.en, [{ field: 'payload.command', code: outcome.code, message: outcome.message.en }]);
  }
}
