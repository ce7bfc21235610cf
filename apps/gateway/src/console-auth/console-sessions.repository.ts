import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ConsoleRole } from './console-user';

/** A session that was not ended, with its user, as the guard checks it. */
export interface OpenSession {
  sessionId: string;
  csrfToken: string;
  /** Seconds since the session's last recorded request (by the database's clock). */
  idleSeconds: number;
  user: { id: string; username: string; role: ConsoleRole; regions: string[]; disabledAt: Date | null };
}

interface Row {
  id: string;
  csrf_token: string;
  idle_seconds: string;
  user_id: string;
  username: string;
  role: ConsoleRole;
  regions: string[];
  disabled_at: Date | null;
}

/**
 * Every statement on console_sessions. Times come from the database's clock, so every gateway
 * instance judges a session's idleness alike.
 */
@Injectable()
export class ConsoleSessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async open(session: { sessionId: string; userId: string; csrfToken: string }, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(`INSERT INTO console_sessions (id, user_id, csrf_token) VALUES ($1, $2, $3)`, [session.sessionId, session.userId, session.csrfToken]);
  }

  async findOpen(sessionId: string): Promise<OpenSession | undefined> {
    const rows = await this.dataSource.query<Row[]>(
      `SELECT s.id, s.csrf_token, extract(epoch FROM now() - s.last_seen_at) AS idle_seconds,
              u.id AS user_id, u.username, u.role, u.regions, u.disabled_at
         FROM console_sessions s JOIN console_users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.ended_at IS NULL`,
      [sessionId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      sessionId: row.id,
      csrfToken: row.csrf_token,
      idleSeconds: Number(row.idle_seconds),
      user: { id: row.user_id, username: row.username, role: row.role, regions: row.regions, disabledAt: row.disabled_at },
    };
  }

  /** Records a request on the session, at most once every `everySeconds` (one write a minute, not one a request). */
  async touch(sessionId: string, everySeconds: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE console_sessions SET last_seen_at = now() WHERE id = $1 AND ended_at IS NULL AND last_seen_at < now() - make_interval(secs => $2)`,
      [sessionId, everySeconds],
    );
  }

  async end(sessionId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(`UPDATE console_sessions SET ended_at = now() WHERE id = $1 AND ended_at IS NULL`, [sessionId]);
  }

  /** Ends every session of a user (disabled, or given a new password); how many were open. */
  async endAllOf(userId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    // TypeORM answers an UPDATE with [rows, count].
    const [, count] = await manager.query<[unknown[], number]>(`UPDATE console_sessions SET ended_at = now() WHERE user_id = $1 AND ended_at IS NULL`, [userId]);
    return count;
  }
}
