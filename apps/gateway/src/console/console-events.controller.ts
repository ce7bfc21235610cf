import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ConsoleRoute, CurrentConsoleUser, type ConsoleUser } from '../console-auth';
import { caseIdOf } from './console-cases.service';
import { consoleError, ConsoleRejection, ConsoleRejectionFilter } from './console-errors';
import { ConsoleLive } from './console-live';

/** One server-sent event (`event:` and one `data:` line of JSON). */
function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * `GET /api/console/events`: live updates as server-sent events, on the session cookie alone (no
 * token in the URL). Operators and admins get `dashboard` whenever a figure changes; with
 * `?caseId=` a clerk (or admin) gets `case` whenever that case changes, checked for their region
 * before the stream opens. A `: heartbeat` comment keeps proxies from closing a quiet stream; the
 * stream ends with `event: session-ended` once the session is signed out, expires or its user is
 * disabled.
 */
@ApiExcludeController()
@Controller('api/console/events')
@UseFilters(ConsoleRejectionFilter)
export class ConsoleEventsController {
  constructor(private readonly live: ConsoleLive) {}

  @Get()
  @ConsoleRoute('clerk', 'operator', 'admin')
  async stream(@Query('caseId') caseIdParam: unknown, @CurrentConsoleUser() user: ConsoleUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    let caseId: string | null = null;
    if (caseIdParam !== undefined) {
      if (user.role === 'operator') throw new ConsoleRejection(403, [consoleError('caseId', 'ROLE_FORBIDDEN', '运维人员不查看单个案件', 'Operators do not follow single cases')]);
      caseId = caseIdOf(typeof caseIdParam === 'string' ? caseIdParam : '');
    } else if (user.role === 'clerk') {
      throw new ConsoleRejection(400, [consoleError('caseId', 'CASE_ID_REQUIRED', '请指定要关注的案件', 'Name the case to follow (caseId)')]);
    }
    // Checked before the stream opens: an unknown case is 404, another region's 403.
    const first = caseId ? await this.live.caseSummary(user, caseId) : null;

    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write(`retry: ${this.live.timings.pollMs}\n\n`);

    let closed = false;
    const timers: NodeJS.Timeout[] = [];
    let unsubscribe: (() => void) | null = null;
    const close = () => {
      if (closed) return;
      closed = true;
      for (const t of timers) clearInterval(t);
      unsubscribe?.();
      res.end();
    };
    req.on('close', close);

    if (caseId && first) {
      let last = JSON.stringify(first);
      res.write(frame('case', first));
      timers.push(
        setInterval(() => {
          void this.live.caseSummary(user, caseId).then(
            (summary) => {
              const text = JSON.stringify(summary);
              if (!closed && text !== last) {
                last = text;
                res.write(frame('case', summary));
              }
            },
            () => undefined, // the saga away for a moment: the next poll tries again
          );
        }, this.live.timings.pollMs),
      );
    } else {
      unsubscribe = this.live.onDashboard((dashboard) => {
        if (!closed) res.write(frame('dashboard', dashboard));
      });
    }
    timers.push(
      setInterval(() => {
        void this.live.sessionLive(user.sessionId).then(
          (live) => {
            if (closed) return;
            if (!live) {
              res.write(frame('session-ended', { reason: 'SESSION_ENDED' }));
              close();
            } else res.write(': heartbeat\n\n');
          },
          () => undefined,
        );
      }, this.live.timings.heartbeatMs),
    );
  }
}
