import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Benefit, Beneficiary, SealedValueV1 } from '@birth/contracts';
import { PaymentOrders, type PaymentOrderRequest, type PaymentOrderView } from '../ports/payment-port';
import type { OrderState } from './domain/order-transitions';
import { PaymentsConfig } from './payments.config';

/** Anything that runs SQL: an EntityManager, a DataSource. */
export interface Sql {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * The rows of an `UPDATE … RETURNING` through TypeORM, which answers `[rows, affected]` for an
 * UPDATE or DELETE on PostgreSQL (and the rows alone for SELECT and INSERT).
 */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

/** One payment order as stored (the sealed account stays sealed here). */
export interface PaymentOrderRow {
  orderId: string;
  claimId: string;
  benefit: Benefit;
  beneficiary: Beneficiary;
  amountFen: number;
  sealedAccount: SealedValueV1;
  sealedCaseId: string;
  sealedFieldPath: 'mother.bankAccount' | 'father.bankAccount';
  idempotencyKey: string;
  callbackUrl: string;
  state: OrderState;
  sendAttempts: number;
  bankReference: string | null;
  mismatchCode: string | null;
}

const COLUMNS = `order_id AS "orderId", claim_id AS "claimId", benefit, beneficiary, amount_fen::float8 AS "amountFen",
  sealed_account AS "sealedAccount", sealed_case_id AS "sealedCaseId", sealed_field_path AS "sealedFieldPath",
  idempotency_key AS "idempotencyKey", callback_url AS "callbackUrl", state, send_attempts AS "sendAttempts",
  bank_reference AS "bankReference", mismatch_code AS "mismatchCode"`;

/** The payment orders in PostgreSQL: the claim's side of the port (open, closeUnpaid, latest) and what the workers need. */
@Injectable()
export class PaymentOrderStore extends PaymentOrders {
  constructor(private readonly config: PaymentsConfig) {
    super();
  }

  async open(manager: EntityManager, request: PaymentOrderRequest): Promise<string> {
    const current = (await manager.query(
      `SELECT order_id AS "orderId", state FROM payment_orders
        WHERE claim_id = $1 AND beneficiary = $2 AND benefit = $3 AND state <> 'closed' FOR UPDATE`,
      [request.claimId, request.beneficiary, request.benefit],
    )) as { orderId: string; state: OrderState }[];
    const open = current[0];
    if (open && open.state !== 'rejected') return open.orderId;
    if (open) {
      await manager.query(`UPDATE payment_orders SET state = 'closed', closed_at = now(), closed_reason = $2 WHERE order_id = $1`, [open.orderId, request.cause]);
    }
    const orderId = randomUUID();
    // ON CONFLICT: a concurrent open of the same benefit won; its order is the one.
    const inserted = (await manager.query(
      `INSERT INTO payment_orders (order_id, claim_id, benefit, beneficiary, amount_fen, sealed_account, sealed_case_id, sealed_field_path, idempotency_key, callback_url, cause)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (claim_id, beneficiary, benefit) WHERE state <> 'closed' DO NOTHING
       RETURNING order_id AS "orderId"`,
      [
        orderId,
        request.claimId,
        request.benefit,
        request.beneficiary,
        request.amountFen,
        JSON.stringify(request.sealedAccount),
        request.sealedFor.caseId,
        request.sealedFor.fieldPath,
        `allowance-${randomUUID()}`,
        this.config.PAYMENT_CALLBACK_URL,
        request.cause,
      ],
    )) as { orderId: string }[];
    if (inserted[0]) return inserted[0].orderId;
    const [winner] = (await manager.query(
      `SELECT order_id AS "orderId" FROM payment_orders WHERE claim_id = $1 AND beneficiary = $2 AND benefit = $3 AND state <> 'closed'`,
      [request.claimId, request.beneficiary, request.benefit],
    )) as { orderId: string }[];
    return winner!.orderId;
  }

  async closeUnpaid(manager: EntityManager, claimId: string, reasonCode: string): Promise<number> {
    const closed = returnedRows(
      await manager.query(
        `UPDATE payment_orders SET state = 'closed', closed_at = now(), closed_reason = $2
          WHERE claim_id = $1 AND state IN ('pending', 'sent', 'rejected') RETURNING 1`,
        [claimId, reasonCode],
      ),
    );
    return closed.length;
  }

  async latest(manager: EntityManager, claimId: string): Promise<PaymentOrderView[]> {
    return (await manager.query(
      `SELECT DISTINCT ON (benefit, beneficiary) order_id AS "orderId", benefit, beneficiary, state,
              bank_reference AS "bankReference", to_char(paid_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "paidAt"
         FROM payment_orders WHERE claim_id = $1 ORDER BY benefit, beneficiary, opened_at DESC, order_id`,
      [claimId],
    )) as PaymentOrderView[];
  }

  /**
   * Leases up to `limit` pending orders that are due: their next attempt moves `leaseMs` ahead,
   * so a dispatcher that dies mid-send leaves them due again after the lease, and no two
   * dispatchers send one order at the same time. Counts the attempt.
   */
  async leaseDue(sql: Sql, limit: number, leaseMs: number): Promise<PaymentOrderRow[]> {
    const result = await sql.query(
      `UPDATE payment_orders o SET next_attempt_at = now() + make_interval(secs => $2::float8 / 1000),
              send_attempts = o.send_attempts + 1, first_sent_at = coalesce(o.first_sent_at, now())
        WHERE o.order_id IN (SELECT order_id FROM payment_orders WHERE state = 'pending' AND next_attempt_at <= now()
                              ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING ${COLUMNS}`,
      [limit, leaseMs],
    );
    return returnedRows<PaymentOrderRow>(result);
  }

  /** A transient failure: the same order is sent again after `delayMs`, with the same key and body. */
  async retryLater(sql: Sql, orderId: string, delayMs: number, error: string): Promise<void> {
    await sql.query(
      `UPDATE payment_orders SET next_attempt_at = now() + make_interval(secs => $2::float8 / 1000), last_error = $3 WHERE order_id = $1 AND state = 'pending'`,
      [orderId, delayMs, error.slice(0, 500)],
    );
  }

  /** The order, locked for the rest of the transaction. */
  async lock(manager: EntityManager, by: { orderId: string } | { idempotencyKey: string }): Promise<PaymentOrderRow | undefined> {
    const [column, value] = 'orderId' in by ? ['order_id', by.orderId] : ['idempotency_key', by.idempotencyKey];
    const rows = (await manager.query(`SELECT ${COLUMNS} FROM payment_orders WHERE ${column} = $1 FOR UPDATE`, [value])) as PaymentOrderRow[];
    return rows[0];
  }

  /** Orders the bank may hold whose final answer has not come for `afterMs`: reconciliation's work. */
  async unanswered(sql: Sql, afterMs: number, limit: number): Promise<PaymentOrderRow[]> {
    return (await sql.query(
      `SELECT ${COLUMNS} FROM payment_orders
        WHERE first_sent_at IS NOT NULL AND answered_at IS NULL AND mismatch_code IS NULL
          AND coalesce(reconciled_at, first_sent_at) <= now() - make_interval(secs => $1::float8 / 1000)
        ORDER BY coalesce(reconciled_at, first_sent_at) LIMIT $2`,
      [afterMs, limit],
    )) as PaymentOrderRow[];
  }
}
