import type { ApplicationItem, ItemBlockV1 } from '@birth/contracts';
import type { Step } from './step';

/**
 * A department's change of one case's step, as the projection applies it: the common item block,
 * the change's name and, for the allowance, the claim. Kept whole (it holds no personal data) so
 * a change that arrives before its case's birth can be stored and applied later.
 */
export interface StepChange {
  readonly item: ApplicationItem;
  readonly change: string;
  readonly block: ItemBlockV1;
  readonly claimId: string | null;
  /** This change settles the step's compensation (`revoked`, the claim's `cancelled` or `recovery-required`, the case left the claim). */
  readonly compensates: boolean;
}

/** Claim changes that count as the allowance step's compensation (issue 12). */
const COMPENSATING_CLAIM_CHANGES = ['cancelled', 'recovery-required'];

/** The reason code a step gets when the voided twin's case is no longer named by the claim. */
export const LEFT_CLAIM = 'LEFT_CLAIM';

export function compensatesOnClaim(change: string, block: ItemBlockV1): boolean {
  return COMPENSATING_CLAIM_CHANGES.includes(change) || block.state === 'revoked';
}

/**
 * Whether `incoming` is news for a step now at `current`. Departments send the whole block on
 * every change, so the newest block is the truth: an older change (a replayed or late message)
 * changes nothing, and so does the same block again. Two changes at the same instant apply in
 * message order when they differ.
 */
export function isNews(current: Step | null, incoming: StepChange): boolean {
  // The department's first report replaces the step the case opened with, whatever its time.
  if (!current || current.lastChange === null) return true;
  const now = Date.parse(current.changedAt);
  const then = Date.parse(incoming.block.changedAt);
  if (then < now) return false;
  if (then > now) return true;
  return !sameBlock(current, incoming);
}

function sameBlock(step: Step, change: StepChange): boolean {
  const b = change.block;
  return (
    step.state === b.state &&
    step.reasonCode === (b.reasonCode ?? null) &&
    sameInstant(step.prerequisitesMetAt, b.prerequisitesMetAt ?? null) &&
    step.ruleVersion === (b.ruleVersion ?? null) &&
    step.lastChange === change.change &&
    step.waitingFor.length === b.waitingFor.length &&
    step.waitingFor.every((w) => b.waitingFor.includes(w))
  );
}

function sameInstant(a: string | null, b: string | null): boolean {
  return a === b || (a !== null && b !== null && Date.parse(a) === Date.parse(b));
}

/**
 * The step after the change. A compensating change revokes the step whatever the claim says of
 * its state (a payment to recover keeps its own record in the allowance service).
 */
export function applyChange(current: Step | null, change: StepChange): Step {
  const b = change.block;
  const compensated = change.compensates;
  return {
    item: change.item,
    state: compensated ? 'revoked' : b.state,
    waitingFor: compensated ? [] : [...b.waitingFor],
    reasonCode: b.reasonCode ?? (compensated && change.change !== 'revoked' ? change.change.toUpperCase().replace(/-/g, '_') : null),
    reason: b.reason ?? null,
    prerequisitesMetAt: b.prerequisitesMetAt ?? null,
    changedAt: b.changedAt,
    ruleVersion: b.ruleVersion ?? null,
    lastChange: change.change,
    claimId: change.claimId ?? current?.claimId ?? null,
    compensatedAt: compensated ? (current?.compensatedAt ?? b.changedAt) : (current?.compensatedAt ?? null),
  };
}

/**
 * The change a claim implies for a case it no longer names (a voided twin): the step is
 * compensated at the claim change's time, its state `revoked` with `LEFT_CLAIM`.
 */
export function leftClaimChange(claimId: string, block: ItemBlockV1): StepChange {
  return {
    item: 'maternity-allowance',
    change: 'left-claim',
    block: { ...block, state: 'revoked', reasonCode: LEFT_CLAIM, reason: null, waitingFor: [] },
    claimId,
    compensates: true,
  };
}
