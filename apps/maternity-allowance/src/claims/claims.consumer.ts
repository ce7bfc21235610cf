import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  Topics,
  type BirthCertificateItemChangedV1,
  type BirthRegisteredV1,
  type BirthVoidedV1,
  type EventEnvelope,
  type RetryStepCommandV1,
  type RevokeCommandV1,
  type UpdateBankAccountCommandV1,
} from '@birth/contracts';
import { PermanentError, type InboxRpcContext } from '@birth/messaging';
import { caseIdOf } from '@birth/platform';
import { AccountCorrections } from '../ports/payment-port';
import { AllowanceClaims } from './allowance-claims';
import { ClaimStore } from './claim-records';

type AllowanceCommand = RetryStepCommandV1 | RevokeCommandV1 | UpdateBankAccountCommandV1;

/**
 * Thin handlers: each message is one inbox transaction (context.inbox.manager), its payload
 * already checked against its topic's class by the inbox. Only what the claim uses is read.
 */
@Controller()
export class ClaimsConsumer {
  constructor(
    private readonly claims: AllowanceClaims,
    private readonly corrections: AccountCorrections,
  ) {}

  @EventPattern(Topics.birthRegisteredV1.name)
  async onBirthRegistered(@Payload() event: EventEnvelope<BirthRegisteredV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    await this.claims.onBirth(context.inbox.manager, caseIdOf(event), event.id, event.payload);
  }

  @EventPattern(Topics.birthCertificateItemChangedV1.name)
  async onCertificate(@Payload() event: EventEnvelope<BirthCertificateItemChangedV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    // Proof of birth: the first issue (a reissue keeps the earlier instant).
    if (event.payload.change !== 'issued' && event.payload.change !== 'reissued') return;
    if (!event.payload.issuedAt) {
      throw new PermanentError('ISSUED_AT_MISSING', `${event.payload.change} without issuedAt`, [{ field: 'payload.issuedAt', code: 'REQUIRED', message: 'an issued certificate names when' }]);
    }
    await this.claims.onCertificateIssued(context.inbox.manager, caseIdOf(event), event.payload.issuedAt, event.id);
  }

  @EventPattern(Topics.birthVoidedV1.name)
  async onVoided(@Payload() event: EventEnvelope<BirthVoidedV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    await this.claims.onVoided(context.inbox.manager, caseIdOf(event), event.payload.voidedAt, 'BIRTH_VOIDED', event.id);
  }

  @EventPattern(Topics.maternityAllowanceCommandsV1.name)
  async onCommand(@Payload() event: EventEnvelope<AllowanceCommand>, @Ctx() context: InboxRpcContext): Promise<void> {
    const manager = context.inbox.manager;
    const caseId = caseIdOf(event);
    const command = event.payload;
    switch (command.command) {
      case 'retry-step':
        return this.claims.retryStep(manager, caseId, command.reasonCode, event.id);
      case 'revoke':
        // The same as a void of the case (issue 12), at the command's time.
        return this.claims.onVoided(manager, caseId, event.occurredAt, command.reasonCode, event.id);
      case 'update-bank-account': {
        const claimId = await ClaimStore.claimIdOfCase(manager, caseId);
        const opened = claimId
          ? await this.corrections.record(manager, {
              claimId,
              beneficiary: command.beneficiary,
              sealedAccount: command.bankAccount,
              sealedFor: { caseId, fieldPath: command.beneficiary === 'mother' ? 'mother.bankAccount' : 'father.bankAccount' },
              recordedBy: command.recordedBy,
              reasonCode: command.reasonCode,
              note: command.note ?? null,
              at: event.occurredAt,
            })
          : null;
        if (opened === null) {
          throw new PermanentError('CLAIM_NOT_FOUND', `no allowance claim for the case, or no ${command.beneficiary} benefit on it`, [
            { field: 'caseId', code: 'CLAIM_NOT_FOUND', message: 'the case has no allowance claim with that beneficiary' },
          ]);
        }
        return;
      }
    }
  }
}
