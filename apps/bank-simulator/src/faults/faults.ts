import { Injectable } from '@nestjs/common';
import { IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { BankDatabase } from '../database/bank-database';

/** `PUT /admin/faults`: each field given replaces the current value; those left out stay. */
export class FaultSettings {
  /** Added to every /payments request before it is handled. */
  @IsOptional() @IsInt() @Min(0) @Max(120_000) latencyMs?: number;
  /** The next N /payments requests answer 503 BANK_UNAVAILABLE without doing anything. */
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000) failNext?: number;
  /** Beyond failNext, this share of /payments requests answers 503 (0–1). */
  @IsOptional() @IsNumber() @Min(0) @Max(1) failRate?: number;
  /** The next N `POST /payments` are carried out (stored, or found under their key) but answer 503: the answer is lost. */
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000) loseAnswers?: number;
  /** The next N callbacks due are dropped: never sent, never retried (GET still tells). */
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000) dropCallbacks?: number;
  /** Payments accepted from now on are decided (and called back) only after this delay. */
  @IsOptional() @IsInt() @Min(0) @Max(86_400_000) confirmDelayMs?: number;
}

export type Faults = Required<FaultSettings>;

const COLUMNS = `latency_ms AS "latencyMs", fail_next AS "failNext", fail_rate AS "failRate", lose_answers AS "loseAnswers", drop_callbacks AS "dropCallbacks", confirm_delay_ms AS "confirmDelayMs"`;

// Updates are wrapped in `WITH … SELECT`: TypeORM answers a bare UPDATE with [rows, count], not rows.

/** The injected faults, one row in the bank's schema: they hold across a restart, and counters are taken atomically. */
@Injectable()
export class FaultStore {
  constructor(private readonly db: BankDatabase) {}

  async current(): Promise<Faults> {
    const [row] = await this.db.query<Faults>(`SELECT ${COLUMNS} FROM faults`);
    return row!;
  }

  async change(settings: FaultSettings): Promise<Faults> {
    const [row] = await this.db.query<Faults>(
      `WITH changed AS (
         UPDATE faults SET latency_ms = COALESCE($1, latency_ms), fail_next = COALESCE($2, fail_next), fail_rate = COALESCE($3, fail_rate),
           drop_callbacks = COALESCE($4, drop_callbacks), confirm_delay_ms = COALESCE($5, confirm_delay_ms), lose_answers = COALESCE($6, lose_answers)
         RETURNING *)
       SELECT ${COLUMNS} FROM changed`,
      [settings.latencyMs ?? null, settings.failNext ?? null, settings.failRate ?? null, settings.dropCallbacks ?? null, settings.confirmDelayMs ?? null, settings.loseAnswers ?? null],
    );
    return row!;
  }

  async reset(): Promise<Faults> {
    return this.change({ latencyMs: 0, failNext: 0, failRate: 0, loseAnswers: 0, dropCallbacks: 0, confirmDelayMs: 0 });
  }

  /**
   * Whether this /payments request fails: takes one of failNext if any is left (atomically, so
   * N concurrent requests fail exactly N times), else draws against failRate. Also says the latency.
   */
  async forRequest(): Promise<{ latencyMs: number; fail: boolean }> {
    const [row] = await this.db.query<{ latencyMs: number; failRate: number; took: boolean }>(
      `WITH taken AS (UPDATE faults SET fail_next = fail_next - 1 WHERE fail_next > 0 RETURNING true AS took)
       SELECT latency_ms AS "latencyMs", fail_rate AS "failRate", EXISTS (SELECT 1 FROM taken) AS took FROM faults`,
    );
    const fail = row!.took || (row!.failRate > 0 && Math.random() < row!.failRate);
    return { latencyMs: row!.latencyMs, fail };
  }

  /** Takes one of dropCallbacks if any is left: true when this callback is to be dropped. */
  takeCallbackDrop(): Promise<boolean> {
    return this.take('drop_callbacks');
  }

  /** Takes one of loseAnswers if any is left: true when this answer is to be lost. */
  takeLostAnswer(): Promise<boolean> {
    return this.take('lose_answers');
  }

  private async take(counter: 'drop_callbacks' | 'lose_answers'): Promise<boolean> {
    const rows = await this.db.query(`WITH taken AS (UPDATE faults SET ${counter} = ${counter} - 1 WHERE ${counter} > 0 RETURNING 1) SELECT 1 FROM taken`);
    return rows.length > 0;
  }
}
