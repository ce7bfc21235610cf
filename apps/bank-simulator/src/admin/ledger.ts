import { Injectable } from '@nestjs/common';
import { BankDatabase } from '../database/bank-database';

export interface LedgerSummary {
  /** Settled payments: credits to beneficiaries, one per payment. */
  settledCount: number;
  settledSumFen: number;
  /** Per idempotency key: how many settled payments the ledger holds for it (1, never more) and their sum. */
  byKey: { idempotencyKey: string; settledCount: number; settledSumFen: number }[];
}

/** What the bank's ledger says: the figures tests and the fault checker count. */
@Injectable()
export class Ledger {
  constructor(private readonly db: BankDatabase) {}

  async summary(idempotencyKey?: string): Promise<LedgerSummary> {
    const rows = await this.db.query<{ key: string; count: string; sum: string }>(
      `SELECT idempotency_key AS key, count(*) AS count, sum(amount_fen) AS sum FROM ledger_entries
       WHERE side = 'credit' AND ($1::text IS NULL OR idempotency_key = $1) GROUP BY idempotency_key ORDER BY idempotency_key`,
      [idempotencyKey ?? null],
    );
    const byKey = rows.map((r) => ({ idempotencyKey: r.key, settledCount: Number(r.count), settledSumFen: Number(r.sum) }));
    return {
      settledCount: byKey.reduce((n, k) => n + k.settledCount, 0),
      settledSumFen: byKey.reduce((n, k) => n + k.settledSumFen, 0),
      byKey,
    };
  }
}
