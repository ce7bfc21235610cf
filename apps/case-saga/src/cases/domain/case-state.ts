import type { ItemState } from '@birth/contracts';
import { isFinished } from './step';

export const CASE_STATES = ['open', 'completed', 'completed_with_rejections', 'voided'] as const;
export type CaseState = (typeof CASE_STATES)[number];

/**
 * A case's state from its steps (issue 13, "States"): voided once the birth is voided; completed
 * when every step is done or forwarded; completed with rejections when every step is finished
 * and one at least was rejected; open otherwise (and while it has no step at all).
 */
export function caseStateOf(voided: boolean, stepStates: readonly ItemState[]): CaseState {
  if (voided) return 'voided';
  if (stepStates.length === 0 || !stepStates.every(isFinished)) return 'open';
  return stepStates.includes('rejected') ? 'completed_with_rejections' : 'completed';
}

/** Whether the case is at risk now: open, and one of its steps is at risk while its clock runs (not waiting, not paused, not finished). */
export function caseAtRisk(state: CaseState, steps: readonly { state: ItemState; atRisk: boolean }[]): boolean {
  return state === 'open' && steps.some((s) => s.atRisk && s.state === 'in_progress');
}
