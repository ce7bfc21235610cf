import { Module } from '@nestjs/common';
import { IntakeModule } from '../intake/intake.module';
import { ConsoleActions } from './console-actions.service';
import { ConsoleCasesController } from './console-cases.controller';
import { ConsoleCases } from './console-cases.service';
import { ConsoleEventsController } from './console-events.controller';
import { ConsoleIntake } from './console-intake';
import { ConsoleLive } from './console-live';
import { ConsoleManualReview } from './console-manual-review';
import { ConsoleManualReviewController } from './console-manual-review.controller';
import { ConsoleOperationsController } from './console-operations.controller';
import { ConsoleOperations } from './console-operations.service';
import { ConsoleUpstreams } from './console-upstreams';

/**
 * The console's API (issue 15): case search and pages for clerks, the SLA dashboard and pipeline
 * health for operators, each route checked for role and region on the server. Sessions, the
 * guard and the audit log come from ConsoleAuthModule (global); the intake's records, crypto and
 * correction use case from IntakeModule (one instance of each in the gateway).
 */
@Module({
  imports: [IntakeModule],
  controllers: [ConsoleCasesController, ConsoleManualReviewController, ConsoleOperationsController, ConsoleEventsController],
  providers: [
    ConsoleUpstreams,
    ConsoleIntake,
    ConsoleCases,
    ConsoleActions,
    ConsoleOperations,
    ConsoleLive,
    ConsoleManualReview,
  ],
})
export class ConsoleModule {}
