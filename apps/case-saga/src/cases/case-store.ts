import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ApplicationItem, ItemState, LocalizedTextV1, WaitingFor } from '@birth/contracts';
import type { CaseState } from './domain/case-state';
import type { Step } from './domain/step';

/** A case row as the projection and the query API read it. */
export interface CaseRow {
  caseId: string;
  seq: string;
  caseNumber: string | null;
  hospitalId: string;
  regionCode: string | null;
  deliveryId: string;
  items: ApplicationItem[];
  state: CaseState;
  acceptedAt: string;
  voidedAt: string | null;
  completedAt: string | null;
  atRisk: boolean;
  breached: boolean;
}

export const CASE_COLUMNS = `case_id AS "caseId", seq::text AS seq, case_number AS "caseNumber", hospital_id AS "hospitalId",
  region_code AS "regionCode", delivery_id AS "deliveryId", items, state, accepted_at AS "acceptedAt", voided_at AS "voidedAt",
  completed_at AS "completedAt", at_risk AS "atRisk", breached`;

interface RawCase extends Omit<CaseRow, 'acceptedAt' | 'voidedAt' | 'completedAt'> {
  acceptedAt: Date;
  voidedAt: Date | null;
  completedAt: Date | null;
}

export function caseRowOf(raw: RawCase): CaseRow {
  return { ...raw, acceptedAt: raw.acceptedAt.toISOString(), voidedAt: raw.voidedAt?.toISOString() ?? null, completedAt: raw.completedAt?.toISOString() ?? null };
}

interface RawStep {
  case_id: string;
  item: ApplicationItem;
  state: ItemState;
  waiting_for: WaitingFor[];
  reason_code: string | null;
  reason: LocalizedTextV1 | null;
  prerequisites_met_at: Date | null;
  changed_at: Date;
  rule_version: string | null;
  last_change: string | null;
  claim_id: string | null;
  compensated_at: Date | null;
}

function stepOf(raw: RawStep): Step {
  return {
    item: raw.item,
    state: raw.state,
    waitingFor: raw.waiting_for,
    reasonCode: raw.reason_code,
    reason: raw.reason,
    prerequisitesMetAt: raw.prerequisites_met_at?.toISOString() ?? null,
    changedAt: raw.changed_at.toISOString(),
    ruleVersion: raw.rule_version,
    lastChange: raw.last_change,
    claimId: raw.claim_id,
    compensatedAt: raw.compensated_at?.toISOString() ?? null,
  };
}

/** The order steps are shown in: the bundle's order (DOMAIN.md §1). */
const STEP_ORDER = `array_position(ARRAY['birth-certificate','household-registration','medical-insurance','social-security-card','maternity-allowance'], item)`;

export interface OpenCaseRow {
  caseId: string;
  caseNumber: string;
  hospitalId: string;
  regionCode: string;
  birthRecordId: string;
  deliveryId: string;
  items: readonly ApplicationItem[];
  acceptedAt: string;
  messageId: string;
}

/** The projection's SQL: cases, steps and the changes that wait for their case's birth. Always in the caller's transaction. */
@Injectable()
export class CaseStore {
  /**
   * Serialises the work on one case across handlers and saga instances, including a case not
   * opened yet (a change parked for a birth that commits at the same moment is not lost).
   */
  async lock(manager: EntityManager, caseId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1::text, 13))`, [caseId]);
  }

  /** Opens the case; false when it is open already (a redelivered or replayed birth). */
  async open(manager: EntityManager, row: OpenCaseRow): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO cases (case_id, case_number, hospital_id, region_code, birth_record_id, delivery_id, items, accepted_at, opened_by_message)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING case_id`,
      [row.caseId, row.caseNumber, row.hospitalId, row.regionCode, row.birthRecordId, row.deliveryId, row.items, row.acceptedAt, row.messageId],
    );
    return inserted.length > 0;
  }

  async find(manager: EntityManager, caseId: string): Promise<CaseRow | null> {
    const rows: RawCase[] = await manager.query(`SELECT ${CASE_COLUMNS} FROM cases WHERE case_id = $1`, [caseId]);
    return rows[0] ? caseRowOf(rows[0]) : null;
  }

  async update(manager: EntityManager, caseId: string, changes: { state?: CaseState; completedAt?: string | null; voidedAt?: string; atRisk?: boolean; breached?: boolean }): Promise<void> {
    await manager.query(
      `UPDATE cases SET state = coalesce($2, state),
              completed_at = CASE WHEN $3::boolean THEN $4::timestamptz ELSE completed_at END,
              voided_at = coalesce($5, voided_at), at_risk = coalesce($6, at_risk), breached = coalesce($7, breached), updated_at = now()
        WHERE case_id = $1`,
      [caseId, changes.state ?? null, changes.completedAt !== undefined, changes.completedAt ?? null, changes.voidedAt ?? null, changes.atRisk ?? null, changes.breached ?? null],
    );
  }

  async steps(manager: EntityManager, caseId: string): Promise<Step[]> {
    const rows: RawStep[] = await manager.query(`SELECT * FROM case_steps WHERE case_id = $1 ORDER BY ${STEP_ORDER}`, [caseId]);
    return rows.map(stepOf);
  }

  /** The steps of several cases, by case. */
  async stepsOf(manager: EntityManager, caseIds: readonly string[]): Promise<Map<string, Step[]>> {
    const byCase = new Map<string, Step[]>(caseIds.map((id) => [id, []]));
    if (caseIds.length === 0) return byCase;
    const rows: RawStep[] = await manager.query(`SELECT * FROM case_steps WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, ${STEP_ORDER}`, [caseIds]);
    for (const row of rows) byCase.get(row.case_id)?.push(stepOf(row));
    return byCase;
  }

  async saveStep(manager: EntityManager, caseId: string, step: Step, messageId: string | null): Promise<void> {
    await manager.query(
      `INSERT INTO case_steps (case_id, item, state, waiting_for, reason_code, reason, prerequisites_met_at, changed_at, rule_version, last_change, last_message_id, claim_id, compensated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (case_id, item) DO UPDATE SET state = EXCLUDED.state, waiting_for = EXCLUDED.waiting_for, reason_code = EXCLUDED.reason_code,
         reason = EXCLUDED.reason, prerequisites_met_at = EXCLUDED.prerequisites_met_at, changed_at = EXCLUDED.changed_at,
         rule_version = EXCLUDED.rule_version, last_change = EXCLUDED.last_change, last_message_id = EXCLUDED.last_message_id,
         claim_id = EXCLUDED.claim_id, compensated_at = EXCLUDED.compensated_at`,
      [
        caseId,
        step.item,
        step.state,
        step.waitingFor,
        step.reasonCode,
        step.reason ? JSON.stringify(step.reason) : null,
        step.prerequisitesMetAt,
        step.changedAt,
        step.ruleVersion,
        step.lastChange,
        messageId,
        step.claimId,
        step.compensatedAt,
      ],
    );
  }

  /** The cases whose allowance step shows the claim, and is not already compensated. */
  async casesShowingClaim(manager: EntityManager, claimId: string): Promise<string[]> {
    const rows: { case_id: string }[] = await manager.query(
      `SELECT case_id FROM case_steps WHERE claim_id = $1 AND item = 'maternity-allowance' AND state <> 'revoked' ORDER BY case_id`,
      [claimId],
    );
    return rows.map((r) => r.case_id);
  }

  /** Parks a change for a case whose birth has not arrived. */
  async park(manager: EntityManager, caseId: string, messageId: string, messageType: string, change: object): Promise<void> {
    await manager.query(`INSERT INTO pending_case_changes (case_id, message_id, message_type, change) VALUES ($1, $2, $3, $4)`, [caseId, messageId, messageType, JSON.stringify(change)]);
  }

  /** Takes (and removes) the case's parked changes, in arrival order. */
  async takeParked<C>(manager: EntityManager, caseId: string): Promise<{ messageId: string; messageType: string; change: C }[]> {
    const rows: { message_id: string; message_type: string; change: C }[] = await manager.query(
      `WITH taken AS (DELETE FROM pending_case_changes WHERE case_id = $1 RETURNING id, message_id, message_type, change)
       SELECT message_id, message_type, change FROM taken ORDER BY id`,
      [caseId],
    );
    return rows.map((r) => ({ messageId: r.message_id, messageType: r.message_type, change: r.change }));
  }
}
