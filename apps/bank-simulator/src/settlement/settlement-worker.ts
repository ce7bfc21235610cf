import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BankSimulatorConfig } from '../config';
import { BankDatabase } from '../database/bank-database';
import { settlementDecision, type AccountOnFile } from '../domain/settlement';
import { PollingWorker } from '../polling-worker';
import { CallbackDispatcher } from '../callbacks/callback-dispatcher';

/** The payer's settlement account, debited by every settled payment. */
export const PAYER_SETTLEMENT_ACCOUNT = 'PAYER-SETTLEMENT';
const BATCH = 50;

interface Due {
  id: string;
  idempotency_key: string;
  account_number: string;
  holder_name: string;
  amount_fen: string;
}

/**
 * Decides accepted payments once their settle time has come: settled (two ledger entries) or
 * rejected, and a callback to deliver, all in one transaction. Several instances can run:
 * payments are claimed with FOR UPDATE SKIP LOCKED.
 */
@Injectable()
export class SettlementWorker extends PollingWorker {
  constructor(
    private readonly db: BankDatabase,
    private readonly callbacks: CallbackDispatcher,
    config: BankSimulatorConfig,
  ) {
    super('Settlement', config.BANK_POLL_INTERVAL_MS);
  }

  async pass(): Promise<number> {
    const decided = await this.db.dataSource.transaction(async (tx) => {
      const due: Due[] = await tx.query(
        `SELECT id, idempotency_key, account_number, holder_name, amount_fen FROM payments
         WHERE state = 'accepted' AND settle_after <= now() ORDER BY settle_after LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      for (const payment of due) await this.decide(tx, payment);
      return due.length;
    });
    if (decided > 0) this.callbacks.wake();
    return decided;
  }

  private async decide(tx: EntityManager, payment: Due): Promise<void> {
    // FOR SHARE: an account closed at this moment is closed either before or after, never halfway.
    const [account]: AccountOnFile[] = await tx.query(`SELECT holder_name AS "holderName", state FROM accounts WHERE number = $1 FOR SHARE`, [payment.account_number]);
    const decision = settlementDecision(account, payment.holder_name);
    await tx.query(`UPDATE payments SET state = $2, reason_code = $3, decided_at = now() WHERE id = $1`, [payment.id, decision.state, decision.state === 'rejected' ? decision.reasonCode : null]);
    if (decision.state === 'settled') {
      await tx.query(
        `INSERT INTO ledger_entries (payment_id, idempotency_key, account_number, side, amount_fen)
         VALUES ($1, $2, $3, 'debit', $5), ($1, $2, $4, 'credit', $5)`,
        [payment.id, payment.idempotency_key, PAYER_SETTLEMENT_ACCOUNT, payment.account_number, payment.amount_fen],
      );
    }
    await tx.query(`INSERT INTO callbacks (payment_id) VALUES ($1)`, [payment.id]);
  }
}
