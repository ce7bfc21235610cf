import type { CalendarYear } from '@birth/calendar';
import type { StepSnapshot } from '../../ports/step-clock-port';

// Fixtures of the SLA's unit and integration tests.

/** A made-up 2027 (the real notice is not in the repository): New Year's Day only. */
export const YEAR_2027: CalendarYear = {
  year: 2027,
  version: 1,
  source: { issuer: 'test', title: 'test fixture, not the real notice', issuedOn: '2026-11-01', url: 'https://example.invalid/2027' },
  holidays: [{ name: '元旦', nameEn: "New Year's Day", restDays: ['2027-01-01'], makeUpWorkingDays: [] }],
};

/** The allowance step of a Changchun case, in progress, its clock started Monday 2 March 2026 at 09:00 China time; `change` overrides. */
export function allowanceStep(change: Partial<StepSnapshot> & Pick<StepSnapshot, 'caseId'>): StepSnapshot {
  return {
    item: 'maternity-allowance',
    state: 'in_progress',
    waitingFor: [],
    reasonCode: null,
    prerequisitesMetAt: '2026-03-02T09:00:00+08:00',
    changedAt: '2026-03-02T09:00:00+08:00',
    regionCode: '220100',
    ruleVersion: '1',
    ...change,
  };
}
