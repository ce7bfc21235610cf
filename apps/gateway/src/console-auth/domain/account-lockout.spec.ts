import { afterFailedSignIn, isLocked, secondsLocked } from './account-lockout';

describe('account lockout', () => {
  const policy = { failures: 3, lockMinutes: 15 };
  const now = new Date('2026-12-01T08:00:00Z');

  it('locks on the Nth wrong password in a row, for the policy\'s minutes', () => {
    let state = { failedAttempts: 0, lockedUntil: null as Date | null };
    state = afterFailedSignIn(state, policy, now);
    state = afterFailedSignIn(state, policy, now);
    expect(state).toEqual({ failedAttempts: 2, lockedUntil: null });
    expect(isLocked(state, now)).toBe(false);
    state = afterFailedSignIn(state, policy, now);
    expect(state).toEqual({ failedAttempts: 0, lockedUntil: new Date('2026-12-01T08:15:00Z') });
    expect(isLocked(state, now)).toBe(true);
    expect(secondsLocked(state, now)).toBe(900);
  });

  it('opens again once the lock has passed', () => {
    const state = { failedAttempts: 0, lockedUntil: new Date('2026-12-01T08:15:00Z') };
    expect(isLocked(state, new Date('2026-12-01T08:14:59.999Z'))).toBe(true);
    expect(isLocked(state, new Date('2026-12-01T08:15:00Z'))).toBe(false);
    expect(secondsLocked(state, new Date('2026-12-01T08:14:59.999Z'))).toBe(1);
  });
});
