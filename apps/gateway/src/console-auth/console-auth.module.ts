import { Global, Module } from '@nestjs/common';
import { ConsoleAudit } from './console-audit';
import { ConsoleAuditController } from './console-audit.controller';
import { ConsoleSessionController } from './console-session.controller';
import { ConsoleSessionGuard } from './console-session.guard';
import { ConsoleSessions } from './console-sessions';
import { ConsoleSessionsRepository } from './console-sessions.repository';
import { ConsoleSignIn } from './console-sign-in';
import { ConsoleUsersRepository } from './console-users.repository';
import { secureSessionCookieProvider } from './secure-session-cookie';

/**
 * Console sign-in and rights (issue 15): users, server-side sessions in an httpOnly cookie,
 * CSRF on every change, lockout, and the append-only audit log. Hospitals never sign in here.
 * Global, so that any module's controller can use `@ConsoleRoute(...)` (its guard needs
 * ConsoleSessions) and record with ConsoleAudit without importing this module. Needs
 * ServiceConfig (a GatewayConfig) and the TypeORM DataSource, both from ServiceModule.
 */
@Global()
@Module({
  controllers: [ConsoleSessionController, ConsoleAuditController],
  providers: [secureSessionCookieProvider, ConsoleUsersRepository, ConsoleSessionsRepository, ConsoleSessions, ConsoleSignIn, ConsoleAudit, ConsoleSessionGuard],
  exports: [ConsoleSessions, ConsoleAudit, ConsoleSessionGuard],
})
export class ConsoleAuthModule {}
