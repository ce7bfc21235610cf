import type { EntityManager } from 'typeorm';
import type { ItemState } from '@birth/contracts';
import type { StepClockView } from '../ports/step-clock-port';
import type { Pause } from './domain/step-clock';
import type { StepClockRecord } from './domain/step-plan';

interface StepClockRow {
  case_id: string;
  item: StepClockRecord['item'];
  region_code: string;
  rule_version: string | null;
  state: ItemState;
  target_working_days: number | null;
  started_at: Date | null;
  pauses: Pause[];
  deadline: Date | null;
  last_working_day: string | null;
  at_risk_at: Date | null;
  provisional: boolean;
  calendar_version: string | null;
  paused_working_days: number;
  at_risk: boolean;
  breached_at: Date | null;
  last_change_at: Date;
  voided_at: Date | null;
  provisional_escalated: boolean;
  commands_sent: number;
}

const COLUMNS = `case_id, item, region_code, rule_version, state, target_working_days, started_at, pauses, deadline,
  to_char(last_working_day, 'YYYY-MM-DD') AS last_working_day, at_risk_at, provisional, calendar_version, paused_working_days,
  at_risk, breached_at, last_change_at, voided_at, provisional_escalated, commands_sent`;

/** A stored clock, with how many commands (retry-step, revoke) the saga sent for the step. */
export interface StoredClock extends StepClockRecord {
  readonly commandsSent: number;
}

const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

function fromRow(row: StepClockRow): StoredClock {
  return {
    caseId: row.case_id,
    item: row.item,
    regionCode: row.region_code,
    ruleVersion: row.rule_version,
    state: row.state,
    targetWorkingDays: row.target_working_days,
    startedAt: iso(row.started_at),
    pauses: row.pauses,
    deadline: iso(row.deadline),
    lastWorkingDay: row.last_working_day,
    atRiskAt: iso(row.at_risk_at),
    provisional: row.provisional,
    calendarVersion: row.calendar_version,
    pausedWorkingDays: row.paused_working_days,
    atRisk: row.at_risk,
    breachedAt: iso(row.breached_at),
    lastChangeAt: row.last_change_at.toISOString(),
    voidedAt: iso(row.voided_at),
    provisionalEscalated: row.provisional_escalated,
    commandsSent: row.commands_sent,
  };
}

/** `step_clocks`, always in the caller's transaction. */
export class StepClockStore {
  /** The clocks of these (case, item) pairs, locked for the transaction; missing ones are absent. */
  async lock(manager: EntityManager, keys: readonly { caseId: string; item: string }[]): Promise<StoredClock[]> {
    if (keys.length === 0) return [];
    const rows: StepClockRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM step_clocks
       WHERE (case_id, item) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))
       ORDER BY case_id, item
       FOR UPDATE`,
      [keys.map((k) => k.caseId), keys.map((k) => k.item)],
    );
    return rows.map(fromRow);
  }

  async lockOne(manager: EntityManager, caseId: string, item: string): Promise<StoredClock | null> {
    return (await this.lock(manager, [{ caseId, item }]))[0] ?? null;
  }

  /** Provisional clocks after `after` (keyset order), locked, skipping those another instance holds. */
  async lockProvisional(manager: EntityManager, after: { caseId: string; item: string } | null, limit: number): Promise<StoredClock[]> {
    const rows: StepClockRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM step_clocks
       WHERE provisional AND ($1::uuid IS NULL OR (case_id, item) > ($1::uuid, $2::text))
       ORDER BY case_id, item
       LIMIT $3
       FOR UPDATE SKIP LOCKED`,
      [after?.caseId ?? null, after?.item ?? null, limit],
    );
    return rows.map(fromRow);
  }

  async save(manager: EntityManager, record: StepClockRecord): Promise<void> {
    await manager.query(
      `INSERT INTO step_clocks (case_id, item, region_code, rule_version, state, target_working_days, started_at, pauses, deadline,
         last_working_day, at_risk_at, provisional, calendar_version, paused_working_days, at_risk, breached_at, last_change_at,
         voided_at, provisional_escalated)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10::date, $11, $12, $13, $14, $15, $16, $17, $18, $19)
       ON CONFLICT (case_id, item) DO UPDATE SET
         region_code = EXCLUDED.region_code, rule_version = EXCLUDED.rule_version, state = EXCLUDED.state,
         target_working_days = EXCLUDED.target_working_days, started_at = EXCLUDED.started_at, pauses = EXCLUDED.pauses,
         deadline = EXCLUDED.deadline, last_working_day = EXCLUDED.last_working_day, at_risk_at = EXCLUDED.at_risk_at,
         provisional = EXCLUDED.provisional, calendar_version = EXCLUDED.calendar_version,
         paused_working_days = EXCLUDED.paused_working_days, at_risk = EXCLUDED.at_risk,
         breached_at = coalesce(step_clocks.breached_at, EXCLUDED.breached_at), last_change_at = EXCLUDED.last_change_at,
         voided_at = EXCLUDED.voided_at, provisional_escalated = EXCLUDED.provisional_escalated`,
      [
        record.caseId,
        record.item,
        record.regionCode,
        record.ruleVersion,
        record.state,
        record.targetWorkingDays,
        record.startedAt,
        JSON.stringify(record.pauses),
        record.deadline,
        record.lastWorkingDay,
        record.atRiskAt,
        record.provisional,
        record.calendarVersion,
        record.pausedWorkingDays,
        record.atRisk,
        record.breachedAt,
        record.lastChangeAt,
        record.voidedAt,
        record.provisionalEscalated,
      ],
    );
  }

  /**
   * Marks steps at risk (the at-risk timer fired), as a data-modifying CTE to travel with the
   * outbox INSERT (`OutboxPublisher.publishAll`'s `alongside`): one round trip fewer per tick.
   */
  markAtRisk(keys: readonly { caseId: string; item: string }[]): { sql: string; params: unknown[] } {
    return {
      sql: `marked AS (UPDATE step_clocks SET at_risk = true WHERE (case_id, item) IN (SELECT * FROM unnest($1::uuid[], $2::text[])) RETURNING 1)`,
      params: [keys.map((k) => k.caseId), keys.map((k) => k.item)],
    };
  }

  /** Marks steps breached at the timer's firing (a breach already recorded stays as it was); a CTE as `markAtRisk`. */
  markBreached(keys: readonly { caseId: string; item: string }[], at: readonly string[]): { sql: string; params: unknown[] } {
    return {
      sql: `marked AS (
              UPDATE step_clocks s SET breached_at = coalesce(s.breached_at, k.at)
              FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS k(case_id, item, at)
              WHERE s.case_id = k.case_id AND s.item = k.item RETURNING 1)`,
      params: [keys.map((k) => k.caseId), keys.map((k) => k.item), at],
    };
  }

  /** Counts a command sent for each step (retry-step, revoke). */
  async countCommand(manager: EntityManager, keys: readonly { caseId: string; item: string }[]): Promise<void> {
    await this.updateKeys(manager, keys, `commands_sent = commands_sent + 1`);
  }

  async markProvisionalEscalated(manager: EntityManager, keys: readonly { caseId: string; item: string }[]): Promise<void> {
    await this.updateKeys(manager, keys, `provisional_escalated = true`);
  }

  /** The clocks of these cases, for the query API. */
  async views(manager: EntityManager, caseIds: readonly string[]): Promise<StepClockView[]> {
    if (caseIds.length === 0) return [];
    const rows: StepClockRow[] = await manager.query(`SELECT ${COLUMNS} FROM step_clocks WHERE case_id = ANY ($1::uuid[]) ORDER BY case_id, item`, [caseIds]);
    return rows.map((row) => {
      const clock = fromRow(row);
      return {
        caseId: clock.caseId,
        item: clock.item,
        startedAt: clock.startedAt,
        deadline: clock.deadline,
        provisional: clock.provisional,
        pausedWorkingDays: clock.pausedWorkingDays,
        pauses: clock.pauses,
        atRisk: clock.atRisk,
        breachedAt: clock.breachedAt,
      };
    });
  }

  private async updateKeys(manager: EntityManager, keys: readonly { caseId: string; item: string }[], set: string): Promise<void> {
    if (keys.length === 0) return;
    await manager.query(
      `UPDATE step_clocks SET ${set} WHERE (case_id, item) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))`,
      [keys.map((k) => k.caseId), keys.map((k) => k.item)],
    );
  }
}
