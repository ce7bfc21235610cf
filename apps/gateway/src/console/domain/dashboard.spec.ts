import { sharedCalendar } from '@birth/calendar';
import { breachTrend, dashboardOf, sameFigures, type SagaSla } from './dashboard';

const count = (from: Date, to: Date) => sharedCalendar().workingDaysBetween(from, to);
const stats = { total: 5, byState: { open: 3, completed: 1, completed_with_rejections: 0, voided: 1 } };
const sla: SagaSla = {
  asOf: '2026-10-12T10:00:00+08:00', // Monday
  overdue: [
    { caseId: 'c1', caseNumber: '210202-20260901-000001-1', regionCode: '210202', hospitalId: 'H1', item: 'household-registration', deadline: '2026-10-10T00:00:00+08:00', atRisk: false, breachedAt: '2026-10-09T16:00:00.000Z' },
    { caseId: 'c2', caseNumber: null, regionCode: '210203', hospitalId: 'H2', item: 'birth-certificate', deadline: '2026-10-01T00:00:00+08:00', atRisk: false, breachedAt: '2026-09-30T16:00:00.000Z' },
    { caseId: 'c3', caseNumber: null, regionCode: '210202', hospitalId: 'H1', item: 'birth-certificate', deadline: '2026-10-13T00:00:00+08:00', atRisk: true, breachedAt: null },
  ],
  breachesPerDay: [
    { date: '2026-10-01', breaches: 1 },
    { date: '2026-10-10', breaches: 1 },
  ],
  provisional: [{ caseId: 'c4', caseNumber: null, item: 'medical-insurance', deadline: '2027-01-09T00:00:00+08:00' }],
};

describe('the operators\' dashboard', () => {
  const dashboard = dashboardOf(stats, sla, count, new Date('2026-10-12T02:00:00Z'));

  it('lists breached steps by working days overdue (holidays not counted), and at-risk ones apart', () => {
    // c2: due 09-30; working days since: 10-08, 10-09, 10-10 (make-up Saturday), 10-12 = 4. c1: due 10-09; since: 10-10, 10-12 = 2.
    expect(dashboard.breached.map((b) => [b.caseId, b.workingDaysOverdue])).toEqual([
      ['c2', 4],
      ['c1', 2],
    ]);
    // c3 is due at the end of today: its last day, 0 working days overdue.
    expect(dashboard.atRisk).toEqual([expect.objectContaining({ caseId: 'c3', workingDaysOverdue: 0, department: 'birth-certificate', breached: false })]);
  });

  it('counts by department and by region, and carries the counts by state', () => {
    expect(dashboard.byDepartment).toEqual([
      { department: 'birth-certificate', atRisk: 1, breached: 1 },
      { department: 'household-registration', atRisk: 0, breached: 1 },
    ]);
    expect(dashboard.byRegion).toEqual([
      { regionCode: '210202', atRisk: 1, breached: 1 },
      { regionCode: '210203', atRisk: 0, breached: 1 },
    ]);
    expect(dashboard.openByState).toEqual(stats.byState);
    expect(dashboard.provisionalDeadlines).toHaveLength(1);
  });

  it('draws 30 days of breaches ending on the saga\'s day, with zeros', () => {
    const trend = breachTrend(sla.asOf, sla.breachesPerDay);
    expect(trend).toHaveLength(30);
    expect(trend.at(-1)).toEqual({ date: '2026-10-12', breaches: 0 });
    expect(trend[0]!.date).toBe('2026-09-13');
    expect(trend.filter((d) => d.breaches > 0)).toEqual(sla.breachesPerDay);
  });

  it('tells a change in the figures from a mere new time', () => {
    expect(sameFigures(dashboard, { ...dashboard, generatedAt: 'later' })).toBe(true);
    expect(sameFigures(dashboard, { ...dashboard, total: 6 })).toBe(false);
    expect(sameFigures(null, dashboard)).toBe(false);
  });
});
