import { timingSafeEqual } from 'node:crypto';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { csrfTokenInvalid, roleForbidden } from './console-auth.errors';
import { ConsoleSessions, type LiveSession } from './console-sessions';
import { CONSOLE_ROLES_KEY, type ConsoleRole, type ConsoleUser } from './console-user';

/** Methods that change nothing, so need no CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD']);
export const CSRF_HEADER = 'x-csrf-token';

/** What the guard leaves on the request. */
export interface ConsoleRequest extends Request {
  consoleUser?: ConsoleUser;
  consoleSession?: LiveSession;
}

/**
 * Checks the session cookie (ConsoleSessions: 401 SESSION_REQUIRED or SESSION_EXPIRED, 403
 * ACCOUNT_DISABLED), then on a change (any method but GET and HEAD) the X-CSRF-Token header
 * against the session's token in constant time (403 CSRF_TOKEN_INVALID), then the role against
 * the route's ConsoleRoute(...roles) (403 ROLE_FORBIDDEN; no roles listed: any signed-in user);
 * sets `request.consoleUser`. A route without ConsoleRoute metadata is refused: a console route
 * is never open by default.
 */
@Injectable()
export class ConsoleSessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: ConsoleSessions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const roles = this.reflector.getAllAndOverride<ConsoleRole[] | undefined>(CONSOLE_ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (roles === undefined) return false;
    const request = context.switchToHttp().getRequest<ConsoleRequest>();
    const session = await this.sessions.authenticate(request.headers.cookie);
    if (!SAFE_METHODS.has(request.method) && !sameToken(request.headers[CSRF_HEADER], session.csrfToken)) throw csrfTokenInvalid();
    if (roles.length > 0 && !roles.includes(session.user.role)) throw roleForbidden();
    request.consoleUser = session.user;
    request.consoleSession = session;
    return true;
  }
}

function sameToken(sent: string | string[] | undefined, expected: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
