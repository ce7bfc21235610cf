import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { formatChinaInstant } from '@birth/calendar';
import type { ApplicationItem } from '@birth/contracts';
import { SAGA_NOW_SQL } from '../timers/saga-clock';
import { filterSql, type CaseFilters } from './domain/case-list-query';

/** A step of an open case that is at risk or past its deadline. */
export interface OverdueStep {
  caseId: string;
  caseNumber: string | null;
  regionCode: string | null;
  hospitalId: string;
  item: ApplicationItem;
  /** ISO 8601 +08:00 (24:00 China time of `lastWorkingDay`). */
  deadline: string | null;
  /** The deadline's last working day, `YYYY-MM-DD`. */
  lastWorkingDay: string | null;
  atRisk: boolean;
  breachedAt: string | null;
}

/** A step whose deadline was counted on weekends alone: its calendar year is not loaded yet. */
export interface ProvisionalStep {
  caseId: string;
  caseNumber: string | null;
  item: ApplicationItem;
  deadline: string | null;
}

/** `GET /internal/cases/sla`: what the operators' dashboard needs beyond the counts of `stats`. */
export interface SlaOverview {
  /** The saga's clock (moved in tests and demos), ISO 8601 +08:00: what "overdue" is counted against. */
  asOf: string;
  /** At most `limit` steps, the earliest deadline first. */
  overdue: OverdueStep[];
  /** Steps breached on each China day of the last `days` days (days with none omitted), oldest first. */
  breachesPerDay: { date: string; breaches: number }[];
  provisional: ProvisionalStep[];
}

interface OverdueRow extends Omit<OverdueStep, 'deadline' | 'breachedAt'> {
  deadline: Date | null;
  breachedAt: Date | null;
}

/**
 * The SLA side of the dashboard, read from the step clocks of open cases in one snapshot: at-risk
 * and breached steps, breaches per day and provisional deadlines. No personal data.
 */
@Injectable()
export class SlaOverviewReader {
  constructor(private readonly dataSource: DataSource) {}

  async overview(filters: Pick<CaseFilters, 'region'>, limit: number, days: number): Promise<SlaOverview> {
    // Each query numbers its own parameters: the region's first, then its own (pg refuses unused ones).
    const { where, params } = filterSql(filters);
    const scope = where.length ? `AND ${where.join(' AND ')}` : '';
    const next = `$${params.length + 1}`;
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [{ now }] = (await manager.query(`SELECT ${SAGA_NOW_SQL} AS now`)) as [{ now: Date }];
      const overdue: OverdueRow[] = await manager.query(
        `SELECT k.case_id AS "caseId", c.case_number AS "caseNumber", c.region_code AS "regionCode", c.hospital_id AS "hospitalId", k.item,
                k.deadline, to_char(k.last_working_day, 'YYYY-MM-DD') AS "lastWorkingDay", k.at_risk AS "atRisk", k.breached_at AS "breachedAt"
           FROM step_clocks k JOIN cases c ON c.case_id = k.case_id
          WHERE c.state = 'open' AND k.voided_at IS NULL AND (k.at_risk OR k.breached_at IS NOT NULL) ${scope}
          ORDER BY k.deadline ASC NULLS LAST, k.case_id, k.item LIMIT ${next}`,
        [...params, limit],
      );
      const perDay: { date: string; breaches: string }[] = await manager.query(
        `SELECT to_char(k.breached_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS date, count(*) AS breaches
           FROM step_clocks k JOIN cases c ON c.case_id = k.case_id
          WHERE k.breached_at IS NOT NULL AND k.breached_at >= ${SAGA_NOW_SQL} - make_interval(days => ${next}::int) ${scope}
          GROUP BY 1 ORDER BY 1`,
        [...params, days],
      );
      const provisional: (Omit<ProvisionalStep, 'deadline'> & { deadline: Date | null })[] = await manager.query(
        `SELECT k.case_id AS "caseId", c.case_number AS "caseNumber", k.item, k.deadline
           FROM step_clocks k JOIN cases c ON c.case_id = k.case_id
          WHERE k.provisional AND c.state = 'open' AND k.voided_at IS NULL ${scope}
          ORDER BY k.deadline ASC NULLS LAST, k.case_id, k.item LIMIT ${next}`,
        [...params, limit],
      );
      const instant = (d: Date | null) => (d ? formatChinaInstant(new Date(d)) : null);
      return {
        asOf: formatChinaInstant(new Date(now)),
        overdue: overdue.map((r) => ({ ...r, deadline: instant(r.deadline), breachedAt: r.breachedAt ? new Date(r.breachedAt).toISOString() : null })),
        breachesPerDay: perDay.map((r) => ({ date: r.date, breaches: Number(r.breaches) })),
        provisional: provisional.map((r) => ({ ...r, deadline: instant(r.deadline) })),
      };
    });
  }
}
