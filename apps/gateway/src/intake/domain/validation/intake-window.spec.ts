import { rulesFor } from '@birth/policy';
import { checkIntakeWindow, lastDayOfWindow } from './intake-window';

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
});
