import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthenticatedHospital } from '../hospitals/signed-message-verifier';
import { CASE_NOT_FOUND, IntakeRejection } from './intake.errors';
import { IntakeRepository, type RecordRow } from './intake.repository';
import { toIntakeView, type IntakeView } from './intake-view';

/** A hospital reads its own births; another hospital's case answers exactly like a missing one. */
@Injectable()
export class IntakeQueries {
  constructor(private readonly records: IntakeRepository) {}

  async find(hospital: AuthenticatedHospital, caseId: string): Promise<IntakeView> {
    const row = await this.records.findOwned(hospital.id, caseId);
    if (!row) throw new IntakeRejection(404, [CASE_NOT_FOUND()]);
    return this.viewOf(row);
  }

  async findByRecordId(hospital: AuthenticatedHospital, birthRecordId: string): Promise<IntakeView> {
    const record = await this.records.findByRecordId(hospital.id, birthRecordId);
    if (!record) throw new IntakeRejection(404, [CASE_NOT_FOUND('recordId')]);
    return this.find(hospital, record.case_id);
  }

  /** The view of a record in hand, its events and corrections read with `manager` (the pool by default). */
  async viewOf(row: RecordRow, manager?: EntityManager): Promise<IntakeView> {
    const events = await this.records.eventsOf(row.case_id, manager);
    const corrections = await this.records.correctionsOf(row.case_id, manager);
    return toIntakeView(row, events, corrections);
  }
}
