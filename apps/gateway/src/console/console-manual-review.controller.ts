import { Controller, Get, Query, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { ConsoleManualReviewResponse } from '@birth/contracts';
import { ConsoleRoute, CurrentConsoleUser, type ConsoleUser } from '../console-auth';
import { ConsoleRejectionFilter } from './console-errors';
import { ConsoleManualReview } from './console-manual-review';

/** `GET /api/console/manual-review?department=`: a department's queue of manual work, for clerks (their regions) and admins. */
@ApiExcludeController()
@Controller('api/console/manual-review')
@UseFilters(ConsoleRejectionFilter)
export class ConsoleManualReviewController {
  constructor(private readonly manualReview: ConsoleManualReview) {}

  @Get()
  @ConsoleRoute('clerk', 'admin')
  queue(@Query('department') department: unknown, @CurrentConsoleUser() user: ConsoleUser): Promise<ConsoleManualReviewResponse> {
    return this.manualReview.queue(user, department);
  }
}
