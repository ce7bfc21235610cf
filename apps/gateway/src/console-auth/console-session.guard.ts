import { Injectable, type CanActivate } from '@nestjs/common';

/**
 * Checks the session cookie, the role and, on changes, the CSRF token; sets `request.consoleUser`.
 * Until sessions exist it refuses every request: a console route is never open by default.
 */
@Injectable()
export class ConsoleSessionGuard implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}
