import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ApplicationItem, ItemState, LocalizedTextV1 } from '@birth/contracts';
import { filterSql, type CaseFilters } from './domain/case-list-query';

/** A step a person of its department must act on. */
export interface ManualWorkStep {
  caseId: string;
  caseNumber: string | null;
  regionCode: string | null;
  item: ApplicationItem;
  state: ItemState;
  reasonCode: string;
  reason: LocalizedTextV1 | null;
  changedAt: string;
}

/**
 * `GET /internal/cases/manual-work?item=`: a department's queue of manual work, as the saga
 * mirrors it from the item blocks. A department keeps such an item `in_progress` with the reason a
 * person must look (MANUAL_REVIEW, NUMBER_BLOCK_EXHAUSTED, WAGE_UNKNOWN_MANUAL_REVIEW, …); a
 * running step without a reason code is ordinary work. Open cases only, the longest waiting first.
 */
@Injectable()
export class ManualWorkReader {
  constructor(private readonly dataSource: DataSource) {}

  async queue(item: ApplicationItem, filters: Pick<CaseFilters, 'region'>, limit: number): Promise<{ steps: ManualWorkStep[] }> {
    const { where, params } = filterSql(filters);
    const scope = where.length ? `AND ${where.join(' AND ')}` : '';
    const rows: (Omit<ManualWorkStep, 'changedAt'> & { changedAt: Date })[] = await this.dataSource.query(
      `SELECT s.case_id AS "caseId", c.case_number AS "caseNumber", c.region_code AS "regionCode", s.item, s.state, s.reason_code AS "reasonCode", s.reason, s.changed_at AS "changedAt"
         FROM case_steps s JOIN cases c ON c.case_id = s.case_id
        WHERE c.state = 'open' AND s.item = $${params.length + 1} AND s.state = 'in_progress' AND s.reason_code IS NOT NULL ${scope}
        ORDER BY s.changed_at, s.case_id LIMIT $${params.length + 2}`,
      [...params, item, limit],
    );
    return { steps: rows.map((r) => ({ ...r, changedAt: new Date(r.changedAt).toISOString() })) };
  }
}
