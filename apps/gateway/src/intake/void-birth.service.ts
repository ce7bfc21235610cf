import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Topics, type BirthVoidedV1 } from '@birth/contracts';
import { freshCausalContext, runWithCausalContext } from '@birth/messaging';
import type { AuthenticatedHospital } from '../hospitals/signed-message-verifier';
import { IntakeCrypto } from './intake-crypto';
import { CASE_NOT_FOUND, IntakeRejection } from './intake.errors';
import { IntakeQueries } from './intake-queries.service';
import { IntakeRepository } from './intake.repository';
import type { IntakeView } from './intake-view';

/** A hospital voids its registered birth (POST …/void). */
@Injectable()
export class VoidBirthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly records: IntakeRepository,
    private readonly queries: IntakeQueries,
    private readonly crypto: IntakeCrypto,
  ) {}

  /** Voids the registration and publishes `birth.voided.v1`; voiding again answers the same and publishes nothing. */
  async void(hospital: AuthenticatedHospital, caseId: string, reason: string, correlationId: string): Promise<IntakeView> {
    const now = new Date();
    await runWithCausalContext(freshCausalContext(correlationId), () =>
      this.dataSource.transaction(async (tx) => {
        const record = await this.records.lockOwned(tx, hospital.id, caseId);
        if (!record) throw new IntakeRejection(404, [CASE_NOT_FOUND()]);
        if (record.state === 'voided') return;
        await this.records.markVoided(tx, caseId, now, this.crypto.sealPayload(caseId, reason, 'void-reason'));
        const payload: BirthVoidedV1 = {
          caseNumber: record.case_number,
          hospitalId: hospital.id,
          birthRecordId: record.birth_record_id,
          reason,
          voidedAt: now.toISOString(),
        };
        await this.records.publishFollowUp(tx, caseId, randomUUID(), now, Topics.birthVoidedV1, payload);
      }),
    );
    return this.queries.find(hospital, caseId);
  }
}
