/**
 * Repeated failed sign-ins lock an account for a while (issue 15): after `failures` wrong
 * passwords in a row, no sign-in is accepted, not even with the right password, until
 * `lockMinutes` have passed. A right password before that clears the count. The count restarts
 * after a lock, so the next lock again takes `failures` attempts.
 */
export interface LockoutPolicy {
  failures: number;
  lockMinutes: number;
}

export interface LockoutState {
  failedAttempts: number;
  lockedUntil: Date | null;
}

export function isLocked(state: LockoutState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/** The state after one more wrong password at `now` (on an account that is not locked). */
export function afterFailedSignIn(state: LockoutState, policy: LockoutPolicy, now: Date): LockoutState {
  const failedAttempts = state.failedAttempts + 1;
  if (failedAttempts >= policy.failures) return { failedAttempts: 0, lockedUntil: new Date(now.getTime() + policy.lockMinutes * 60_000) };
  return { failedAttempts, lockedUntil: null };
}

/** Whole seconds until a locked account opens again (for Retry-After), at least 1. */
export function secondsLocked(state: LockoutState, now: Date): number {
  if (state.lockedUntil === null) return 0;
  return Math.max(1, Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000));
}
