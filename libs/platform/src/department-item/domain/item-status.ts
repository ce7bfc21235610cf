import type { ItemState, LocalizedTextV1, WaitingFor } from '@birth/contracts';

/**
 * Where an item stands: the common block every department publishes (ItemBlockV1) without
 * `item` and `changedAt`, which the recorder adds. Pure data, compared and checked here.
 */
export interface ItemStatus {
  state: ItemState;
  /** `MANUAL_REVIEW`, `NUMBER_BLOCK_EXHAUSTED`, a rejection's code, …; null when nothing needs saying. */
  reasonCode: string | null;
  /** What a clerk reads to the family; null with no reasonCode. */
  reason: LocalizedTextV1 | null;
  waitingFor: WaitingFor[];
  /** When the prerequisites were all met, from the data (never the processing time): the SLA clock starts here. */
  prerequisitesMetAt: string | null;
  ruleVersion: string | null;
}

/** A status that breaks the item block's rules: a programming error of the service, not bad input. */
export class InvalidItemStatusError extends Error {
  constructor(item: string, problem: string) {
    super(`${item}: invalid item status: ${problem}`);
    this.name = 'InvalidItemStatusError';
  }
}

const WAITING_STATES: readonly ItemState[] = ['waiting', 'awaiting_applicant'];

/**
 * The rules every department's item obeys (issue 11, "States"): `waiting` and `awaiting_applicant`
 * name what they wait for, nothing else does; `in_progress` carries its reason code; `rejected`
 * carries a reason a clerk can read to the family; a reason text never comes without its code.
 */
export function checkItemStatus(item: string, status: ItemStatus): void {
  const waits = WAITING_STATES.includes(status.state);
  if (waits && status.waitingFor.length === 0) throw new InvalidItemStatusError(item, `${status.state} must say what it waits for (waitingFor)`);
  if (!waits && status.waitingFor.length > 0) throw new InvalidItemStatusError(item, `${status.state} waits for nothing, yet waitingFor is [${status.waitingFor.join(', ')}]`);
  if (new Set(status.waitingFor).size !== status.waitingFor.length) throw new InvalidItemStatusError(item, `waitingFor repeats a value: [${status.waitingFor.join(', ')}]`);
  if (status.state === 'in_progress' && !status.reasonCode) throw new InvalidItemStatusError(item, 'in_progress needs a reasonCode (MANUAL_REVIEW, NUMBER_BLOCK_EXHAUSTED, …)');
  if (status.state === 'rejected' && (!status.reasonCode || !status.reason)) throw new InvalidItemStatusError(item, 'rejected needs a reasonCode and a reason a clerk can read to the family');
  if (status.reason && !status.reasonCode) throw new InvalidItemStatusError(item, 'a reason text needs its reasonCode');
}

/** Two statuses that say the same thing (the order of waitingFor does not count). */
export function sameItemStatus(a: ItemStatus, b: ItemStatus): boolean {
  return (
    a.state === b.state &&
    a.reasonCode === b.reasonCode &&
    (a.reason?.zh ?? null) === (b.reason?.zh ?? null) &&
    (a.reason?.en ?? null) === (b.reason?.en ?? null) &&
    [...a.waitingFor].sort().join() === [...b.waitingFor].sort().join() &&
    sameInstant(a.prerequisitesMetAt, b.prerequisitesMetAt) &&
    a.ruleVersion === b.ruleVersion
  );
}

function sameInstant(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return Date.parse(a) === Date.parse(b);
}
