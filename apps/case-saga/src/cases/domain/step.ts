import type { ApplicationItem, ItemState, LocalizedTextV1, WaitingFor } from '@birth/contracts';

/** A case's step as the projection keeps it: the department's common `item` block and where it came from. */
export interface Step {
  readonly item: ApplicationItem;
  readonly state: ItemState;
  readonly waitingFor: readonly WaitingFor[];
  readonly reasonCode: string | null;
  readonly reason: LocalizedTextV1 | null;
  readonly prerequisitesMetAt: string | null;
  readonly changedAt: string;
  readonly ruleVersion: string | null;
  /** The department's change name (`issued`, `paid`, …); null until the department reported one. */
  readonly lastChange: string | null;
  /** The allowance's claim; null for the other items. */
  readonly claimId: string | null;
  /** After a void: when the department confirmed the step's compensation. */
  readonly compensatedAt: string | null;
}

/** States a step ends in while the case lives: nothing more is expected of the department. */
const FINISHED: readonly ItemState[] = ['done', 'forwarded', 'rejected'];

export function isFinished(state: ItemState): boolean {
  return FINISHED.includes(state);
}

/**
 * The step every applied item starts with when the birth opens the case, before its department
 * reports: waiting, with no clock (no `prerequisitesMetAt`), changed at the case's acceptance.
 */
export function unreportedStep(item: ApplicationItem, acceptedAt: string): Step {
  return {
    item,
    state: 'waiting',
    waitingFor: [],
    reasonCode: null,
    reason: null,
    prerequisitesMetAt: null,
    changedAt: acceptedAt,
    ruleVersion: null,
    lastChange: null,
    claimId: null,
    compensatedAt: null,
  };
}
