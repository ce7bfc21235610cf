export { CONSOLE_ROLES, type ConsoleRole, type ConsoleUser } from './console-user';
export { ConsoleRoute, CurrentConsoleUser, CONSOLE_ROLES_KEY } from './console-route';
export { ConsoleSessionGuard } from './console-session.guard';
export { ConsoleAuthModule } from './console-auth.module';
export { ConsoleAudit, type ConsoleAuditRecord, type ConsoleAuditEntry, type ConsoleAuditPage } from './console-audit';
export { clerkServes, regionCovers } from './domain/region-coverage';
export { ConsoleSessions, type LiveSession } from './console-sessions';
