import { CALENDAR_CASES } from '../test/calendar-cases';
import { Calendar } from './calendar';
import { CalendarDataError, type CalendarYear } from './calendar-year';
import { formatChinaDay, parseChinaDate } from './china-date';
import { addWorkingDays, endOfCalendarPeriod, isWorkingDay, sharedCalendar, workingDaysBetween } from './index';
import { loadYearFiles } from './repository-years';

const repository = () => new Calendar(loadYearFiles());

/** A made-up 2027 for the tests (the real notice is not in the repository): New Year's Day only. */
const fixture2027 = (version = 1, restDays = ['2027-01-01']): CalendarYear => ({
  year: 2027,
  version,
  source: { issuer: 'test', title: 'test fixture, not the real notice', issuedOn: '2026-11-01', url: 'https://example.invalid/2027' },
  holidays: [{ name: '元旦', nameEn: "New Year's Day", restDays, makeUpWorkingDays: [] }],
});

describe('the repository calendar, case by case (test/calendar-cases.ts)', () => {
  const calendar = repository();
  it.each(CALENDAR_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(c.run(calendar)).toEqual(c.expected);
  });
});

describe('the free functions answer from the shared calendar', () => {
  it('covers the repository years', () => {
    expect(sharedCalendar().coveredYears()).toEqual([2025, 2026]);
    expect(sharedCalendar()).toBe(sharedCalendar());
  });

  it('gives the same answers as a calendar built from the files', () => {
    const own = repository();
    const start = new Date('2026-02-13T10:00:00+08:00');
    expect(addWorkingDays(start, 10)).toEqual(own.addWorkingDays(start, 10));
    expect(isWorkingDay('2026-02-28')).toEqual(own.isWorkingDay('2026-02-28'));
    expect(workingDaysBetween(start, '2026-03-05')).toEqual(own.workingDaysBetween(start, '2026-03-05'));
    expect(endOfCalendarPeriod('2026-03-01', 90)).toEqual(own.endOfCalendarPeriod('2026-03-01', 90));
  });
});

describe('workingDaysBetween undoes addWorkingDays', () => {
  const calendar = repository();
  // Every start date from 20 Dec 2024 to 31 Dec 2026, at 23:59 Beijing time, n from 1 to 15.
  const first = parseChinaDate('2024-12-20') as number;
  const last = parseChinaDate('2026-12-31') as number;

  it('counts n working days up to the nth working day, which is itself a working day', () => {
    const mismatches: string[] = [];
    for (let day = first; day <= last; day++) {
      const start = new Date(`${formatChinaDay(day)}T23:59:00+08:00`);
      for (let n = 1; n <= 15; n++) {
        const { lastWorkingDay } = calendar.addWorkingDays(start, n);
        const counted = calendar.workingDaysBetween(start, lastWorkingDay).workingDays;
        if (counted !== n || !calendar.isWorkingDay(lastWorkingDay).workingDay) mismatches.push(`${formatChinaDay(day)} + ${n} -> ${lastWorkingDay} (${counted})`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('a year loaded at runtime', () => {
  it('turns a provisional answer into an exact one, and says what it did', () => {
    const calendar = repository();
    const start = new Date('2026-12-28T10:00:00+08:00');
    expect(calendar.addWorkingDays(start, 5)).toMatchObject({ lastWorkingDay: '2027-01-04', provisional: true, calendarVersion: '2026.1+2027.none' });

    expect(calendar.accept(fixture2027(), 'calendar.years.v1 offset 0')).toBe('added');
    expect(calendar.coveredYears()).toEqual([2025, 2026, 2027]);
    // 1 Jan 2027 is now a rest day: Tue 29-Thu 31 (1-3), weekend, Mon 4 (4), Tue 5 (5).
    expect(calendar.addWorkingDays(start, 5)).toEqual({
      lastWorkingDay: '2027-01-05',
      endsAt: new Date('2027-01-06T00:00:00+08:00'),
      endsAtChinaTime: '2027-01-06T00:00:00+08:00',
      provisional: false,
      calendarVersion: '2026.1+2027.1',
    });
  });

  it('keeps the highest version: a re-delivery is unchanged, an older one stale, a newer one replaces', () => {
    const calendar = new Calendar();
    expect(calendar.accept(fixture2027(2))).toBe('added');
    expect(calendar.accept(fixture2027(2))).toBe('unchanged');
    expect(calendar.accept(fixture2027(1, ['2027-01-01', '2027-01-04']))).toBe('stale');
    expect(calendar.isWorkingDay('2027-01-04')).toMatchObject({ workingDay: true, calendarVersion: '2027.2' });
    expect(calendar.accept(fixture2027(3, ['2027-01-01', '2027-01-04']))).toBe('replaced');
    expect(calendar.isWorkingDay('2027-01-04')).toMatchObject({ workingDay: false, provisional: false, calendarVersion: '2027.3' });
  });

  it('refuses the same version with other dates', () => {
    const calendar = new Calendar([fixture2027(1)]);
    const attempt = () => calendar.accept(fixture2027(1, ['2027-01-01', '2027-01-04']), 'calendar.years.v1 offset 7');
    expect(attempt).toThrow(CalendarDataError);
    expect(attempt).toThrow(/calendar\.years\.v1 offset 7: version VERSION_CONFLICT/);
    expect(calendar.isWorkingDay('2027-01-04').workingDay).toBe(true);
  });

  it('refuses invalid data and keeps what it had', () => {
    const calendar = repository();
    expect(() => calendar.accept({ ...fixture2027(), year: '2027' })).toThrow(/year INVALID_TYPE/);
    expect(calendar.coveredYears()).toEqual([2025, 2026]);
  });
});

describe('a calendar with no data at all', () => {
  it('counts weekends only and says every answer is provisional', () => {
    const calendar = new Calendar();
    expect(calendar.coveredYears()).toEqual([]);
    // Fri 13 Feb 2026; Mon 16 (1) ... Fri 20 (5): the Spring Festival is unknown to it.
    expect(calendar.addWorkingDays('2026-02-13', 5)).toMatchObject({ lastWorkingDay: '2026-02-20', provisional: true, calendarVersion: '2026.none' });
    expect(calendar.isWorkingDay('2026-02-14')).toMatchObject({ workingDay: false, provisional: true });
  });
});

describe('arguments', () => {
  const calendar = repository();
  it.each([0, -1, 1.5, Number.NaN, 100_001])('refuses n = %p', (n) => {
    expect(() => calendar.addWorkingDays('2026-01-05', n)).toThrow(RangeError);
  });
  it.each(['2026-02-30', '2026-1-5', '2026-01-05T10:00:00+08:00', ''])('refuses the string %p (instants are Dates)', (text) => {
    expect(() => calendar.isWorkingDay(text)).toThrow(RangeError);
  });
  it('refuses an invalid Date and a period of 0 days', () => {
    expect(() => calendar.isWorkingDay(new Date('nonsense'))).toThrow(/invalid Date/);
    expect(() => calendar.endOfCalendarPeriod('2026-01-05', 0)).toThrow(RangeError);
  });
});
