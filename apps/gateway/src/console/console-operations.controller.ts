import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { ConsoleDashboard, ConsoleDeadLetterList, ConsoleHealth, ConsoleReplayResponse } from '@birth/contracts';
import { ConsoleRoute, CurrentConsoleUser, type ConsoleUser } from '../console-auth';
import { ConsoleRejectionFilter } from './console-errors';
import { ConsoleOperations } from './console-operations.service';
import { bodyAs, ReasonRequest } from './console-requests';

/** The operators' routes: the SLA dashboard, pipeline health and dead letters. Operators and admins; never personal data. */
@ApiExcludeController()
@Controller('api/console')
@UseFilters(ConsoleRejectionFilter)
export class ConsoleOperationsController {
  constructor(private readonly operations: ConsoleOperations) {}

  @Get('dashboard')
  @ConsoleRoute('operator', 'admin')
  dashboard(): Promise<ConsoleDashboard> {
    return this.operations.dashboard();
  }

  @Get('health')
  @ConsoleRoute('operator', 'admin')
  health(): Promise<ConsoleHealth> {
    return this.operations.health();
  }

  @Get('dead-letters')
  @ConsoleRoute('operator', 'admin')
  deadLetters(@Query('topic') topic: unknown, @Query('limit') limit: unknown): Promise<ConsoleDeadLetterList> {
    return this.operations.listDeadLetters(topic, limit);
  }

  @Post('dead-letters/:id/replay')
  @HttpCode(200)
  @ConsoleRoute('operator', 'admin')
  replay(@Param('id') id: string, @Body() body: unknown, @CurrentConsoleUser() user: ConsoleUser): Promise<ConsoleReplayResponse> {
    return this.operations.replay(user, id, bodyAs(ReasonRequest, body).reason.trim());
  }
}
