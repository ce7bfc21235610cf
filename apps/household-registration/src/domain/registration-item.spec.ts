import { IllegalItemTransitionError } from '@birth/platform';
import { registrationItem } from './registration-item';

describe('the household registration item’s transition table', () => {
  it('opens waiting for the certificate, in nothing else', () => {
    expect(registrationItem.allowedFrom(null)).toEqual(['waiting']);
    expect(() => registrationItem.check(null, 'done')).toThrow(IllegalItemTransitionError);
  });

  it.each([
    ['waiting', 'done'],
    ['waiting', 'forwarded'],
    ['waiting', 'awaiting_applicant'],
    ['waiting', 'in_progress'],
    ['waiting', 'waiting'],
    ['awaiting_applicant', 'done'],
    ['awaiting_applicant', 'in_progress'],
    ['in_progress', 'done'],
    ['in_progress', 'forwarded'],
    ['in_progress', 'in_progress'],
    ['done', 'in_progress'],
    ['done', 'revoked'],
    ['forwarded', 'revoked'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(registrationItem.allows(from, to)).toBe(true);
  });

  it.each([
    // A number is never silently replaced: after done only review or cancellation.
    ['done', 'done'],
    ['done', 'waiting'],
    ['done', 'awaiting_applicant'],
    ['done', 'forwarded'],
    // Forwarded is the other office's business.
    ['forwarded', 'done'],
    ['forwarded', 'in_progress'],
    ['in_progress', 'waiting'],
    ['awaiting_applicant', 'waiting'],
  ] as const)('refuses %s → %s', (from, to) => {
    expect(() => registrationItem.check(from, to)).toThrow(IllegalItemTransitionError);
  });

  it('makes revoked final and reachable from every other state', () => {
    expect(registrationItem.allowedFrom('revoked')).toEqual([]);
    for (const from of ['waiting', 'awaiting_applicant', 'in_progress', 'done', 'forwarded'] as const) expect(registrationItem.allows(from, 'revoked')).toBe(true);
  });
});
