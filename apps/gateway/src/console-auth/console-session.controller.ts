import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { validatePlain } from '@birth/contracts';
import { ANSWERS } from '../http/openapi';
import { IntakeRejection } from '../intake/intake.errors';
import { toIntakeError } from '../intake/domain/validation';
import { ConsoleAudit } from './console-audit';
import { CONSOLE_AUTH_ANSWERS, CONSOLE_AUTH_OPENAPI_TAG } from './console-auth.openapi';
import { AccountLocked } from './console-auth.errors';
import { SECURE_SESSION_COOKIE } from './secure-session-cookie';
import { ConsoleRoute, CurrentConsoleUser } from './console-route';
import type { ConsoleRequest } from './console-session.guard';
import { ConsoleSessions } from './console-sessions';
import { ConsoleSignIn } from './console-sign-in';
import type { ConsoleUser } from './console-user';
import { clearedSessionCookie, sessionCookie } from './domain/session-cookie';
import { SignInRequest } from './sign-in.request';

/** What POST and GET /api/console/session answer. */
export interface ConsoleSessionAnswer {
  user: { userId: string; username: string; role: ConsoleUser['role']; regions: string[] };
  csrfToken: string;
}

const shown = (user: ConsoleUser): ConsoleSessionAnswer['user'] => ({ userId: user.userId, username: user.username, role: user.role, regions: user.regions });

const CSRF_HEADER_DOC = { name: 'X-CSRF-Token', required: true, description: 'The csrfToken of the session.' };

/**
 * Sign-in, the current session and sign-out (issue 15). The cookie is `Secure` unless the
 * gateway runs with the local demo configuration (NODE_ENV other than production), which serves
 * plain http on 127.0.0.1.
 */
@Controller('api/console/session')
@ApiTags(CONSOLE_AUTH_OPENAPI_TAG)
export class ConsoleSessionController {
  constructor(
    private readonly signIns: ConsoleSignIn,
    private readonly sessions: ConsoleSessions,
    private readonly audit: ConsoleAudit,
    @Inject(SECURE_SESSION_COOKIE) private readonly secureCookie: boolean,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ operationId: 'consoleSignIn', summary: 'Sign in to the console', description: 'Opens a session: the cookie, and the CSRF token for changes. Wrong passwords in a row lock the account for a while.' })
  @ApiBody({ required: true, schema: { $ref: '#/components/schemas/ConsoleSignInRequest' } })
  @ApiResponse(CONSOLE_AUTH_ANSWERS.signedIn)
  @ApiResponse(CONSOLE_AUTH_ANSWERS.badSignIn)
  @ApiResponse(CONSOLE_AUTH_ANSWERS.invalidCredentials)
  @ApiResponse(CONSOLE_AUTH_ANSWERS.disabled)
  @ApiResponse(CONSOLE_AUTH_ANSWERS.locked)
  @ApiResponse(ANSWERS.internalError)
  async signIn(@Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<ConsoleSessionAnswer> {
    const request = validatePlain(SignInRequest, body ?? {});
    if (!request.ok) throw new IntakeRejection(400, request.errors.map(toIntakeError));
    try {
      const signedIn = await this.signIns.signIn(request.value.username, request.value.password);
      res.setHeader('Set-Cookie', sessionCookie(signedIn.token, { secure: this.secureCookie }));
      res.setHeader('Cache-Control', 'no-store');
      return { user: shown(signedIn.user), csrfToken: signedIn.csrfToken };
    } catch (error) {
      if (error instanceof AccountLocked) res.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
  }

  @Get()
  @ConsoleRoute()
  @ApiOperation({ operationId: 'consoleSession', summary: 'The signed-in user', description: 'For a page loaded again: who is signed in, and the CSRF token.' })
  @ApiResponse(CONSOLE_AUTH_ANSWERS.session)
  @ApiResponse(CONSOLE_AUTH_ANSWERS.noSession)
  @ApiResponse(CONSOLE_AUTH_ANSWERS.forbidden)
  current(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response): ConsoleSessionAnswer {
    res.setHeader('Cache-Control', 'no-store');
    return { user: shown(req.consoleUser!), csrfToken: req.consoleSession!.csrfToken };
  }

  @Delete()
  @HttpCode(204)
  @ConsoleRoute()
  @ApiOperation({ operationId: 'consoleSignOut', summary: 'Sign out', description: 'Ends the session at once: its cookie opens nothing any more.' })
  @ApiHeader(CSRF_HEADER_DOC)
  @ApiResponse(CONSOLE_AUTH_ANSWERS.signedOut)
  @ApiResponse(CONSOLE_AUTH_ANSWERS.noSession)
  @ApiResponse(CONSOLE_AUTH_ANSWERS.forbidden)
  async signOut(@CurrentConsoleUser() user: ConsoleUser, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.sessions.end(user.sessionId);
    await this.audit.record({ user, action: 'session.sign-out' });
    res.setHeader('Set-Cookie', clearedSessionCookie({ secure: this.secureCookie }));
  }
}
