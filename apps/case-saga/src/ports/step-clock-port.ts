import type { EntityManager } from 'typeorm';
import type { ApplicationItem, ItemState, WaitingFor } from '@birth/contracts';

// The seam between the case projection (apps/case-saga/src/cases: cases, steps, timeline,
// notifications, the query API) and the SLA (apps/case-saga/src/sla: deadlines, pauses, timers,
// at-risk, breach, stuck steps, compensation). Each side calls the other only through these
// classes, inside the caller's transaction.

/** A step as the projection holds it after a change. */
export interface StepSnapshot {
  readonly caseId: string;
  readonly item: ApplicationItem;
  readonly state: ItemState;
  readonly waitingFor: readonly WaitingFor[];
  readonly reasonCode: string | null;
  /** The item's `prerequisitesMetAt` (the claim's `acceptedAt` for the allowance): the clock starts here. */
  readonly prerequisitesMetAt: string | null;
  /** The department's `changedAt` for this change. */
  readonly changedAt: string;
  /** The case's hospital region (GB/T 2260), for the rules' targets. */
  readonly regionCode: string;
  readonly ruleVersion: string | null;
}

/** The SLA side of a step, as the query API answers it. Stored by the SLA side in `step_clocks`. */
export interface StepClockView {
  readonly caseId: string;
  readonly item: ApplicationItem;
  readonly startedAt: string | null;
  readonly deadline: string | null;
  readonly provisional: boolean;
  readonly pausedWorkingDays: number;
  readonly pauses: readonly { from: string; to: string | null; reason: string }[];
  readonly atRisk: boolean;
  readonly breachedAt: string | null;
}

/** Implemented by the SLA side (apps/case-saga/src/sla). */
export abstract class StepClocks {
  /** After every change of a step (its first included): start, pause, resume, stop the clock; schedule or cancel timers. */
  abstract onStepChanged(manager: EntityManager, before: StepSnapshot | null, after: StepSnapshot): Promise<void>;
  /** The case was voided at `at`: stop the SLA clocks, start the compensation timers for every step not yet revoked. */
  abstract onCaseVoided(manager: EntityManager, caseId: string, at: string, steps: readonly StepSnapshot[]): Promise<void>;
  /** The clocks of these cases' steps, for the query API. */
  abstract clocksOf(manager: EntityManager, caseIds: readonly string[]): Promise<StepClockView[]>;
}

/** Implemented by the projection side (apps/case-saga/src/cases): the case's timeline. */
export abstract class CaseTimeline {
  /** Records an entry on the case's timeline (`sla-at-risk`, `sla-breached`, `deadline-recomputed`, `retry-step-sent`, …). */
  abstract record(manager: EntityManager, caseId: string, entry: { at: string; type: string; cause: string }): Promise<void>;

  /**
   * Several entries at once (a timer tick fires up to a batch of timers in one transaction). By
   * default one `record` each; an implementation may write them in one statement.
   */
  async recordAll(manager: EntityManager, entries: readonly { caseId: string; at: string; type: string; cause: string }[]): Promise<void> {
    for (const { caseId, ...entry } of entries) await this.record(manager, caseId, entry);
  }
}
