import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APPLICATION_ITEMS, ITEM_STATES } from '@birth/contracts';
import { StepClocks } from '../ports/step-clock-port';
import { CaseNotifications } from '../cases/case-notifications';
import { CASE_COLUMNS, CaseStore, caseRowOf, type CaseRow } from '../cases/case-store';
import { CaseTimelineStore } from '../cases/case-timeline.store';
import { CASE_STATES } from '../cases/domain/case-state';
import { caseAnswerOf, caseSummaryOf, type CaseAnswer, type CaseSummary } from './case-answer';
import { cursorAfter, filterSql, type CaseFilters, type CaseListQuery } from './domain/case-list-query';

export interface CasePage {
  cases: CaseSummary[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

export interface CaseStats {
  total: number;
  byState: Record<(typeof CASE_STATES)[number], number>;
  atRisk: number;
  breached: number;
  /** Steps by item and state, over the cases counted. */
  steps: Record<string, Record<string, number>>;
}

/**
 * What the query API reads, in one read-only snapshot per answer (REPEATABLE READ), so a case's
 * steps, clocks and timeline agree with each other while changes commit.
 */
@Injectable()
export class CaseReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: CaseStore,
    private readonly timeline: CaseTimelineStore,
    private readonly notifications: CaseNotifications,
    private readonly clocks: StepClocks,
  ) {}

  async byId(caseId: string): Promise<CaseAnswer | null> {
    return this.answer(`c.case_id = $1`, caseId);
  }

  async byCaseNumber(caseNumber: string): Promise<CaseAnswer | null> {
    return this.answer(`c.case_number = $1`, caseNumber);
  }

  private answer(condition: string, value: string): Promise<CaseAnswer | null> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const rows: Parameters<typeof caseRowOf>[0][] = await manager.query(`SELECT ${CASE_COLUMNS} FROM cases c WHERE ${condition} ORDER BY seq LIMIT 1`, [value]);
      if (!rows[0]) return null;
      const row = caseRowOf(rows[0]);
      const [steps, clocks, timeline, notifications] = [
        await this.store.steps(manager, row.caseId),
        await this.clocks.clocksOf(manager, [row.caseId]),
        await this.timeline.of(manager, row.caseId),
        await this.notifications.of(manager, row.caseId),
      ];
      return caseAnswerOf(row, steps, clocks, timeline, notifications);
    });
  }

  /**
   * Newest first, by `seq` (given once when the case opens, never changed): a page continues
   * strictly below the last `seq` seen, so cases opened or changed meanwhile never repeat a case
   * or skip one that still matches.
   */
  async list(query: CaseListQuery): Promise<CasePage> {
    const { where, params } = filterSql(query.filters);
    if (query.afterSeq !== null) {
      params.push(query.afterSeq);
      where.push(`c.seq < $${params.length}::bigint`);
    }
    params.push(query.limit + 1);
    const sql = `SELECT ${CASE_COLUMNS} FROM cases c ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.seq DESC LIMIT $${params.length}`;
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const raw: Parameters<typeof caseRowOf>[0][] = await manager.query(sql, params);
      const rows: CaseRow[] = raw.slice(0, query.limit).map(caseRowOf);
      const steps = await this.store.stepsOf(manager, rows.map((r) => r.caseId));
      const last = rows.at(-1);
      return {
        cases: rows.map((r) => caseSummaryOf(r, steps.get(r.caseId) ?? [])),
        nextCursor: raw.length > query.limit && last ? cursorAfter(last.seq, query.filters) : null,
      };
    });
  }

  async stats(filters: CaseFilters): Promise<CaseStats> {
    const { where, params } = filterSql(filters);
    const condition = where.length ? `WHERE ${where.join(' AND ')}` : '';
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [counts]: { total: string; at_risk: string; breached: string; by_state: Record<string, string> | null }[] = await manager.query(
        `SELECT count(*) AS total, count(*) FILTER (WHERE c.at_risk) AS at_risk, count(*) FILTER (WHERE c.breached) AS breached,
                (SELECT jsonb_object_agg(state, n) FROM (SELECT c.state, count(*) AS n FROM cases c ${condition} GROUP BY c.state) s) AS by_state
           FROM cases c ${condition}`,
        params,
      );
      const stepRows: { item: string; state: string; n: string }[] = await manager.query(
        `SELECT s.item, s.state, count(*) AS n FROM case_steps s JOIN cases c ON c.case_id = s.case_id ${condition} GROUP BY s.item, s.state`,
        params,
      );
      const byState = Object.fromEntries(CASE_STATES.map((s) => [s, Number(counts?.by_state?.[s] ?? 0)])) as CaseStats['byState'];
      const steps: CaseStats['steps'] = Object.fromEntries(APPLICATION_ITEMS.map((item) => [item, Object.fromEntries(ITEM_STATES.map((s) => [s, 0]))]));
      for (const r of stepRows) if (steps[r.item]) steps[r.item]![r.state] = Number(r.n);
      return { total: Number(counts?.total ?? 0), byState, atRisk: Number(counts?.at_risk ?? 0), breached: Number(counts?.breached ?? 0), steps };
    });
  }
}
