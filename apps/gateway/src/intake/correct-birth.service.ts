import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Topics, type BirthCorrectedV1 } from '@birth/contracts';
import { freshCausalContext, runWithCausalContext } from '@birth/messaging';
import type { AuthenticatedHospital } from '../hospitals/signed-message-verifier';
import { applyMergePatch, canonicalJson, differingPaths } from './domain/canonical-json';
import { accountChangeRefusals, correctionRefusals } from './domain/correctable-fields';
import { registeredBirth } from './domain/registered-birth';
import { checkHospitalSubmission } from './domain/submitting-hospital';
import { acceptedOrThrow, CASE_NOT_FOUND, intakeError, IntakeRejection } from './intake.errors';
import { IntakeWriter } from './intake-writer';
import type { IntakeView } from './intake-view';

/** A hospital corrects the correctable facts of its registered birth (POST …/corrections). */
@Injectable()
export class CorrectBirthService extends IntakeWriter {
  /**
   * Applies a JSON merge patch over the correctable facts and publishes `birth.corrected.v1`
   * with the whole corrected application, judged by the rules at the original acceptance time.
   * A repeated correctionId with the same patch gets the first answer; with another patch, 409.
   */
  async correct(
    hospital: AuthenticatedHospital,
    caseId: string,
    correctionId: string,
    patch: Record<string, unknown>,
    correlationId: string,
    correctedBy = `hospital:${hospital.id}`,
  ): Promise<IntakeView> {
    const refusals = correctionRefusals(patch);
    if (refusals.length) throw new IntakeRejection(400, refusals);
    const patchHash = this.crypto.contentHash(canonicalJson(patch));
    const now = new Date();
    await runWithCausalContext(freshCausalContext(correlationId), () =>
      this.dataSource.transaction(async (tx) => {
        const record = await this.records.lockOwned(tx, hospital.id, caseId);
        if (!record) throw new IntakeRejection(404, [CASE_NOT_FOUND()]);
        const previousHash = await this.records.correctionPatchHash(tx, caseId, correctionId);
        if (previousHash !== undefined) {
          if (previousHash === patchHash) return; // a retry: the first answer stands
          throw new IntakeRejection(409, [intakeError('correctionId', 'CORRECTION_ID_REUSED')]);
        }
        if (record.state === 'voided') {
          throw new IntakeRejection(409, [intakeError('caseId', 'CASE_VOIDED')]);
        }
        const current = JSON.parse(this.crypto.openPayload(caseId, record.current_payload_sealed ?? record.original_payload_sealed)) as unknown;
        const corrected = applyMergePatch(current, patch);
        const accountChanges = accountChangeRefusals(current, corrected);
        if (accountChanges.length) throw new IntakeRejection(400, accountChanges);
        const application = acceptedOrThrow(checkHospitalSubmission(hospital, corrected, { now: record.accepted_at, policy: (region, onDate) => this.referenceData.rulesFor(region, onDate) }));
        const canonical = canonicalJson(application);
        const changedFields = differingPaths(current, JSON.parse(canonical));
        const eventId = randomUUID();
        await this.records.saveCorrection(tx, { caseId, correctionId, patchHash, changedFields, eventId, correctedAt: now, sealedPayload: this.crypto.sealPayload(caseId, canonical) });
        // The accounts (not correctable here, but carried) are sealed afresh for the allowance service.
        const registered = registeredBirth(
          application,
          { caseNumber: record.case_number, acceptedAt: record.accepted_at, intakeRuleVersion: record.rule_version },
          await this.accounts.sealAccounts(caseId, application),
        );
        const payload: BirthCorrectedV1 = { correctionId, caseNumber: record.case_number, patch, changedFields, application: registered, correctedAt: now.toISOString(), correctedBy };
        await this.records.publishFollowUp(tx, caseId, eventId, now, Topics.birthCorrectedV1, payload);
      }),
    );
    return this.queries.find(hospital, caseId);
  }
}
