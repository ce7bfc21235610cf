import type { DataSource, EntityManager } from 'typeorm';
import { SAGA_NOW_SQL } from './saga-clock';
import type { TimerKind } from './timer-scheduler';

/** A timer as its handler sees it, claimed and already marked fired in the handler's transaction. */
export interface FiredTimer<P extends object = Record<string, unknown>> {
  id: string;
  caseId: string;
  step: string | null;
  kind: TimerKind;
  dueAt: Date;
  /** The saga's clock when it fired (the database's, with the test offset). */
  firedAt: Date;
  /** This firing's attempt, from 1; above 1 after earlier attempts failed and were rolled back. */
  attempts: number;
  payload: P;
}

/**
 * Does what a kind of timer is for, in the transaction that claimed the timers: its writes (case
 * changes, outbox events and commands, further timers) commit together with the timers' `fired`
 * state, or not at all. It gets every due timer of its kind in the tick at once, so it can write
 * them in a few statements. Throwing rolls the whole tick back; the timers are then retried one
 * per transaction, and one that fails alone is put back with a backoff.
 */
export type TimerHandler = (manager: EntityManager, timers: FiredTimer[]) => Promise<void>;

export interface TimerTickerOptions {
  /** Timers claimed per tick (per transaction). */
  batchSize?: number;
  /** Longest wait between ticks when nothing is due sooner. */
  idleMs?: number;
  /** First backoff after a timer failed alone; doubles per attempt up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Told about a timer that failed alone (ids and kinds only: never personal data). */
  onFailure?: (timer: { id: string; caseId: string; kind: string; attempts: number }, error: unknown) => void;
}

export interface TickResult {
  fired: number;
  failed: number;
}

interface ClaimedRow {
  id: string;
  case_id: string;
  step: string | null;
  kind: TimerKind;
  due_at: Date;
  fired_at: Date;
  attempts: number;
  payload: Record<string, unknown>;
}

/**
 * Claims due timers and fires them. Several tickers (saga instances) share one schema: the claim
 * is `FOR UPDATE SKIP LOCKED`, and a claimed timer is marked fired in the claiming transaction,
 * so each timer fires exactly once whichever ticker takes it. "Due" is judged on the database's
 * clock (SAGA_NOW_SQL) in the claiming statement itself; the process's clock only paces the loop.
 */
export class TimerTicker {
  private readonly batchSize: number;
  private readonly idleMs: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private running: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly handlers: Partial<Record<TimerKind, TimerHandler>>,
    private readonly options: TimerTickerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 200;
    this.idleMs = options.idleMs ?? 1_000;
    this.backoffMs = options.backoffMs ?? 1_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 3_600_000;
  }

  /** One claim-and-fire: up to `batchSize` due timers in one transaction; nothing due costs one read. */
  async tick(): Promise<TickResult> {
    // Most ticks find nothing due: one read, no transaction (no BEGIN, no COMMIT) says so. The
    // claim below judges again, so a timer that falls due in between waits for the next tick.
    // ORDER BY keeps the planner on timers_pending_due: without it, it chose a sequential scan
    // for LIMIT 1, 1.4 s with 3,000,000 timers when nothing is due (bench:saga).
    const due: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM timers WHERE state = 'pending' AND due_at <= ${SAGA_NOW_SQL} ORDER BY due_at LIMIT 1`,
    );
    if (due.length === 0) return { fired: 0, failed: 0 };
    try {
      const fired = await this.dataSource.transaction(async (manager) => this.fire(manager, this.claimSql(), [this.batchSize]));
      return { fired, failed: 0 };
    } catch {
      return this.fireOneByOne();
    }
  }

  /** Ticks until stop(): at once again after a full batch, else after `idleMs` or when the next timer falls due, whichever is sooner. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop();
  }

  /** Waits for the tick in flight, then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = null;
  }

  /** Ticks now instead of waiting (e.g. after scheduling something due soon). */
  poke(): void {
    this.wake?.();
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let result: TickResult;
      try {
        result = await this.tick();
      } catch {
        result = { fired: 0, failed: 0 }; // The database is away: wait and try again.
      }
      if (this.stopping) break;
      if (result.fired + result.failed >= this.batchSize) continue;
      await this.sleep(await this.msUntilNextDue().catch(() => this.idleMs));
    }
  }

  private async msUntilNextDue(): Promise<number> {
    const rows: { ms: number | null }[] = await this.dataSource.query(
      `SELECT extract(epoch FROM min(due_at) - ${SAGA_NOW_SQL}) * 1000 AS ms FROM timers WHERE state = 'pending'`,
    );
    const ms = rows[0]?.ms;
    return ms === null || ms === undefined ? this.idleMs : Math.max(0, Math.min(this.idleMs, Math.ceil(Number(ms))));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private claimSql(): string {
    // One statement claims and marks: rows another ticker holds are skipped, not waited for.
    // (The UPDATE sits in a CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count].)
    // `id = ANY (ARRAY (…))` finds the claimed rows by primary key whatever the table's size: a
    // join (`FROM due`) was planned as a hash join over the whole table when it was small.
    return `WITH due AS (
              SELECT id FROM timers
              WHERE state = 'pending' AND due_at <= ${SAGA_NOW_SQL}
              ORDER BY due_at
              LIMIT $1
              FOR UPDATE SKIP LOCKED
            ), fired AS (
              UPDATE timers t SET state = 'fired', fired_at = ${SAGA_NOW_SQL}, attempts = t.attempts + 1, last_error = NULL
              WHERE t.id = ANY (ARRAY (SELECT id FROM due))
              RETURNING t.id, t.case_id, t.step, t.kind, t.due_at, t.fired_at, t.attempts, t.payload
            )
            SELECT * FROM fired`;
  }

  private async fire(manager: EntityManager, claimSql: string, params: unknown[]): Promise<number> {
    const rows: ClaimedRow[] = await manager.query(claimSql, params);
    const byKind = new Map<TimerKind, FiredTimer[]>();
    for (const row of rows) {
      const timer: FiredTimer = {
        id: String(row.id),
        caseId: row.case_id,
        step: row.step,
        kind: row.kind,
        dueAt: row.due_at,
        firedAt: row.fired_at,
        attempts: row.attempts,
        payload: row.payload,
      };
      const list = byKind.get(timer.kind) ?? [];
      list.push(timer);
      byKind.set(timer.kind, list);
    }
    for (const [kind, timers] of byKind) {
      const handler = this.handlers[kind];
      if (!handler) throw new Error(`no handler for timers of kind ${kind}`);
      await handler(manager, timers);
    }
    return rows.length;
  }

  /** After a failed batch: the due timers one per transaction, so one bad timer does not hold back the others. */
  private async fireOneByOne(): Promise<TickResult> {
    const result: TickResult = { fired: 0, failed: 0 };
    const ids: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM timers WHERE state = 'pending' AND due_at <= ${SAGA_NOW_SQL} ORDER BY due_at LIMIT $1`,
      [this.batchSize],
    );
    const one = this.claimSql().replace('WHERE state = ', 'WHERE id = $2 AND state = ');
    for (const { id } of ids) {
      try {
        result.fired += await this.dataSource.transaction((manager) => this.fire(manager, one, [1, id]));
      } catch (error) {
        result.failed += 1;
        await this.putBack(id, error);
      }
    }
    return result;
  }

  /** A timer that failed alone stays pending, due again after a backoff on the saga's clock. */
  private async putBack(id: string, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const rows: { id: string; case_id: string; kind: string; attempts: number }[] = await this.dataSource.query(
      `WITH put_back AS (
         UPDATE timers SET attempts = attempts + 1, last_error = left($2, 500),
           due_at = ${SAGA_NOW_SQL} + make_interval(secs => least($3::double precision, $4::double precision * power(2, attempts)) / 1000)
         WHERE id = $1 AND state = 'pending' RETURNING id, case_id, kind, attempts
       )
       SELECT * FROM put_back`,
      [id, message, this.maxBackoffMs, this.backoffMs],
    );
    const row = rows[0];
    if (row) this.options.onFailure?.({ id: String(row.id), caseId: row.case_id, kind: row.kind, attempts: row.attempts }, error);
  }
}
