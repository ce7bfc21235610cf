import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ConsoleRole } from './console-user';
import type { LockoutState } from './domain/account-lockout';

/** A console user as stored (console_users). `passwordHash` never leaves the gateway. */
export interface StoredConsoleUser {
  id: string;
  username: string;
  role: ConsoleRole;
  regions: string[];
  passwordHash: string;
  disabledAt: Date | null;
  failedAttempts: number;
  lockedUntil: Date | null;
  createdAt: Date;
}

interface Row {
  id: string;
  username: string;
  role: ConsoleRole;
  regions: string[];
  password_hash: string;
  disabled_at: Date | null;
  failed_attempts: number;
  locked_until: Date | null;
  created_at: Date;
}

const COLUMNS = 'id, username, role, regions, password_hash, disabled_at, failed_attempts, locked_until, created_at';

function fromRow(row: Row): StoredConsoleUser {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    regions: row.regions,
    passwordHash: row.password_hash,
    disabledAt: row.disabled_at,
    failedAttempts: row.failed_attempts,
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
  };
}

/** Every statement on console_users. (TypeORM answers an UPDATE with `[rows, count]`.) */
@Injectable()
export class ConsoleUsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findByUsername(username: string, manager: EntityManager = this.dataSource.manager): Promise<StoredConsoleUser | undefined> {
    const rows = await manager.query<Row[]>(`SELECT ${COLUMNS} FROM console_users WHERE username = $1`, [username]);
    return rows[0] && fromRow(rows[0]);
  }

  /** The user's row, locked until the transaction of `manager` ends (a sign-in's count of failures). */
  async lockById(id: string, manager: EntityManager): Promise<StoredConsoleUser | undefined> {
    const rows = await manager.query<Row[]>(`SELECT ${COLUMNS} FROM console_users WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] && fromRow(rows[0]);
  }

  async list(): Promise<StoredConsoleUser[]> {
    const rows = await this.dataSource.query<Row[]>(`SELECT ${COLUMNS} FROM console_users ORDER BY username`);
    return rows.map(fromRow);
  }

  /** Inserts the user; false when the username is taken. */
  async insert(user: { id: string; username: string; role: ConsoleRole; regions: string[]; passwordHash: string }, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO console_users (id, username, role, regions, password_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (username) DO NOTHING RETURNING id`,
      [user.id, user.username, user.role, user.regions, user.passwordHash],
    );
    return rows.length === 1;
  }

  async saveLockout(id: string, state: LockoutState, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE console_users SET failed_attempts = $2, locked_until = $3, updated_at = now() WHERE id = $1`, [id, state.failedAttempts, state.lockedUntil]);
  }

  /** Disables the user (once: a second call keeps the first time); the user, or undefined when unknown. */
  async disable(username: string, manager: EntityManager): Promise<StoredConsoleUser | undefined> {
    const [rows] = await manager.query<[Row[], number]>(
      `UPDATE console_users SET disabled_at = COALESCE(disabled_at, now()), updated_at = now() WHERE username = $1 RETURNING ${COLUMNS}`,
      [username],
    );
    return rows[0] && fromRow(rows[0]);
  }

  /** A new password hash; clears the failures and any lock. The user, or undefined when unknown. */
  async setPassword(username: string, passwordHash: string, manager: EntityManager): Promise<StoredConsoleUser | undefined> {
    const [rows] = await manager.query<[Row[], number]>(
      `UPDATE console_users SET password_hash = $2, failed_attempts = 0, locked_until = NULL, updated_at = now() WHERE username = $1 RETURNING ${COLUMNS}`,
      [username, passwordHash],
    );
    return rows[0] && fromRow(rows[0]);
  }
}
