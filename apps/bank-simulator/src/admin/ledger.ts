import { Injectable } from '@nestjs/common';
import { BankDatabase } from '../database/bank-database';

export interface LedgerSummary {
  /** Settled payments: credits to beneficiaries, one per payment. */
  settledCount: number;
  settledSumFen: number;
  /** Per idempotency key: how many settled payments the ledger holds for it (1, never more) and their sum. */
  byKey: { idempotencyKey: string; settledCount: number; settledSumFen: number }[];
  /**
   * Payer references (order ids) settled under more than one key: the bank paid each key once,
   * but the payer asked twice for one order. What a fault checker looks for first.
   */
  duplicateReferences: { reference: string; settledCount: number; idempotencyKeys: string[] }[];
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
    const duplicates = await this.db.query<{ reference: string; count: string; keys: string[] }>(
      `SELECT p.reference, count(*) AS count, array_agg(p.idempotency_key ORDER BY p.idempotency_key) AS keys
       FROM ledger_entries l JOIN payments p ON p.id = l.payment_id
       WHERE l.side = 'credit' AND ($1::text IS NULL OR p.idempotency_key = $1) GROUP BY p.reference HAVING count(*) > 1 ORDER BY p.reference`,
      [idempotencyKey ?? null],
    );
    const byKey = rows.map((r) => ({ idempotencyKey: r.key, settledCount: Number(r.count), settledSumFen: Number(r.sum) }));
    return {
      settledCount: byKey.reduce((n, k) => n + k.settledCount, 0),
      settledSumFen: byKey.reduce((n, k) => n + k.settledSumFen, 0),
      byKey,
      duplicateReferences: duplicates.map((d) => ({ reference: d.reference, settledCount: Number(d.count), idempotencyKeys: d.keys })),
    };
  }
}
