import { chinaDayOf, formatChinaDay } from '@birth/calendar';
import type { ApplicationItem, ConsoleCaseState, ConsoleDashboard, ConsoleOverdueCase, DepartmentService } from '@birth/contracts';
import { departmentOf } from './step-words';
import { byMostOverdue, workingDaysOverdue, type CountWorkingDays } from './working-days';

/** `GET /internal/cases/stats` as the dashboard reads it. */
export interface SagaStats {
  total: number;
  byState: Record<ConsoleCaseState, number>;
}

/** `GET /internal/cases/sla` (the saga's SLA overview). */
export interface SagaSla {
  asOf: string;
  overdue: {
    caseId: string;
    caseNumber: string | null;
    regionCode: string | null;
    hospitalId: string;
    item: ApplicationItem;
    deadline: string | null;
    atRisk: boolean;
    breachedAt: string | null;
  }[];
  breachesPerDay: { date: string; breaches: number }[];
  provisional: { caseId: string; caseNumber: string | null; item: ApplicationItem; deadline: string | null }[];
}

export const TREND_DAYS = 30;

/** The last `days` China days up to `asOf`'s, oldest first, with the saga's counts and 0 for days without a breach. */
export function breachTrend(asOf: string, counts: readonly { date: string; breaches: number }[], days = TREND_DAYS): { date: string; breaches: number }[] {
  const today = chinaDayOf(new Date(asOf));
  const byDate = new Map(counts.map((c) => [c.date, c.breaches]));
  return Array.from({ length: days }, (_, i) => {
    const date = formatChinaDay(today - (days - 1 - i));
    return { date, breaches: byDate.get(date) ?? 0 };
  });
}

function tally<K extends string>(rows: readonly ConsoleOverdueCase[], key: (r: ConsoleOverdueCase) => K): { key: K; atRisk: number; breached: number }[] {
  const counts = new Map<K, { atRisk: number; breached: number }>();
  for (const r of rows) {
    const c = counts.get(key(r)) ?? { atRisk: 0, breached: 0 };
    if (r.breached) c.breached += 1;
    else c.atRisk += 1;
    counts.set(key(r), c);
  }
  return [...counts]
    .map(([k, c]) => ({ key: k, ...c }))
    .sort((a, b) => b.breached - a.breached || b.atRisk - a.atRisk || a.key.localeCompare(b.key));
}

/**
 * The operators' dashboard from the saga's counts and SLA lists: no personal data anywhere (ids,
 * regions, hospitals, items and dates only). Lateness is counted in working days at the saga's
 * clock, which tests and demos move ahead.
 */
export function dashboardOf(stats: SagaStats, sla: SagaSla, count: CountWorkingDays, generatedAt: Date): ConsoleDashboard {
  const asOf = new Date(sla.asOf);
  const steps: ConsoleOverdueCase[] = sla.overdue.map((s) => ({
    caseId: s.caseId,
    caseNumber: s.caseNumber,
    regionCode: s.regionCode,
    hospitalId: s.hospitalId,
    item: s.item,
    department: departmentOf(s.item),
    deadline: s.deadline,
    workingDaysOverdue: s.deadline ? workingDaysOverdue(s.deadline, asOf, count) : 0,
    breached: s.breachedAt !== null,
  }));
  return {
    generatedAt: generatedAt.toISOString(),
    total: stats.total,
    openByState: { ...stats.byState },
    atRisk: steps.filter((s) => !s.breached).sort(byMostOverdue),
    breached: steps.filter((s) => s.breached).sort(byMostOverdue),
    byDepartment: tally(steps, (s) => s.department).map(({ key, ...c }) => ({ department: key as DepartmentService, ...c })),
    byRegion: tally(steps, (s) => s.regionCode ?? 'unknown').map(({ key, ...c }) => ({ regionCode: key, ...c })),
    breachesPerDay: breachTrend(sla.asOf, sla.breachesPerDay),
    provisionalDeadlines: sla.provisional.map((p) => ({ caseId: p.caseId, caseNumber: p.caseNumber, item: p.item, deadline: p.deadline })),
  };
}

/** Whether two dashboards differ in what they show (the time they were made aside): the live stream sends only changes. */
export function sameFigures(a: ConsoleDashboard | null, b: ConsoleDashboard): boolean {
  if (!a) return false;
  return JSON.stringify({ ...a, generatedAt: '' }) === JSON.stringify({ ...b, generatedAt: '' });
}
