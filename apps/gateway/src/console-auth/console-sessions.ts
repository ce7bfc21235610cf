import { Inject, Injectable } from '@nestjs/common';
import { ServiceConfig } from '@birth/platform';
import type { ConsoleAuthSettings } from './console-auth.config';
import { accountDisabled, sessionExpired, sessionRequired } from './console-auth.errors';
import { ConsoleSessionsRepository } from './console-sessions.repository';
import type { ConsoleUser } from './console-user';
import { sessionTokenOf } from './domain/session-cookie';
import { sessionIdOf } from './session-token';

/** A live session: its user, and the CSRF token every change must carry. */
export interface LiveSession {
  user: ConsoleUser;
  csrfToken: string;
}

/** A session is touched at most once a minute, and more often when the idle timeout is shorter. */
const TOUCH_EVERY_SECONDS = 60;

/**
 * Finds the live session of a request's cookie (issue 15): not signed out, not idle for
 * CONSOLE_SESSION_IDLE_SECONDS, and its user not disabled. A session found idle or of a disabled
 * user is ended on the spot.
 */
@Injectable()
export class ConsoleSessions {
  private readonly idleSeconds: number;

  constructor(
    private readonly sessions: ConsoleSessionsRepository,
    @Inject(ServiceConfig) config: ServiceConfig,
  ) {
    this.idleSeconds = (config as unknown as ConsoleAuthSettings).CONSOLE_SESSION_IDLE_SECONDS;
  }

  /** The session of a Cookie header; throws SESSION_REQUIRED, SESSION_EXPIRED or ACCOUNT_DISABLED. */
  async authenticate(cookieHeader: string | undefined): Promise<LiveSession> {
    const token = sessionTokenOf(cookieHeader);
    if (token === undefined) throw sessionRequired();
    const session = await this.sessions.findOpen(sessionIdOf(token));
    if (!session) throw sessionRequired();
    if (session.idleSeconds >= this.idleSeconds) {
      await this.sessions.end(session.sessionId);
      throw sessionExpired();
    }
    if (session.user.disabledAt !== null) {
      await this.sessions.end(session.sessionId);
      throw accountDisabled('session');
    }
    await this.sessions.touch(session.sessionId, Math.min(TOUCH_EVERY_SECONDS, this.idleSeconds / 4));
    const { id: userId, username, role, regions } = session.user;
    return { user: { userId, username, role, regions, sessionId: session.sessionId }, csrfToken: session.csrfToken };
  }

  /**
   * Whether the session is still live (not signed out, not idle past the timeout, its user not
   * disabled), without counting this as a request: for a long-lived answer such as server-sent
   * events, which must end with the session but must not keep an unattended page signed in.
   */
  async isLive(sessionId: string): Promise<boolean> {
    const session = await this.sessions.findOpen(sessionId);
    return session !== undefined && session.idleSeconds < this.idleSeconds && session.user.disabledAt === null;
  }

  async end(sessionId: string): Promise<void> {
    await this.sessions.end(sessionId);
  }
}
