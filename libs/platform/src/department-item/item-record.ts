import type { ApplicationItem, ItemBlockV1, ItemState, LocalizedTextV1, WaitingFor } from '@birth/contracts';
import type { ItemStatus } from './domain/item-status';

/** A department's item for one case, as stored in its `items` table. `F`: the service's own facts. */
export interface ItemRecord<F extends object> extends ItemStatus {
  caseId: string;
  item: ApplicationItem;
  facts: F;
  /** Raised by one on every change; the recorder refuses to apply a change to a stale record. */
  version: number;
  openedAt: string;
  updatedAt: string;
}

/**
 * One change of an item: the state it moves to (or stays in) and what is published with it.
 * `reasonCode`, `reason` and `waitingFor` describe the new state, so they are null / empty when
 * left out; `prerequisitesMetAt` and `ruleVersion` carry over unless given; `facts` are merged
 * into the item's facts (a key given as null clears it).
 */
export interface ItemChange<F extends object> {
  /** The `change` value published (`opened`, `issued`, `registered`, `revoked`, …); it must be one of the topic's. */
  change: string;
  state: ItemState;
  reasonCode?: string | null;
  reason?: LocalizedTextV1 | null;
  waitingFor?: WaitingFor[];
  prerequisitesMetAt?: string | null;
  ruleVersion?: string | null;
  facts?: Partial<F>;
  /**
   * The id of the message that caused the change, for the history. Defaults to the message being
   * handled (the causal context the inbox sets); a pending prerequisite passes its own message's id.
   */
  cause?: string | null;
}

/** A fact that arrived before the item existed, kept until the birth opens it. */
export interface PendingPrerequisite {
  /** The service's own name for it (`birth-certificate`, `revoke`, …), one per kind and case: a later one replaces it. */
  kind: string;
  facts: Record<string, unknown>;
  /** The message that brought it: the cause of the transition it leads to. */
  cause: string | null;
  receivedAt: string;
}

export interface ItemHistoryEntry {
  fromState: ItemState | null;
  state: ItemState;
  change: string;
  reasonCode: string | null;
  at: string;
  /** The id of the message that caused the transition; null for one a request caused. */
  cause: string | null;
}

/** The item block published with every change (ItemBlockV1). */
export function itemBlockOf(record: ItemRecord<object>, changedAt: string): ItemBlockV1 {
  return { item: record.item, ...statusOf(record), changedAt };
}

/** The record's status alone (the block's fields every department shares). */
export function statusOf(record: ItemStatus): ItemStatus {
  const { state, reasonCode, reason, waitingFor, prerequisitesMetAt, ruleVersion } = record;
  return { state, reasonCode, reason, waitingFor, prerequisitesMetAt, ruleVersion };
}

export interface ItemRow {
  case_id: string;
  item: string;
  state: string;
  reason_code: string | null;
  reason_zh: string | null;
  reason_en: string | null;
  waiting_for: string[];
  prerequisites_met_at: Date | null;
  rule_version: string | null;
  facts: object;
  version: number;
  opened_at: Date;
  updated_at: Date;
}

export const ITEM_COLUMNS = `case_id, item, state, reason_code, reason_zh, reason_en, waiting_for, prerequisites_met_at, rule_version, facts, version, opened_at, updated_at`;

export function itemRecordOf<F extends object>(row: ItemRow): ItemRecord<F> {
  return {
    caseId: row.case_id,
    item: row.item as ApplicationItem,
    state: row.state as ItemState,
    reasonCode: row.reason_code,
    reason: row.reason_zh !== null && row.reason_en !== null ? { zh: row.reason_zh, en: row.reason_en } : null,
    waitingFor: row.waiting_for as WaitingFor[],
    prerequisitesMetAt: row.prerequisites_met_at?.toISOString() ?? null,
    ruleVersion: row.rule_version,
    facts: row.facts as F,
    version: row.version,
    openedAt: row.opened_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The record after `change`, before it is checked and stored. */
export function recordAfter<F extends object>(current: ItemRecord<F>, change: ItemChange<F>, at: string): ItemRecord<F> {
  return {
    ...current,
    state: change.state,
    reasonCode: change.reasonCode ?? null,
    reason: change.reason ?? null,
    waitingFor: change.waitingFor ?? [],
    // As stored (timestamptz) and read back, so the first event and every later one spell it alike.
    prerequisitesMetAt: change.prerequisitesMetAt === undefined ? current.prerequisitesMetAt : utcInstant(change.prerequisitesMetAt),
    ruleVersion: change.ruleVersion === undefined ? current.ruleVersion : change.ruleVersion,
    facts: { ...current.facts, ...change.facts },
    version: current.version + 1,
    updatedAt: at,
  };
}

function utcInstant(instant: string | null): string | null {
  if (instant === null) return null;
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new Error(`prerequisitesMetAt is not an instant: ${instant}`);
  return new Date(ms).toISOString();
}

/** Facts that say the same: key order does not count, and a key set to null counts as absent. */
export function sameFacts(a: object, b: object): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
