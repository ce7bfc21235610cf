import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  APPLICATION_ITEMS,
  Topics,
  type ApplicationItem,
  type BirthSubmissionV1,
  type CommandTopicDefinition,
  type ConsoleAllowanceResolutionResponse,
  type ConsoleBankAccountResponse,
  type ConsoleCorrectionResponse,
  type ConsoleNote,
  type ConsoleReferralResponse,
  type ConsoleRetryResponse,
  type ReferToOfficeCommandV1,
  type RetryStepCommandV1,
} from '@birth/contracts';
import { MessagingRuntime } from '@birth/platform';
import { ConsoleAudit, type ConsoleUser } from '../console-auth';
import { AccountSealer } from '../intake/account-sealer';
import { CorrectBirthService } from '../intake/correct-birth.service';
import { consoleError, ConsoleRejection, REGION_FORBIDDEN, UPSTREAM_UNAVAILABLE } from './console-errors';
import { ConsoleCases, maySee } from './console-cases.service';
import { ConsoleIntake } from './console-intake';
import type { AllowanceResolutionRequest, BankAccountRequest, CorrectionRequest, ReferralRequest } from './console-requests';
import { ConsoleUpstreams } from './console-upstreams';

/** Each item's command topic: its department obeys `retry-step` there (libs/contracts DEPARTMENT_COMMANDS). */
const COMMAND_TOPIC: Record<ApplicationItem, CommandTopicDefinition<RetryStepCommandV1>> = {
  'birth-certificate': Topics.birthCertificateCommandsV1 as CommandTopicDefinition<RetryStepCommandV1>,
  'household-registration': Topics.householdRegistrationCommandsV1 as CommandTopicDefinition<RetryStepCommandV1>,
  'medical-insurance': Topics.medicalInsuranceCommandsV1 as CommandTopicDefinition<RetryStepCommandV1>,
  'social-security-card': Topics.socialSecurityCardCommandsV1 as CommandTopicDefinition<RetryStepCommandV1>,
  'maternity-allowance': Topics.maternityAllowanceCommandsV1 as CommandTopicDefinition<RetryStepCommandV1>,
};

/**
 * What a clerk does to a case, each written to the audit log before it is sent and each through
 * the owning service: a correction through the gateway's own correction use case
 * (birth.corrected.v1), a bank account through the allowance's internal API (sealed for it), a
 * retry as the department's `retry-step` command (through the gateway's outbox, in the audit
 * row's transaction), a note into the audit log itself.
 */
@Injectable()
export class ConsoleActions {
  constructor(
    private readonly cases: ConsoleCases,
    private readonly intake: ConsoleIntake,
    private readonly audit: ConsoleAudit,
    private readonly corrections: CorrectBirthService,
    private readonly sealer: AccountSealer,
    private readonly upstreams: ConsoleUpstreams,
    private readonly messaging: MessagingRuntime,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * What the applicant supplied (the newborn's name or sex), applied as the registering hospital's
   * correction would be: the same rules, the same event, with `correctedBy: clerk:<username>`;
   * the clerk is named in the audit log as well.
   */
  async correct(user: ConsoleUser, caseId: string, request: CorrectionRequest): Promise<ConsoleCorrectionResponse> {
    const record = await this.intake.record(caseId);
    if (!record) throw new ConsoleRejection(404, [consoleError('caseId', 'CASE_NOT_FOUND', '未找到该案件', 'No such case')]);
    const hospital = record.application.hospital;
    if (!maySee(user, hospital?.regionCode)) throw new ConsoleRejection(403, [REGION_FORBIDDEN()]);
    const newborn = Object.fromEntries(Object.entries(request.newborn).filter(([, v]) => v !== undefined));
    if (Object.keys(newborn).length === 0) {
      throw new ConsoleRejection(400, [consoleError('newborn', 'NOTHING_TO_CORRECT', '请填写要更正的姓名或性别', 'Give the name or the sex to record')]);
    }
    const fields = Object.keys(newborn).map((k) => `newborn.${k}`);
    await this.audit.record({ user, action: 'case.correct', caseId, field: fields.join(','), reason: request.reason ?? null, detail: { correctionId: request.correctionId, fields } });
    const view = await this.corrections.correct(
      { id: record.hospitalId, name: hospital?.name ?? '', regionCode: hospital?.regionCode ?? '' },
      caseId,
      request.correctionId,
      { newborn },
      randomUUID(),
      `clerk:${user.username}`,
    );
    const done = view.corrections.find((c) => c.correctionId === request.correctionId);
    return { caseId, correctionId: request.correctionId, changedFields: done?.changedFields ?? [], correctedAt: done?.correctedAt ?? new Date().toISOString() };
  }

  /** A corrected account for the allowance: sealed here to the allowance's public key, bound to this case and beneficiary. */
  async bankAccount(user: ConsoleUser, caseId: string, request: BankAccountRequest): Promise<ConsoleBankAccountResponse> {
    const saga = await this.cases.visibleCase(user, caseId);
    const claimId = saga.steps.find((s) => s.item === 'maternity-allowance')?.claimId;
    if (!claimId) throw new ConsoleRejection(404, [consoleError('caseId', 'CLAIM_NOT_FOUND', '该案件没有生育津贴申领', 'The case has no maternity-allowance claim')]);
    // The sealer seals the accounts of an application; this one holds the one account to send.
    const sealed = await this.sealer.sealAccounts(caseId, { [request.beneficiary]: { bankAccount: { ...request.bankAccount } } } as unknown as BirthSubmissionV1);
    await this.audit.record({ user, action: 'case.bank-account', caseId, field: `${request.beneficiary}.bankAccount`, reason: request.note ?? null, detail: { claimId, reasonCode: request.reasonCode } });
    const answer = await this.upstreams.post<ConsoleBankAccountResponse>(
      'allowance',
      `/internal/claims/${claimId}/bank-account`,
      { beneficiary: request.beneficiary, caseId, bankAccount: sealed[request.beneficiary], reasonCode: request.reasonCode, note: request.note ?? null },
      { actor: user.username },
    );
    if (answer.ok) return answer.body;
    if (answer.status >= 500) throw new ConsoleRejection(502, [UPSTREAM_UNAVAILABLE('maternity-allowance')]);
    throw new ConsoleRejection(answer.status === 404 ? 404 : answer.status === 409 ? 409 : answer.status === 422 ? 422 : 400, answer.errors);
  }

  /** The allowance's manual review resolved through its own API (it records the clerk too): a wage, a confirmed ledger payment, a recovery. */
  async resolveAllowance(user: ConsoleUser, caseId: string, request: AllowanceResolutionRequest): Promise<ConsoleAllowanceResolutionResponse> {
    const saga = await this.cases.visibleCase(user, caseId);
    const claimId = saga.steps.find((s) => s.item === 'maternity-allowance')?.claimId;
    if (!claimId) throw new ConsoleRejection(404, [consoleError('caseId', 'CLAIM_NOT_FOUND', '该案件没有生育津贴申领', 'The case has no maternity-allowance claim')]);
    const { reason, ...resolution } = request;
    await this.audit.record({ user, action: 'case.allowance-resolution', caseId, field: request.beneficiary ?? null, reason: reason.trim(), detail: { claimId, ...resolution } });
    const answer = await this.upstreams.post<ConsoleAllowanceResolutionResponse>('allowance', `/internal/claims/${claimId}/resolutions`, { ...resolution, note: reason.trim() }, { actor: user.username });
    if (answer.ok) return answer.body;
    if (answer.status >= 500) throw new ConsoleRejection(502, [UPSTREAM_UNAVAILABLE('maternity-allowance')]);
    throw new ConsoleRejection(answer.status === 404 ? 404 : answer.status === 409 ? 409 : 400, answer.errors);
  }

  /** `retry-step` to the step's department, committed with its audit row (the outbox sends it). */
  async retry(user: ConsoleUser, caseId: string, item: string, reason: string): Promise<ConsoleRetryResponse> {
    if (!(APPLICATION_ITEMS as readonly string[]).includes(item)) {
      throw new ConsoleRejection(400, [consoleError('item', 'INVALID_ITEM', `事项须为 ${APPLICATION_ITEMS.join('、')} 之一`, `item must be one of ${APPLICATION_ITEMS.join(', ')}`)]);
    }
    const step = item as ApplicationItem;
    const saga = await this.cases.visibleCase(user, caseId);
    if (!saga.steps.some((s) => s.item === step)) {
      throw new ConsoleRejection(404, [consoleError('item', 'STEP_NOT_FOUND', '该案件没有此事项', 'The case has no such step')]);
    }
    const envelope = await this.dataSource.transaction(async (manager) => {
      await this.audit.record({ user, action: 'case.retry-step', caseId, field: step, reason }, manager);
      return this.messaging.publisher.sendCommand(manager, {
        topic: COMMAND_TOPIC[step],
        caseId,
        command: { command: 'retry-step', reasonCode: 'OPERATOR_REQUEST', note: `console: ${user.username}` },
      });
    });
    return { caseId, item: step, commandId: envelope.id };
  }

  /**
   * A household registration in manual review referred to the county's office (`refer-to-office`,
   * through the gateway's outbox with its audit row). Checked against the saga's view first, so a
   * clerk hears 409 at once; the department judges it again (and dead-letters it with its reason).
   */
  async referHouseholdRegistration(user: ConsoleUser, caseId: string, request: ReferralRequest): Promise<ConsoleReferralResponse> {
    const saga = await this.cases.visibleCase(user, caseId);
    const step = saga.steps.find((s) => s.item === 'household-registration');
    if (!step) throw new ConsoleRejection(404, [consoleError('item', 'STEP_NOT_FOUND', '该案件没有户口登记事项', 'The case has no household registration step')]);
    if (step.state !== 'in_progress' || step.reasonCode !== 'MANUAL_REVIEW') {
      throw new ConsoleRejection(409, [consoleError('item', 'REFERRAL_NOT_APPLICABLE', '户口登记事项不在人工审核中，不能转交派出所', 'The household registration is not in manual review: nothing to refer')]);
    }
    const reason = request.reason.trim();
    const envelope = await this.dataSource.transaction(async (manager) => {
      await this.audit.record({ user, action: 'case.refer-to-office', caseId, field: 'household-registration', reason, detail: { countyCode: request.countyCode ?? null } }, manager);
      return this.messaging.publisher.sendCommand(manager, {
        topic: Topics.householdRegistrationCommandsV1 as CommandTopicDefinition<ReferToOfficeCommandV1>,
        caseId,
        command: { command: 'refer-to-office', countyCode: request.countyCode ?? null, referredBy: user.username, reasonCode: request.reasonCode, note: reason },
      });
    });
    return { caseId, item: 'household-registration', commandId: envelope.id };
  }

  /** A note on the case, kept in the audit log (who, when, the text as its reason). */
  async note(user: ConsoleUser, caseId: string, text: string): Promise<ConsoleNote> {
    await this.cases.visibleCase(user, caseId);
    await this.audit.record({ user, action: 'case.note', caseId, reason: text });
    const notes = await this.cases.notesOf(caseId);
    return notes.filter((n) => n.author === user.username).at(-1)!;
  }
}
