import { Calendar, loadYearFiles, REPOSITORY_YEARS_DIR, sharedCalendar } from '@birth/calendar';
import { byMostOverdue, lastWorkingDayOf, remainingWorkingDays, workingDaysOverdue } from './working-days';

describe('working days left and overdue, on the official calendar', () => {
  const calendar = sharedCalendar();
  const count = (from: Date, to: Date) => calendar.workingDaysBetween(from, to);
  // Wednesday 2026-09-30 is the last working day before the National Day holiday (10-01 to 10-07);
  // Saturday 10-10 is a make-up working day (2026.json, the State Council's notice).
  const deadline = '2026-10-01T00:00:00+08:00'; // 24:00 of 2026-09-30

  it('reads the last working day off a deadline written as 00:00 of the next day', () => {
    expect(lastWorkingDayOf(deadline)).toBe('2026-09-30');
  });

  it('is 0 on the last working day, and past it counts only working days', () => {
    expect(remainingWorkingDays(deadline, new Date('2026-09-30T10:00:00+08:00'), count)).toBe(0);
    expect(remainingWorkingDays(deadline, new Date('2026-09-28T10:00:00+08:00'), count)).toBe(2);
    // The holiday adds no working day overdue; the first day back and the make-up Saturday do.
    expect(workingDaysOverdue(deadline, new Date('2026-10-05T10:00:00+08:00'), count)).toBe(0);
    expect(workingDaysOverdue(deadline, new Date('2026-10-08T10:00:00+08:00'), count)).toBe(1);
    expect(workingDaysOverdue(deadline, new Date('2026-10-10T10:00:00+08:00'), count)).toBe(3);
    expect(workingDaysOverdue(deadline, new Date('2026-10-11T10:00:00+08:00'), count)).toBe(3);
  });

  it('counts across a week of working days', () => {
    const fiveDaysBefore = new Date('2026-11-02T09:00:00+08:00'); // Monday
    expect(remainingWorkingDays('2026-11-07T00:00:00+08:00', fiveDaysBefore, count)).toBe(4); // to Friday 11-06: Tue..Fri
    expect(workingDaysOverdue('2026-11-07T00:00:00+08:00', new Date('2026-11-13T09:00:00+08:00'), count)).toBe(5);
  });

  it('works on any calendar given (the gateway passes its live copy)', () => {
    const empty = new Calendar();
    const weekendsOnly = (from: Date, to: Date) => empty.workingDaysBetween(from, to);
    expect(remainingWorkingDays('2031-01-04T00:00:00+08:00', new Date('2030-12-30T09:00:00+08:00'), weekendsOnly)).toBe(4);
    expect(loadYearFiles(REPOSITORY_YEARS_DIR).length).toBeGreaterThan(0);
  });

  it('sorts the most overdue first, then by deadline, then by case', () => {
    const rows = [
      { caseId: 'b', workingDaysOverdue: 1, deadline: '2026-10-10T00:00:00+08:00' },
      { caseId: 'a', workingDaysOverdue: 3, deadline: '2026-10-01T00:00:00+08:00' },
      { caseId: 'c', workingDaysOverdue: 1, deadline: '2026-10-09T00:00:00+08:00' },
      { caseId: 'd', workingDaysOverdue: 1, deadline: '2026-10-09T00:00:00+08:00' },
      { caseId: 'e', workingDaysOverdue: 0, deadline: null },
    ];
    expect([...rows].sort(byMostOverdue).map((r) => r.caseId)).toEqual(['a', 'c', 'd', 'b', 'e']);
  });
});
