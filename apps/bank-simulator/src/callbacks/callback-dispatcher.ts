import { Injectable } from '@nestjs/common';
import { BANK_SIGNATURE_HEADER, BANK_TIMESTAMP_HEADER, signBankCallback, type BankPaymentCallbackV1 } from '@birth/contracts';
import { BankSimulatorConfig } from '../config';
import { BankDatabase } from '../database/bank-database';
import { callbackRetryDelayMs } from '../domain/settlement';
import { FaultStore } from '../faults/faults';
import { PollingWorker } from '../polling-worker';

const BATCH = 20;
/** A claimed callback is not claimed again for this long: longer than one delivery can take. */
const LEASE_MS = 10_000;
const DELIVERY_TIMEOUT_MS = 5_000;

interface Claimed {
  payment_id: string;
  attempts: number;
  idempotency_key: string;
  bank_reference: string;
  reference: string;
  state: 'settled' | 'rejected';
  amount_fen: string;
  reason_code: BankPaymentCallbackV1['reasonCode'] | null;
  decided_at: Date;
  callback_url: string;
}

/**
 * Delivers the decided payments' callbacks, signed, until the payer answers 2xx, with
 * exponential backoff. Durable: the callbacks wait in the database, and a claim is a lease, so
 * a bank killed mid-delivery sends again after a restart (at least once; payers dedupe by key).
 */
@Injectable()
export class CallbackDispatcher extends PollingWorker {
  constructor(
    private readonly db: BankDatabase,
    private readonly faults: FaultStore,
    private readonly config: BankSimulatorConfig,
  ) {
    super('Callbacks', config.BANK_POLL_INTERVAL_MS);
  }

  async pass(): Promise<number> {
    const claimed = await this.claim();
    await Promise.all(claimed.map((c) => this.deliver(c)));
    return claimed.length;
  }

  private claim(): Promise<Claimed[]> {
    return this.db.dataSource.transaction(async (tx) => {
      const due: Claimed[] = await tx.query(
        `SELECT c.payment_id, c.attempts, p.idempotency_key, p.bank_reference, p.reference, p.state, p.amount_fen, p.reason_code, p.decided_at, p.callback_url
         FROM callbacks c JOIN payments p ON p.id = c.payment_id
         WHERE c.delivered_at IS NULL AND c.dropped_at IS NULL AND c.next_attempt_at <= now()
         ORDER BY c.next_attempt_at LIMIT ${BATCH} FOR UPDATE OF c SKIP LOCKED`,
      );
      if (due.length > 0) {
        await tx.query(`UPDATE callbacks SET attempts = attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond' WHERE payment_id = ANY($1)`, [
          due.map((d) => d.payment_id),
          LEASE_MS,
        ]);
      }
      return due.map((d) => ({ ...d, attempts: d.attempts + 1 }));
    });
  }

  private async deliver(callback: Claimed): Promise<void> {
    if (await this.faults.takeCallbackDrop()) {
      await this.db.query(`UPDATE callbacks SET dropped_at = now() WHERE payment_id = $1`, [callback.payment_id]);
      this.logger.log(`callback of payment ${callback.bank_reference} dropped (injected fault)`);
      return;
    }
    const outcome = await this.post(callback);
    if (outcome === 'delivered') {
      await this.db.query(`UPDATE callbacks SET delivered_at = now(), last_error = NULL WHERE payment_id = $1`, [callback.payment_id]);
      return;
    }
    const delayMs = callbackRetryDelayMs(callback.attempts, this.config.BANK_CALLBACK_RETRY_BASE_MS, this.config.BANK_CALLBACK_RETRY_MAX_MS);
    await this.db.query(`UPDATE callbacks SET next_attempt_at = now() + $2 * interval '1 millisecond', last_error = $3 WHERE payment_id = $1`, [
      callback.payment_id,
      delayMs,
      outcome,
    ]);
    this.logger.warn(`callback of payment ${callback.bank_reference} not acknowledged (${outcome}, attempt ${callback.attempts}); next in ${delayMs} ms`);
  }

  /** 'delivered' on a 2xx; otherwise the reason (a status or an error code, never a body). */
  private async post(callback: Claimed): Promise<string> {
    const payload: BankPaymentCallbackV1 = {
      idempotencyKey: callback.idempotency_key,
      bankReference: callback.bank_reference,
      reference: callback.reference,
      state: callback.state,
      amountFen: Number(callback.amount_fen),
      currency: 'CNY',
      ...(callback.reason_code ? { reasonCode: callback.reason_code } : {}),
      decidedAt: callback.decided_at.toISOString(),
    };
    const body = JSON.stringify(payload);
    const timestamp = String(Date.now());
    try {
      const response = await fetch(callback.callback_url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [BANK_TIMESTAMP_HEADER]: timestamp, [BANK_SIGNATURE_HEADER]: signBankCallback(this.config.BANK_CALLBACK_SECRET, timestamp, body) },
        body,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? 'delivered' : `HTTP ${response.status}`;
    } catch (error) {
      // fetch's own error is a bare "fetch failed": the cause says why (ECONNREFUSED, bad port, …).
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return cause?.code ?? cause?.message ?? (error as Error).name;
    }
  }
}
