import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Calendar, loadYearFiles } from '@birth/calendar';
import { loadPolicyDirectory, REPOSITORY_POLICY_DIRECTORY } from '@birth/policy';
import { decideEnrolmentWindow } from './enrolment-window';

describe('decideEnrolmentWindow: the 90-day window of DOMAIN.md §5 from the rules and the working-day calendar', () => {
  const calendar = new Calendar(loadYearFiles());
  const period = calendar.endOfCalendarPeriod.bind(calendar);

  it('counts from the day after the China date of birth and moves a rest-day end to the next working day', () => {
    const store = loadPolicyDirectory();
    // Born 2026-07-03 23:30 China time (15:30Z): + 90 days is Thursday 1 October, National Day (rest to the 7th), so Thursday 8 October.
    const decision = decideEnrolmentWindow({ regionCode: '210202', bornAt: '2026-07-03T15:30:00Z', acceptedAt: '2026-07-04T02:00:00+08:00' }, store.rulesFor.bind(store), period);
    expect(decision).toEqual({
      regionCode: '210202',
      bornOn: '2026-07-03',
      appliedOn: '2026-07-04',
      windowDays: 90,
      nominalLastDay: '2026-10-01',
      lastDay: '2026-10-08',
      onTime: true,
      provisional: false,
      policyVersion: 1,
      calendarVersion: '2026.1',
    });
  });

  it('is provisional while the window ends in a year with no calendar data, and takes the version in effect on the application date', () => {
    const store = loadPolicyDirectory();
    const next = JSON.parse(readFileSync(join(REPOSITORY_POLICY_DIRECTORY, 'policy-v1.json'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    next['version'] = 2;
    next['effectiveFrom'] = '2026-12-15';
    next['national'].rules.medicalInsurance.onTimeWindowDays.value = 60;
    store.add(next, 'unit test');
    const born = '2026-12-10T08:00:00+08:00';
    const before = decideEnrolmentWindow({ regionCode: '210202', bornAt: born, acceptedAt: '2026-12-14T20:00:00+08:00' }, store.rulesFor.bind(store), period);
    const after = decideEnrolmentWindow({ regionCode: '210202', bornAt: born, acceptedAt: '2026-12-15T09:00:00+08:00' }, store.rulesFor.bind(store), period);
    expect(before).toMatchObject({ policyVersion: 1, windowDays: 90, nominalLastDay: '2027-03-10', provisional: true, calendarVersion: '2027.none' });
    expect(after).toMatchObject({ policyVersion: 2, windowDays: 60, nominalLastDay: '2027-02-08', provisional: true });
  });

  it('is late after the last day', () => {
    const store = loadPolicyDirectory();
    const late = decideEnrolmentWindow({ regionCode: '220102', bornAt: '2025-01-02T10:00:00+08:00', acceptedAt: '2025-06-01T10:00:00+08:00' }, store.rulesFor.bind(store), period);
    expect(late).toMatchObject({ onTime: false, nominalLastDay: '2025-04-02', lastDay: '2025-04-02', policyVersion: 1 });
  });
});
