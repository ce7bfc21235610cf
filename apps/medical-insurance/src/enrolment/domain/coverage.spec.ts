import { Calendar, loadYearFiles } from '@birth/calendar';
import { rulesFor } from '@birth/policy';
import { decideEnrolmentWindow } from '../../enrolment-window/domain/enrolment-window';
import { coverageStart, firstYearContributionFen, type MedicalInsuranceRules } from './coverage';

const calendar = new Calendar(loadYearFiles());
const rules = rulesFor('210202', '2026-03-01').values.medicalInsurance;

/** The window on the official calendar, then the coverage start from it. */
function coverageFor(bornAt: string, acceptedAt: string) {
  const window = decideEnrolmentWindow({ regionCode: '210202', bornAt, acceptedAt }, rulesFor, (start, days) => calendar.endOfCalendarPeriod(start, days));
  return { ...window, coverageStart: coverageStart(window, rules) };
}

describe('coverage start (DOMAIN.md §5): 90 days counted by Civil Code art. 201/203 on the official calendar', () => {
  it('a window ending on a Saturday runs to Monday: accepted on Monday, coverage from the date of birth', () => {
    // Born Sunday 1 March 2026: + 90 days is Saturday 30 May, so the last day is Monday 1 June.
    const onMonday = coverageFor('2026-03-01T09:00:00+08:00', '2026-06-01T23:00:00+08:00');
    expect(onMonday).toMatchObject({ nominalLastDay: '2026-05-30', lastDay: '2026-06-01', onTime: true, provisional: false, coverageStart: '2026-03-01' });
    // Tuesday is late: the late rule (the day after the application).
    expect(coverageFor('2026-03-01T09:00:00+08:00', '2026-06-02T08:00:00+08:00')).toMatchObject({ onTime: false, coverageStart: '2026-06-03' });
  });

  it('a window ending on a holiday runs to the next working day (Qingming 2026)', () => {
    // Born 5 January 2026: + 90 days is Sunday 5 April, inside Qingming (4–6 April), so the last day is Tuesday 7 April.
    const decision = coverageFor('2026-01-05T10:00:00+08:00', '2026-04-07T17:00:00+08:00');
    expect(decision).toMatchObject({ nominalLastDay: '2026-04-05', lastDay: '2026-04-07', onTime: true, coverageStart: '2026-01-05' });
    expect(coverageFor('2026-01-05T10:00:00+08:00', '2026-04-08T09:00:00+08:00')).toMatchObject({ onTime: false, coverageStart: '2026-04-09' });
  });

  it('the date of birth is the China date: 00:30 in Beijing is that day', () => {
    expect(coverageFor('2026-03-01T16:30:00Z', '2026-03-05T10:00:00+08:00')).toMatchObject({ bornOn: '2026-03-02', coverageStart: '2026-03-02' });
  });

  it('is provisional where the window ends in a year without calendar data', () => {
    expect(coverageFor('2026-12-10T08:00:00+08:00', '2026-12-11T08:00:00+08:00')).toMatchObject({ provisional: true, onTime: true, coverageStart: '2026-12-10' });
  });

  it('applies each late rule the policy may name, with its waiting days', () => {
    const late = { bornOn: '2026-01-05', appliedOn: '2026-05-20', onTime: false };
    const withLate = (starts: MedicalInsuranceRules['coverageWhenLate']['starts'], waitingDays = 0) => coverageStart(late, { ...rules, coverageWhenLate: { starts, waitingDays } });
    expect(withLate('application-date')).toBe('2026-05-20');
    expect(withLate('day-after-application')).toBe('2026-05-21');
    expect(withLate('first-day-of-next-month')).toBe('2026-06-01');
    expect(withLate('first-day-of-next-month', 30)).toBe('2026-07-01');
    expect(coverageStart({ ...late, appliedOn: '2026-12-31' }, { ...rules, coverageWhenLate: { starts: 'first-day-of-next-month', waitingDays: 0 } })).toBe('2027-01-01');
  });
});

describe('firstYearContributionFen', () => {
  it('takes the birth year’s amount, else the latest earlier year listed, else none', () => {
    expect(firstYearContributionFen(rules.firstYearContributionFenByYear, '2025-06-01')).toBe(40000);
    expect(firstYearContributionFen({ '2025': 40000, '2026': 42000 }, '2026-02-01')).toBe(42000);
    expect(firstYearContributionFen({ '2025': 40000 }, '2027-02-01')).toBe(40000);
    expect(firstYearContributionFen({ '2025': 40000 }, '2024-12-31')).toBeNull();
  });
});
