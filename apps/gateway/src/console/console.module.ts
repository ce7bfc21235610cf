import { Module } from '@nestjs/common';

/**
 * The console's API (issue 15): case search and pages for clerks, the SLA dashboard and pipeline
 * health for operators, each route checked for role and region on the server.
 */
@Module({})
export class ConsoleModule {}
