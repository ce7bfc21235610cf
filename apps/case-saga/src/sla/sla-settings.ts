/** What an operator may tune about the SLA (CaseSagaConfig's `SLA_*` variables). */
export interface SlaSettings {
  /** At risk within the last this many working days (DOMAIN.md §8: 2). */
  readonly atRiskWorkingDays: number;
  /** A step `in_progress` with no change for this long gets `retry-step`. */
  readonly stuckAfterMs: number;
  /** Still no change this long after the `retry-step`: `case.step-escalated.v1` (`step-stuck`). */
  readonly stuckEscalateAfterMs: number;
  /** After a void, a step not `revoked` within this long gets `revoke`. */
  readonly revokeAfterMs: number;
  /** Still not `revoked` this long after the `revoke`: `case.step-escalated.v1` (`compensation-unconfirmed`). */
  readonly revokeEscalateAfterMs: number;
}

const HOUR = 3_600_000;

export const DEFAULT_SLA_SETTINGS: SlaSettings = {
  atRiskWorkingDays: 2,
  stuckAfterMs: 24 * HOUR,
  stuckEscalateAfterMs: 24 * HOUR,
  revokeAfterMs: HOUR,
  revokeEscalateAfterMs: 24 * HOUR,
};
