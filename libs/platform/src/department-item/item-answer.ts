import type { ItemState } from '@birth/contracts';
import type { ItemStatus } from './domain/item-status';
import type { ItemRecorder, Queryable } from './item-recorder';
import { statusOf } from './item-record';

/** `GET /internal/items/{caseId}` (issue 11, "Internal API"): the common block, the history, then the service's fields. */
export interface ItemAnswer extends ItemStatus {
  caseId: string;
  item: string;
  history: { state: ItemState; at: string; cause: string | null }[];
  [serviceField: string]: unknown;
}

/** The answer for the case, unmasked (the caller masks it through PersonalDataReveals); null when the service has no item. */
export async function itemAnswerOf<F extends object>(recorder: ItemRecorder<F>, db: Queryable, caseId: string): Promise<ItemAnswer | null> {
  const record = await recorder.find(db, caseId);
  if (!record) return null;
  const history = await recorder.history(db, caseId);
  const fields = recorder.definition.answerFields?.(record.facts) ?? record.facts;
  return {
    ...fields,
    caseId: record.caseId,
    item: record.item,
    ...statusOf(record),
    history: history.map((h) => ({ state: h.state, at: h.at, cause: h.cause })),
  };
}
