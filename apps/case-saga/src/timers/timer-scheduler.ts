import type { EntityManager } from 'typeorm';
import { SAGA_NOW_SQL } from './saga-clock';

/**
 * What a timer is for. The saga's handlers are registered per kind (TimerTicker); the table
 * accepts any lower-case kebab name, so a new kind needs no migration.
 */
export const TIMER_KINDS = ['at-risk', 'breach', 'stuck', 'stuck-escalation', 'compensation-due', 'compensation-escalation'] as const;
export type TimerKind = (typeof TIMER_KINDS)[number];

export type TimerState = 'pending' | 'fired' | 'cancelled';

/** One timer: at most one per (case, step, kind); `step` is the item, or null for a case-wide timer. */
export interface TimerKey {
  caseId: string;
  step: string | null;
  kind: TimerKind;
}

export interface ScheduleRequest<P extends object = Record<string, unknown>> extends TimerKey {
  dueAt: Date;
  /** What the handler needs when the timer fires (no personal data: it is stored in clear). */
  payload?: P;
}

/**
 * What schedule() did:
 * - `scheduled`: a new pending timer;
 * - `moved`: the pending (or cancelled) timer now falls due at `dueAt`, with the new payload;
 * - `unchanged`: it was pending with the same due time and payload;
 * - `already-fired`: it fired already and `rearm` was not asked for: a timer fires once.
 */
export type ScheduleOutcome = 'scheduled' | 'moved' | 'unchanged' | 'already-fired';

export interface ScheduleOptions {
  /** Re-arm a timer that has already fired (e.g. a stuck-step timer after new progress). Default false. */
  rearm?: boolean;
}

/**
 * Schedules and cancels the saga's timers, always in the caller's transaction, so a timer
 * exists exactly when the case change that asked for it commits.
 */
export class TimerScheduler {
  /**
   * Idempotent per (case, step, kind): scheduling again moves `due_at` (a pause that moves a
   * deadline) and replaces the payload; a fired timer is left fired unless `rearm`.
   */
  async schedule<P extends object>(manager: EntityManager, request: ScheduleRequest<P>, options: ScheduleOptions = {}): Promise<ScheduleOutcome> {
    assertInTransaction(manager, 'schedule');
    // (UPDATEs sit in CTEs here and below: TypeORM answers a bare UPDATE … RETURNING with [rows, count].)
    // xmax = 0 tells an inserted row from an updated one; the WHERE of DO UPDATE leaves a fired
    // timer alone (no row returned) unless re-arming is asked for.
    const rows: { inserted: boolean; before: TimerState; same: boolean }[] = await manager.query(
      `WITH before AS (
         SELECT state, due_at, payload FROM timers
         WHERE case_id = $1 AND step IS NOT DISTINCT FROM $2 AND kind = $3
       )
       INSERT INTO timers AS t (case_id, step, kind, due_at, payload, scheduled_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, ${SAGA_NOW_SQL})
       ON CONFLICT ON CONSTRAINT timers_one_per_case_step_kind DO UPDATE
         SET due_at = EXCLUDED.due_at, payload = EXCLUDED.payload, scheduled_at = EXCLUDED.scheduled_at,
             state = 'pending', fired_at = NULL, last_error = NULL
         WHERE t.state <> 'fired' OR $6::boolean
       RETURNING (xmax = 0) AS inserted,
                 (SELECT state FROM before) AS before,
                 coalesce((SELECT state = 'pending' AND due_at = $4::timestamptz AND payload = $5::jsonb FROM before), false) AS same`,
      [request.caseId, request.step, request.kind, request.dueAt.toISOString(), JSON.stringify(request.payload ?? {}), options.rearm === true],
    );
    const row = rows[0];
    if (row === undefined) return 'already-fired';
    if (row.inserted) return 'scheduled';
    return row.same ? 'unchanged' : 'moved';
  }

  /** Cancels a pending timer; true if one was pending. A fired timer stays fired. */
  async cancel(manager: EntityManager, key: TimerKey): Promise<boolean> {
    assertInTransaction(manager, 'cancel');
    const rows: unknown[] = await manager.query(
      `WITH cancelled AS (
         UPDATE timers SET state = 'cancelled' WHERE case_id = $1 AND step IS NOT DISTINCT FROM $2 AND kind = $3 AND state = 'pending' RETURNING id
       )
       SELECT id FROM cancelled`,
      [key.caseId, key.step, key.kind],
    );
    return rows.length > 0;
  }

  /** Cancels every pending timer of a case (or of one of its steps); returns how many. */
  async cancelAll(manager: EntityManager, caseId: string, step?: string | null): Promise<number> {
    assertInTransaction(manager, 'cancelAll');
    const rows: unknown[] = await manager.query(
      `WITH cancelled AS (
         UPDATE timers SET state = 'cancelled'
         WHERE case_id = $1 AND state = 'pending' AND ($2::boolean OR step IS NOT DISTINCT FROM $3) RETURNING id
       )
       SELECT id FROM cancelled`,
      [caseId, step === undefined, step ?? null],
    );
    return rows.length;
  }
}

function assertInTransaction(manager: EntityManager, what: string): void {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error(`TimerScheduler.${what} must run inside the caller's transaction (the timer commits with the case change)`);
  }
}
