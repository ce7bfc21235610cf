export { CONSOLE_ROLES, type ConsoleRole, type ConsoleUser } from './console-user';
export { ConsoleRoute, CurrentConsoleUser, CONSOLE_ROLES_KEY } from './console-route';
export { ConsoleSessionGuard } from './console-session.guard';
export { ConsoleAuthModule } from './console-auth.module';
