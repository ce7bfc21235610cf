import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ConsoleRole, ConsoleUser } from './console-user';
import type { AuditQuery } from './domain/audit-query';

/**
 * One thing a console user did, for the append-only console_audit_log: who (the signed-in
 * user), what (`action`, dotted lower case: `session.sign-in`, `case.reveal`, `case.correct` …),
 * to which case and field, and why (the reason the user typed). `detail` holds identifiers and
 * codes only: never a revealed value or any other personal data.
 */
export interface ConsoleAuditRecord {
  user: Pick<ConsoleUser, 'userId' | 'username' | 'role'> & { sessionId?: string | null };
  action: string;
  caseId?: string | null;
  field?: string | null;
  reason?: string | null;
  detail?: Record<string, unknown>;
}

/** An audit row as GET /api/console/audit answers it. */
export interface ConsoleAuditEntry {
  seq: string;
  at: string;
  actor: { userId: string; username: string; role: ConsoleRole };
  action: string;
  caseId: string | null;
  field: string | null;
  reason: string | null;
  detail: Record<string, unknown>;
}

export interface ConsoleAuditPage {
  entries: ConsoleAuditEntry[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

interface Row {
  seq: string;
  at: Date;
  actor_user_id: string;
  actor_username: string;
  actor_role: ConsoleRole;
  action: string;
  case_id: string | null;
  field: string | null;
  reason: string | null;
  detail: Record<string, unknown>;
}

/**
 * The console's audit log (console_audit_log; triggers refuse UPDATE, DELETE and TRUNCATE).
 * Every reveal and every action of the console writes one row through `record`; pass the
 * transaction's manager to commit the row with the change it records (or to have no change
 * without its row).
 */
@Injectable()
export class ConsoleAudit {
  constructor(private readonly dataSource: DataSource) {}

  async record(entry: ConsoleAuditRecord, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO console_audit_log (actor_user_id, actor_username, actor_role, action, case_id, field, reason, detail, session_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)`,
      [
        entry.user.userId,
        entry.user.username,
        entry.user.role,
        entry.action,
        entry.caseId ?? null,
        entry.field ?? null,
        entry.reason ?? null,
        JSON.stringify(entry.detail ?? {}),
        entry.user.sessionId ?? null,
      ],
    );
  }

  /** A page of rows matching the filters, newest first. */
  async page(query: AuditQuery): Promise<ConsoleAuditPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const filter = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.caseId !== undefined) filter('case_id = ?', query.caseId);
    if (query.actor !== undefined) filter('actor_username = ?', query.actor);
    if (query.action !== undefined) filter('action = ?', query.action);
    if (query.before !== undefined) filter('seq < ?', query.before);
    params.push(query.limit + 1);
    const rows = await this.dataSource.query<Row[]>(
      `SELECT seq::text AS seq, at, actor_user_id, actor_username, actor_role, action, case_id, field, reason, detail
         FROM console_audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    const more = rows.length > query.limit;
    const entries = rows.slice(0, query.limit).map(
      (row): ConsoleAuditEntry => ({
        seq: row.seq,
        at: row.at.toISOString(),
        actor: { userId: row.actor_user_id, username: row.actor_username, role: row.actor_role },
        action: row.action,
        caseId: row.case_id,
        field: row.field,
        reason: row.reason,
        detail: row.detail,
      }),
    );
    return { entries, nextCursor: more ? entries[entries.length - 1]!.seq : null };
  }
}
