import { Module } from '@nestjs/common';
import { ServiceConfig } from '@birth/platform';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { AccountSealer } from '../intake/account-sealer';
import { CorrectBirthService } from '../intake/correct-birth.service';
import { IntakeCrypto } from '../intake/intake-crypto';
import { IntakeQueries } from '../intake/intake-queries.service';
import { IntakeRepository } from '../intake/intake.repository';
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
 * guard and the audit log come from ConsoleAuthModule (global). The intake's correction use case
 * and its stores are provided here too (IntakeModule exports only the submission service); they
 * hold no state of their own.
 */
@Module({
  imports: [HospitalsModule],
  controllers: [ConsoleCasesController, ConsoleManualReviewController, ConsoleOperationsController, ConsoleEventsController],
  providers: [
    ConsoleUpstreams,
    ConsoleIntake,
    ConsoleCases,
    ConsoleActions,
    ConsoleOperations,
    ConsoleLive,
    ConsoleManualReview,
    IntakeRepository,
    IntakeQueries,
    IntakeCrypto,
    CorrectBirthService,
    { provide: AccountSealer, useFactory: (config: ServiceConfig) => AccountSealer.fromConfig(config), inject: [ServiceConfig] },
  ],
})
export class ConsoleModule {}
