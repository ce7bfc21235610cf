import type { EntityManager } from 'typeorm';
import { validatePayload } from '@birth/contracts';
import { currentCausalContext, preparedQuery, type OutboxPublisher } from '@birth/messaging';
import { checkItemStatus, sameItemStatus } from './domain/item-status';
import type { DepartmentItemDefinition } from './department-item-definition';
import {
  ITEM_COLUMNS,
  itemBlockOf,
  itemRecordOf,
  recordAfter,
  sameFacts,
  type ItemChange,
  type ItemHistoryEntry,
  type ItemRecord,
  type ItemRow,
  type PendingPrerequisite,
} from './item-record';

/** Something that runs SQL: a transaction's EntityManager, or the DataSource for reads. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export interface OpenedItem<F extends object> {
  /** False when the item already existed: nothing was written. */
  opened: boolean;
  item: ItemRecord<F>;
  /** Prerequisites kept before the item existed (oldest first), now removed: the service applies each. */
  pending: PendingPrerequisite[];
}

export interface AppliedChange<F extends object> {
  /** False when the change altered nothing (same state, same facts): nothing written, nothing published. */
  changed: boolean;
  item: ItemRecord<F>;
}

/**
 * Records a department's item changes inside the caller's transaction (the inbox's, for a
 * consumed message): the item row, a history row naming the causing message, and the
 * `<service>.item-changed.v1` event through the outbox commit together or not at all.
 *
 * Every access to a case's item goes through `lock` first: a transaction-scoped advisory lock on
 * the case (per schema), then the row FOR UPDATE. The advisory lock also covers a case with no
 * item yet, so a prerequisite kept as pending and the birth that opens the item cannot pass each
 * other unseen (each waits for the other's commit).
 */
export class ItemRecorder<F extends object = Record<string, unknown>, P extends object = object> {
  constructor(
    readonly definition: DepartmentItemDefinition<F, P>,
    private readonly publisher: OutboxPublisher,
  ) {}

  get item(): string {
    return this.definition.transitions.item;
  }

  /** The case's item, locked until the transaction ends; null when the service has none. */
  async lock(manager: EntityManager, caseId: string): Promise<ItemRecord<F> | null> {
    requireTransaction(manager);
    // Prepared: it reads no table, so its plan never goes stale (the item's row read below stays unprepared).
    await preparedQuery(manager, LOCK_CASE, [caseId]);
    const rows = (await manager.query(`SELECT ${ITEM_COLUMNS} FROM items WHERE case_id = $1 FOR UPDATE`, [caseId])) as ItemRow[];
    return rows[0] ? itemRecordOf<F>(rows[0]) : null;
  }

  /**
   * Opens the case's item with its first change (published, e.g. `opened`) and hands back the
   * prerequisites that arrived before it. Opening an item that exists changes nothing.
   */
  async open(manager: EntityManager, caseId: string, opening: ItemChange<F>): Promise<OpenedItem<F>> {
    const existing = await this.lock(manager, caseId);
    if (existing) return { opened: false, item: existing, pending: [] };
    const at = new Date().toISOString();
    const blank: ItemRecord<F> = {
      caseId,
      item: this.definition.transitions.item,
      state: opening.state,
      reasonCode: null,
      reason: null,
      waitingFor: [],
      prerequisitesMetAt: null,
      ruleVersion: null,
      facts: {} as F,
      version: 0,
      openedAt: at,
      updatedAt: at,
    };
    const item = recordAfter(blank, opening, at);
    this.check(null, item);
    const payload = this.payloadOf(item, opening, at);
    // One round trip: the row, its first history row, and the prerequisites kept before it (the
    // history row's foreign key is checked at the end of the statement, when the row is there).
    const pending = (await manager.query(
      `WITH opened AS (
         INSERT INTO items (${ITEM_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING case_id
       ), history AS (
         INSERT INTO item_history (case_id, from_state, to_state, change, reason_code, reason_zh, reason_en, at, cause)
         SELECT case_id, NULL, $3, $13::text, $4, $5, $6, $12, $14::uuid FROM opened
       )
       DELETE FROM pending_prerequisites WHERE case_id = $1 RETURNING kind, facts, cause, received_at`,
      [caseId, item.item, ...statusColumns(item), item.version, at, opening.change, causeOf(opening.cause)],
    )) as [{ kind: string; facts: Record<string, unknown>; cause: string | null; received_at: Date }[], number];
    await this.publish(manager, item, payload);
    const kept = pending[0]
      .map((row) => ({ kind: row.kind, facts: row.facts, cause: row.cause, receivedAt: row.received_at.toISOString() }))
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
    return { opened: true, item, pending: kept };
  }

  /**
   * For a prerequisite's message: the case's item, locked; or, when the birth has not opened it
   * yet, null after keeping the prerequisite for `open` to hand back (a later one of the same
   * kind replaces it).
   */
  async lockOrKeep(manager: EntityManager, caseId: string, prerequisite: { kind: string; facts: object }): Promise<ItemRecord<F> | null> {
    const item = await this.lock(manager, caseId);
    if (item) return item;
    await manager.query(
      `INSERT INTO pending_prerequisites (case_id, kind, facts, cause) VALUES ($1, $2, $3, $4)
       ON CONFLICT (case_id, kind) DO UPDATE SET facts = EXCLUDED.facts, cause = EXCLUDED.cause, received_at = now()`,
      [caseId, prerequisite.kind, prerequisite.facts, causeOf(undefined)],
    );
    return null;
  }

  /**
   * Applies a change to an item loaded by `lock`/`open`/`apply` in this transaction. A change that
   * alters nothing is dropped (no row, no event); a move the table forbids throws
   * IllegalItemTransitionError; a status that breaks the item block's rules throws InvalidItemStatusError.
   */
  async apply(manager: EntityManager, current: ItemRecord<F>, change: ItemChange<F>): Promise<AppliedChange<F>> {
    requireTransaction(manager);
    const at = new Date().toISOString();
    const next = recordAfter(current, change, at);
    if (sameItemStatus(current, next) && sameFacts(current.facts, next.facts)) return { changed: false, item: current };
    this.check(current.state, next);
    const payload = this.payloadOf(next, change, at);
    // One round trip: the row, guarded by the version read under the lock, and its history row.
    const recorded = (await manager.query(
      `WITH updated AS (
         UPDATE items SET state = $3, reason_code = $4, reason_zh = $5, reason_en = $6, waiting_for = $7, prerequisites_met_at = $8,
                rule_version = $9, facts = $10, version = version + 1, updated_at = $11
          WHERE case_id = $1 AND version = $2
         RETURNING case_id
       )
       INSERT INTO item_history (case_id, from_state, to_state, change, reason_code, reason_zh, reason_en, at, cause)
       SELECT case_id, $12::text, $3, $13::text, $4, $5, $6, $11, $14::uuid FROM updated RETURNING 1`,
      [current.caseId, current.version, ...statusColumns(next), at, current.state, change.change, causeOf(change.cause)],
    )) as unknown[];
    if (recorded.length !== 1) {
      throw new Error(`${this.item} of case ${current.caseId}: the item changed since it was read (version ${current.version}); load it with lock() in this transaction`);
    }
    await this.publish(manager, next, payload);
    return { changed: true, item: next };
  }

  /** The case's item without a lock (reads, the internal API). */
  async find(db: Queryable, caseId: string): Promise<ItemRecord<F> | null> {
    const rows = (await db.query(`SELECT ${ITEM_COLUMNS} FROM items WHERE case_id = $1`, [caseId])) as ItemRow[];
    return rows[0] ? itemRecordOf<F>(rows[0]) : null;
  }

  /** Every transition of the case's item, oldest first. */
  async history(db: Queryable, caseId: string): Promise<ItemHistoryEntry[]> {
    const rows = (await db.query(`SELECT from_state, to_state, change, reason_code, at, cause FROM item_history WHERE case_id = $1 ORDER BY id`, [caseId])) as {
      from_state: string | null;
      to_state: string;
      change: string;
      reason_code: string | null;
      at: Date;
      cause: string | null;
    }[];
    return rows.map((r) => ({
      fromState: r.from_state as ItemHistoryEntry['fromState'],
      state: r.to_state as ItemHistoryEntry['state'],
      change: r.change,
      reasonCode: r.reason_code,
      at: r.at.toISOString(),
      cause: r.cause,
    }));
  }

  private check(from: ItemRecord<F>['state'] | null, next: ItemRecord<F>): void {
    this.definition.transitions.check(from, next.state);
    checkItemStatus(this.item, next);
  }

  /** The item-changed event's payload, checked against the topic before anything is written. */
  private payloadOf(item: ItemRecord<F>, change: ItemChange<F>, at: string): P {
    const payload = { change: change.change, item: itemBlockOf(item, at), ...(this.definition.eventFacts?.(item.facts) ?? item.facts) };
    const checked = validatePayload(this.definition.topic, payload);
    if (!checked.ok) {
      throw new Error(`${this.item}: not a valid ${this.definition.topic.name} payload: ${checked.errors.map((e) => `${e.field} ${e.code}`).join(', ')}`);
    }
    return payload as P;
  }

  /** The event, through the outbox, in the caller's transaction. */
  private async publish(manager: EntityManager, item: ItemRecord<F>, payload: P): Promise<void> {
    await this.publisher.publish(manager, { topic: this.definition.topic, key: item.caseId, caseId: item.caseId, payload });
  }
}

/** The case's advisory lock, per schema: it also covers a case with no item yet. */
const LOCK_CASE = `SELECT pg_advisory_xact_lock(hashtext('department-item:' || current_schema()), hashtext($1))`;

/** The item's columns from `state` to `facts`, in the order of ITEM_COLUMNS (its $3..$10 in open and apply). */
function statusColumns(item: ItemRecord<object>): unknown[] {
  return [item.state, item.reasonCode, item.reason?.zh ?? null, item.reason?.en ?? null, item.waitingFor, item.prerequisitesMetAt, item.ruleVersion, item.facts];
}

/** The history's cause: given, or the id of the message being handled (null for work a request started). */
function causeOf(given: string | null | undefined): string | null {
  return given !== undefined ? given : (currentCausalContext()?.causationId ?? null);
}

function requireTransaction(manager: EntityManager): void {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('the item recorder must run inside a transaction (the inbox context\'s manager, or dataSource.transaction)');
  }
}
