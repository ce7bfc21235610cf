import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ServiceConfig } from '@birth/platform';
import { ConsoleAudit } from './console-audit';
import type { ConsoleAuthSettings } from './console-auth.config';
import { AccountLocked, accountDisabled, invalidCredentials } from './console-auth.errors';
import { ConsoleSessionsRepository } from './console-sessions.repository';
import type { ConsoleUser } from './console-user';
import { ConsoleUsersRepository, type StoredConsoleUser } from './console-users.repository';
import { afterFailedSignIn, isLocked, secondsLocked, type LockoutPolicy } from './domain/account-lockout';
import { USERNAME } from './domain/console-user-rules';
import { verifyNothing, verifyPassword } from './password-hash';
import { newSessionSecrets } from './session-token';

export interface SignedIn {
  user: ConsoleUser;
  /** The session's secret, for the cookie only. */
  token: string;
  csrfToken: string;
}

const actorOf = (user: StoredConsoleUser) => ({ userId: user.id, username: user.username, role: user.role });

/**
 * Sign-in (POST /api/console/session): checks the password against its scrypt hash, counts wrong
 * ones towards the lock (domain/account-lockout.ts), and opens a session. An unknown username
 * costs the same hash and gets the same answer as a wrong password. Refusals of a known user are
 * audited (`session.sign-in-refused` with the code), so are sign-ins (`session.sign-in`); the
 * password never leaves this class.
 */
@Injectable()
export class ConsoleSignIn {
  private readonly lockout: LockoutPolicy;

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: ConsoleUsersRepository,
    private readonly sessions: ConsoleSessionsRepository,
    private readonly audit: ConsoleAudit,
    @Inject(ServiceConfig) config: ServiceConfig,
  ) {
    const settings = config as unknown as ConsoleAuthSettings;
    this.lockout = { failures: settings.CONSOLE_LOCKOUT_FAILURES, lockMinutes: settings.CONSOLE_LOCKOUT_MINUTES };
  }

  async signIn(username: string, password: string): Promise<SignedIn> {
    const user = USERNAME.test(username) ? await this.users.findByUsername(username) : undefined;
    if (!user) {
      await verifyNothing(password);
      throw invalidCredentials();
    }
    if (isLocked(user, new Date())) {
      await this.refused(user, 'ACCOUNT_LOCKED');
      throw new AccountLocked(secondsLocked(user, new Date()));
    }
    if (!(await verifyPassword(password, user.passwordHash))) throw await this.wrongPassword(user);
    if (user.disabledAt !== null) {
      await this.refused(user, 'ACCOUNT_DISABLED');
      throw accountDisabled('credentials');
    }
    const { token, sessionId, csrfToken } = newSessionSecrets();
    await this.dataSource.transaction(async (manager) => {
      if (user.failedAttempts > 0) await this.users.saveLockout(user.id, { failedAttempts: 0, lockedUntil: null }, manager);
      await this.sessions.open({ sessionId, userId: user.id, csrfToken }, manager);
      await this.audit.record({ user: { ...actorOf(user), sessionId }, action: 'session.sign-in' }, manager);
    });
    return { user: { userId: user.id, username: user.username, role: user.role, regions: user.regions, sessionId }, token, csrfToken };
  }

  /** Counts a wrong password on the locked row (attempts at once all count); the refusal to throw. */
  private async wrongPassword(user: StoredConsoleUser): Promise<AccountLocked | ReturnType<typeof invalidCredentials>> {
    return this.dataSource.transaction(async (manager) => {
      const current = (await this.users.lockById(user.id, manager)) ?? user;
      const now = new Date();
      // Another attempt locked it while this one hashed: the lock stands, and counts no further.
      const next = isLocked(current, now) ? current : afterFailedSignIn(current, this.lockout, now);
      if (next !== current) await this.users.saveLockout(user.id, next, manager);
      const locked = isLocked(next, now);
      await this.audit.record({ user: actorOf(user), action: 'session.sign-in-refused', detail: { code: locked ? 'ACCOUNT_LOCKED' : 'INVALID_CREDENTIALS' } }, manager);
      return locked ? new AccountLocked(secondsLocked(next, now)) : invalidCredentials();
    });
  }

  private async refused(user: StoredConsoleUser, code: string): Promise<void> {
    await this.audit.record({ user: actorOf(user), action: 'session.sign-in-refused', detail: { code } });
  }
}
