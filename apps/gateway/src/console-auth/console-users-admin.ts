import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AuditLog } from '../security/audit-log';
import type { ConsoleRole } from './console-user';
import { ConsoleSessionsRepository } from './console-sessions.repository';
import { ConsoleUsersRepository, type StoredConsoleUser } from './console-users.repository';
import { consoleUserProblem } from './domain/console-user-rules';
import { PASSWORD_PROBLEM_TEXT, passwordProblem } from './domain/password-policy';
import { hashPassword } from './password-hash';

export type ConsoleUserAdminErrorCode = 'INVALID_USER' | 'PASSWORD_REFUSED' | 'USER_EXISTS' | 'USER_UNKNOWN';

export class ConsoleUserAdminError extends Error {
  constructor(
    readonly code: ConsoleUserAdminErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ConsoleUserAdminError';
  }
}

/** A console user as `user list` shows it: never the hash. */
export interface ConsoleUserListing {
  userId: string;
  username: string;
  role: ConsoleRole;
  regions: string[];
  disabledAt: Date | null;
  lockedUntil: Date | null;
  createdAt: Date;
}

function listing(user: StoredConsoleUser): ConsoleUserListing {
  return {
    userId: user.id,
    username: user.username,
    role: user.role,
    regions: user.regions,
    disabledAt: user.disabledAt,
    lockedUntil: user.lockedUntil !== null && user.lockedUntil.getTime() > Date.now() ? user.lockedUntil : null,
    createdAt: user.createdAt,
  };
}

/**
 * The administrators' operations on console users (the CLI's `user …` commands, and the demo
 * users). Each change and its entry in the gateway's audit_log (actor `cli:<os user>`, action
 * `console-user.<command>`) commit together; a refusal is audited too. Disabling a user or giving
 * a new password ends every open session of the user. Passwords are hashed here and go nowhere
 * else: not to the audit, not to the output.
 */
export class ConsoleUsersAdmin {
  private readonly users: ConsoleUsersRepository;
  private readonly sessions: ConsoleSessionsRepository;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly actor: string,
  ) {
    this.users = new ConsoleUsersRepository(dataSource);
    this.sessions = new ConsoleSessionsRepository(dataSource);
  }

  async add(user: { username: string; role: string; regions: readonly string[]; password: string }): Promise<ConsoleUserListing> {
    const problem = consoleUserProblem(user);
    if (problem) return this.refuse('add', user.username, new ConsoleUserAdminError('INVALID_USER', problem));
    this.checkPassword(user.password);
    const passwordHash = await hashPassword(user.password);
    const added = await this.dataSource.transaction(async (manager) => {
      const inserted = await this.users.insert({ id: randomUUID(), username: user.username, role: user.role as ConsoleRole, regions: [...user.regions], passwordHash }, manager);
      if (!inserted) return undefined;
      await this.audit.append({ actor: this.actor, action: 'console-user.add', outcome: 'ok', details: { username: user.username, role: user.role, regions: user.regions } }, manager);
      return this.users.findByUsername(user.username, manager);
    });
    if (!added) return this.refuse('add', user.username, new ConsoleUserAdminError('USER_EXISTS', `a console user "${user.username}" exists already`));
    return listing(added);
  }

  async disable(username: string): Promise<ConsoleUserListing & { sessionsEnded: number }> {
    const result = await this.dataSource.transaction(async (manager) => {
      const user = await this.users.disable(username, manager);
      if (!user) return undefined;
      const sessionsEnded = await this.sessions.endAllOf(user.id, manager);
      await this.audit.append({ actor: this.actor, action: 'console-user.disable', outcome: 'ok', details: { username, sessionsEnded } }, manager);
      return { ...listing(user), sessionsEnded };
    });
    return result ?? this.refuse('disable', username, unknownUser(username));
  }

  async resetPassword(username: string, password: string): Promise<ConsoleUserListing & { sessionsEnded: number }> {
    this.checkPassword(password);
    const passwordHash = await hashPassword(password);
    const result = await this.dataSource.transaction(async (manager) => {
      const user = await this.users.setPassword(username, passwordHash, manager);
      if (!user) return undefined;
      const sessionsEnded = await this.sessions.endAllOf(user.id, manager);
      await this.audit.append({ actor: this.actor, action: 'console-user.reset-password', outcome: 'ok', details: { username, sessionsEnded } }, manager);
      return { ...listing(user), sessionsEnded };
    });
    return result ?? this.refuse('reset-password', username, unknownUser(username));
  }

  async list(): Promise<ConsoleUserListing[]> {
    const users = await this.users.list();
    await this.audit.append({ actor: this.actor, action: 'console-user.list', outcome: 'ok' });
    return users.map(listing);
  }

  /** Whether a user of that name exists (the demo users are created only when absent). */
  async exists(username: string): Promise<boolean> {
    return (await this.users.findByUsername(username)) !== undefined;
  }

  private checkPassword(password: string): void {
    const problem = passwordProblem(password);
    // Not audited: nothing was attempted on a user, and the password's flaw is no one's business.
    if (problem) throw new ConsoleUserAdminError('PASSWORD_REFUSED', PASSWORD_PROBLEM_TEXT[problem]);
  }

  private async refuse(command: string, username: string, error: ConsoleUserAdminError): Promise<never> {
    await this.audit.append({ actor: this.actor, action: `console-user.${command}`, outcome: 'failed', reason: error.code, details: { username: username.slice(0, 63) } });
    throw error;
  }
}

const unknownUser = (username: string) => new ConsoleUserAdminError('USER_UNKNOWN', `no console user "${username}"`);
