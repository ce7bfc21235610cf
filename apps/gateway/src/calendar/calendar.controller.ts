import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ReferenceData, ServiceConfig } from '@birth/platform';
import type { GatewayConfig } from '../config';
import { ANSWERS } from '../http/openapi';
import { intakeError, IntakeRejection } from '../intake/intake.errors';
import { RateLimiter } from '../intake/rate-limiter';
import { CALENDAR_ANSWERS, CALENDAR_OPENAPI_TAG } from './calendar.openapi';
import { parseDeadlineQuery, WORKING_DAYS } from './domain/deadline-query';

/** What GET /api/v1/calendar/deadline answers. */
export interface CalendarDeadlineAnswer {
  /** 24:00 China time of the last working day, written as 00:00 +08:00 of the next day. */
  deadline: string;
  provisional: boolean;
  calendarVersion: string;
}

/**
 * The public working-day deadline (issue 13): for clerks, and for hospitals that want to tell
 * families when a period ends. No signature or token: it reveals nothing but the official
 * calendar, which is public. Counted on the gateway's own copy of the calendar (ReferenceData:
 * the repository's years and those imported on calendar.years.v1), so a year an operator loads
 * changes the answer at once. Rate-limited per client address.
 */
@Controller('api/v1/calendar')
@ApiTags(CALENDAR_OPENAPI_TAG)
export class CalendarController {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly referenceData: ReferenceData,
    @Inject(ServiceConfig) config: ServiceConfig,
  ) {
    const perMinute = (config as GatewayConfig).CALENDAR_RATE_PER_MINUTE;
    // The whole minute's allowance at once if need be, refilled evenly over the minute.
    this.limiter = new RateLimiter(perMinute / 60, perMinute);
  }

  @Get('deadline')
  @ApiOperation({
    operationId: 'calendarDeadline',
    summary: 'When a period of working days ends',
    description:
      'Public: no signature, no token. Counts `workingDays` working days on China\'s official calendar (the State Council\'s holiday notices: rest days, statutory holidays and make-up working days) from the China date of `start`, which is never counted whatever its hour (Civil Code art. 201), and answers the end of the last one, 24:00 China time, written as 00:00 +08:00 of the next day. Rate-limited per client address (120 a minute by default).',
  })
  // Listed in the document bottom-up: `start` first.
  @ApiQuery({
    name: 'workingDays',
    required: true,
    description: 'The length of the period in working days.',
    schema: { type: 'integer', minimum: WORKING_DAYS.min, maximum: WORKING_DAYS.max, example: 10 },
  })
  @ApiQuery({
    name: 'start',
    required: true,
    description: 'The instant the period starts from: ISO 8601 with `Z` or an offset, URL-encoded (`+` as `%2B`).',
    schema: { type: 'string', format: 'date-time', example: '2026-09-18T17:00:00+08:00' },
  })
  @ApiResponse(CALENDAR_ANSWERS.deadline)
  @ApiResponse(CALENDAR_ANSWERS.invalid)
  @ApiResponse(CALENDAR_ANSWERS.rateLimited)
  @ApiResponse(ANSWERS.internalError)
  deadline(@Query() query: Record<string, unknown>, @Req() req: Request, @Res({ passthrough: true }) res: Response): CalendarDeadlineAnswer {
    const wait = this.limiter.take(clientOf(req));
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      throw new IntakeRejection(429, [intakeError('request', 'RATE_LIMITED', { seconds: wait })]);
    }
    const check = parseDeadlineQuery(query);
    if (!check.ok) throw new IntakeRejection(400, check.errors);
    const answer = this.referenceData.calendar.addWorkingDays(check.value.start, check.value.workingDays);
    return { deadline: answer.endsAtChinaTime, provisional: answer.provisional, calendarVersion: answer.calendarVersion };
  }
}

/**
 * The client a request counts against: the address the gateway sees (Express's `req.ip`; behind
 * a reverse proxy, the proxy's unless Express is told to trust it).
 */
function clientOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
