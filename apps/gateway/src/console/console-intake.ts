import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { IdentityDocumentV1 } from '@birth/contracts';
import { IntakeCrypto } from '../intake/intake-crypto';
import type { StoredApplication } from './domain/case-family';

/** What the console reads of an intake record: ids and the sealed application, never decrypted in bulk. */
export interface IntakeRecordRef {
  caseId: string;
  caseNumber: string;
  hospitalId: string;
  deliveryId: string;
  state: 'accepted' | 'voided';
}

interface RecordRow extends IntakeRecordRef {
  sealed: string;
}

const COLUMNS = `case_id AS "caseId", case_number AS "caseNumber", hospital_id AS "hospitalId", delivery_id AS "deliveryId", state,
  coalesce(current_payload_sealed, original_payload_sealed) AS sealed`;

/**
 * The gateway's own intake store as the console reads it: a case's current application (opened
 * for one case at a time), a mother's cases by the blind index of her identity document (an exact
 * match on a keyed hash; nothing is decrypted to search), and twins' cases by their delivery.
 */
@Injectable()
export class ConsoleIntake {
  constructor(
    private readonly dataSource: DataSource,
    private readonly crypto: IntakeCrypto,
  ) {}

  async record(caseId: string, manager: EntityManager = this.dataSource.manager): Promise<(IntakeRecordRef & { application: StoredApplication }) | null> {
    const [row] = (await manager.query(`SELECT ${COLUMNS} FROM intake_records WHERE case_id = $1`, [caseId])) as RecordRow[];
    if (!row) return null;
    const { sealed, ...ref } = row;
    return { ...ref, application: JSON.parse(this.crypto.openPayload(caseId, sealed)) as StoredApplication };
  }

  /** The mother's cases, newest first (at most 50), found by the blind index the intake wrote. */
  async casesOfMother(identity: IdentityDocumentV1): Promise<string[]> {
    const rows: { caseId: string }[] = await this.dataSource.query(`SELECT case_id AS "caseId" FROM intake_records WHERE mother_id_hash = $1 ORDER BY accepted_at DESC LIMIT 50`, [
      this.crypto.motherIdHash(identity),
    ]);
    return rows.map((r) => r.caseId);
  }

  /** The other cases of the same delivery (twins), by the hospital's delivery id. */
  async siblingsOf(ref: Pick<IntakeRecordRef, 'caseId' | 'hospitalId' | 'deliveryId'>): Promise<{ caseId: string; caseNumber: string }[]> {
    return this.dataSource.query(
      `SELECT case_id AS "caseId", case_number AS "caseNumber" FROM intake_records WHERE hospital_id = $1 AND delivery_id = $2 AND case_id <> $3 ORDER BY birth_order, case_id`,
      [ref.hospitalId, ref.deliveryId, ref.caseId],
    );
  }
}
