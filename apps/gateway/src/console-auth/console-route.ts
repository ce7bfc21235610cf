import { applyDecorators, createParamDecorator, SetMetadata, UseGuards, type ExecutionContext } from '@nestjs/common';
import { ConsoleSessionGuard } from './console-session.guard';
import { CONSOLE_ROLES_KEY, type ConsoleRole, type ConsoleUser } from './console-user';

export { CONSOLE_ROLES_KEY };

/**
 * A console route: a valid session is required, the user's role must be one of `roles`, and every
 * change (not GET/HEAD) must carry the session's CSRF token. The server decides; the UI only hides.
 */
export function ConsoleRoute(...roles: ConsoleRole[]): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(CONSOLE_ROLES_KEY, roles), UseGuards(ConsoleSessionGuard));
}

/** The signed-in user, set on the request by ConsoleSessionGuard. */
export const CurrentConsoleUser = createParamDecorator((_: unknown, ctx: ExecutionContext): ConsoleUser => {
  const user = ctx.switchToHttp().getRequest<{ consoleUser?: ConsoleUser }>().consoleUser;
  if (!user) throw new Error('CurrentConsoleUser used on a route without @ConsoleRoute');
  return user;
});
