import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CaseTimeline } from '../ports/step-clock-port';

export interface TimelineEntry {
  at: string;
  type: string;
  cause: string;
}

/** SLA entries that set the case's list flags at once (the query API filters on them). */
const AT_RISK = 'sla-at-risk';
const BREACHED = 'sla-breached';

/**
 * The case's timeline (issue 13: "every event with its time and cause"), written by the
 * projection and, through the CaseTimeline port, by the SLA side. An `sla-at-risk` entry marks an
 * open case at risk and an `sla-breached` one marks it breached (for good), in the same
 * transaction; a step's next change refreshes `at_risk` from the clocks (CaseProjection).
 */
@Injectable()
export class CaseTimelineStore extends CaseTimeline {
  async record(manager: EntityManager, caseId: string, entry: TimelineEntry): Promise<void> {
    await manager.query(`INSERT INTO case_timeline (case_id, at, type, cause) VALUES ($1, $2, $3, $4)`, [caseId, entry.at, entry.type, entry.cause]);
    if (entry.type === AT_RISK) await manager.query(`UPDATE cases SET at_risk = true, updated_at = now() WHERE case_id = $1 AND state = 'open'`, [caseId]);
    if (entry.type === BREACHED) await manager.query(`UPDATE cases SET breached = true, updated_at = now() WHERE case_id = $1`, [caseId]);
  }

  async of(manager: EntityManager, caseId: string): Promise<TimelineEntry[]> {
    const rows: { at: Date; type: string; cause: string }[] = await manager.query(`SELECT at, type, cause FROM case_timeline WHERE case_id = $1 ORDER BY at, id`, [caseId]);
    return rows.map((r) => ({ at: r.at.toISOString(), type: r.type, cause: r.cause }));
  }
}
