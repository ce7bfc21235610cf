import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Calendar, loadYearFiles } from '@birth/calendar';
import { loadPolicyDirectory, REPOSITORY_POLICY_DIRECTORY } from '@birth/policy';
import { calendarVersionOutdated, decideEnrolmentWindow, redecideEnrolmentWindow } from './enrolment-window';
import { YEAR_2027_FIXTURE } from '../year-2027.fixture';

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

  describe('re-decided when the year it was counted without is loaded (issue 13)', () => {
    const store = loadPolicyDirectory();
    const rulesOfVersion = (version: number) => store.rulesFor('210202', '2026-12-01', { version });
    // The window decided at the birth with no 2027 data (weekends only), then again on a calendar that has 2027.
    const decideThenRedecide = (bornAt: string, acceptedAt: string) => {
      const without2027 = new Calendar(loadYearFiles());
      const before = decideEnrolmentWindow({ regionCode: '210202', bornAt, acceptedAt }, store.rulesFor.bind(store), without2027.endOfCalendarPeriod.bind(without2027));
      const with2027 = new Calendar(loadYearFiles());
      expect(with2027.accept(YEAR_2027_FIXTURE, 'fixture')).toBe('added');
      const after = redecideEnrolmentWindow(before, rulesOfVersion(before.policyVersion), with2027.endOfCalendarPeriod.bind(with2027));
      return { before, after };
    };

    it('a last day that falls in the Spring Festival moves to the first working day after it: late becomes on time', () => {
      // Born 2026-11-10: + 90 days is Monday 8 February 2027, a working day on weekends alone, a rest day of the festival in 2027.
      const { before, after } = decideThenRedecide('2026-11-10T09:00:00+08:00', '2027-02-10T10:00:00+08:00');
      expect(before).toMatchObject({ nominalLastDay: '2027-02-08', lastDay: '2027-02-08', onTime: false, provisional: true, calendarVersion: '2027.none' });
      expect(after).toEqual({
        regionCode: '210202',
        bornOn: '2026-11-10',
        appliedOn: '2027-02-10',
        windowDays: 90,
        nominalLastDay: '2027-02-08',
        lastDay: '2027-02-15',
        onTime: true,
        provisional: false,
        policyVersion: 1,
        calendarVersion: '2027.1',
      });
    });

    it('a last day on a Saturday worked in exchange stays there: on time becomes late', () => {
      // Born 2026-11-22: + 90 days is Saturday 20 February 2027, moved to Monday the 22nd on weekends alone, a working day in 2027.
      const { before, after } = decideThenRedecide('2026-11-22T09:00:00+08:00', '2027-02-21T10:00:00+08:00');
      expect(before).toMatchObject({ nominalLastDay: '2027-02-20', lastDay: '2027-02-22', onTime: true, provisional: true });
      expect(after).toMatchObject({ nominalLastDay: '2027-02-20', lastDay: '2027-02-20', onTime: false, provisional: false, calendarVersion: '2027.1' });
    });

    it('keeps the policy version recorded: rules of another version are refused', () => {
      const { before } = decideThenRedecide('2026-11-10T09:00:00+08:00', '2026-11-11T10:00:00+08:00');
      const other = { ...rulesOfVersion(1), version: 2 };
      expect(() => redecideEnrolmentWindow(before, other, period)).toThrow('the window was decided under policy version 1, not 2');
    });
  });

  describe('calendarVersionOutdated: which recorded answers a loaded year changes', () => {
    const held = (versions: Record<number, number>) => (year: number) => versions[year];

    it('is true for a year that had no data and has it now, or a version since replaced', () => {
      expect(calendarVersionOutdated('2027.none', held({ 2026: 1, 2027: 1 }))).toBe(true);
      expect(calendarVersionOutdated('2026.1+2027.none', held({ 2026: 1, 2027: 1 }))).toBe(true);
      expect(calendarVersionOutdated('2027.1', held({ 2027: 2 }))).toBe(true);
    });

    it('is false while the year is still missing or held at the version used', () => {
      expect(calendarVersionOutdated('2027.none', held({ 2026: 1 }))).toBe(false);
      expect(calendarVersionOutdated('2026.1+2027.1', held({ 2026: 1, 2027: 1 }))).toBe(false);
    });

    it('refuses what is not a calendar version', () => {
      expect(() => calendarVersionOutdated('2027', held({}))).toThrow(RangeError);
    });
  });
});
