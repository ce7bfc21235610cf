import { rulesFor } from '@birth/policy';
import { checkIntakeWindow, intakeRuleVersion, lastDayOfWindow, pinnedPolicyLookup } from './intake-window';

describe('the intake window (rules as data, DOMAIN.md §5)', () => {
  it('counts calendar units from the China date of birth', () => {
    expect(lastDayOfWindow('2025-03-01', { amount: 1, unit: 'years' })).toBe('2026-03-01');
    expect(lastDayOfWindow('2024-02-29', { amount: 1, unit: 'years' })).toBe('2025-02-28');
    expect(lastDayOfWindow('2025-01-31', { amount: 1, unit: 'months' })).toBe('2025-02-28');
    expect(lastDayOfWindow('2025-03-01', { amount: 90, unit: 'days' })).toBe('2025-05-30');
  });

  it('is a year by default, from the repository rules, and names the version it used', () => {
    expect(rulesFor('210202', '2026-03-01').values.intake.window).toEqual({ amount: 1, unit: 'years' });
    expect(checkIntakeWindow('2025-03-01', '2026-03-01', '210202', rulesFor)).toEqual({ inside: true, days: 365, policyVersion: 1 });
    expect(checkIntakeWindow('2025-03-01', '2026-03-02', '210202', rulesFor)).toMatchObject({ inside: false, days: 365 });
  });

  it("asks the hospital region's rules on the day of the check", () => {
    const asked: string[] = [];
    const shortWindow = (region: string, onDate: string) => {
      asked.push(`${region} ${onDate}`);
      const rules = rulesFor(region, onDate);
      return { ...rules, values: { ...rules.values, intake: { window: { amount: 30, unit: 'days' as const } } } };
    };
    expect(checkIntakeWindow('2026-01-01', '2026-02-01', '330604', shortWindow)).toMatchObject({ inside: false, days: 30 });
    expect(asked).toEqual(['330604 2026-02-01']);
  });

  it('the version recorded with an intake decision is the one its window was judged by, even if a version arrives in between', () => {
    let inForce = 1;
    const changing = (region: string, onDate: string) => ({ ...rulesFor(region, onDate), version: inForce });
    const pinned = pinnedPolicyLookup(changing);
    // Born 23:30 China time on 1 March, checked 00:10 China time on 3 March: the China dates count, not UTC's.
    const bornAt = '2026-03-01T15:30:00Z';
    const now = new Date('2026-03-02T16:10:00Z');
    expect(checkIntakeWindow('2026-03-01', '2026-03-03', '210202', pinned)).toMatchObject({ inside: true, policyVersion: 1 });
    inForce = 2; // a version imported between the validation and the recording
    expect(intakeRuleVersion(bornAt, now, '210202', pinned)).toBe(1);
    expect(intakeRuleVersion(bornAt, now, '210202', changing)).toBe(2);
  });
});
