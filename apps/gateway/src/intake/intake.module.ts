import { Module } from '@nestjs/common';
import { ServiceConfig } from '@birth/platform';
import { AccountSealer } from './account-sealer';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { CaseProgressReader } from './case-progress';
import { IngressConsumer } from './ingress.consumer';
import { IntakeController } from './intake.controller';
import { IntakeCrypto } from './intake-crypto';
import { CorrectBirthService } from './correct-birth.service';
import { IntakeQueries } from './intake-queries.service';
import { IntakeRepository } from './intake.repository';
import { SubmitBirthService } from './submit-birth.service';
import { VoidBirthService } from './void-birth.service';

@Module({
  imports: [HospitalsModule],
  controllers: [IntakeController, IngressConsumer],
  providers: [
    SubmitBirthService,
    CorrectBirthService,
    VoidBirthService,
    IntakeQueries,
    CaseProgressReader,
    IntakeRepository,
    IntakeCrypto,
    // The allowance's public keyring, read once at boot (a missing or broken keyring stops the boot).
    { provide: AccountSealer, useFactory: (config: ServiceConfig) => AccountSealer.fromConfig(config), inject: [ServiceConfig] },
  ],
  // The console (apps/gateway/src/console) reads the intake's records and corrects through the same use case.
  exports: [SubmitBirthService, CorrectBirthService, IntakeRepository, IntakeQueries, IntakeCrypto, AccountSealer],
})
export class IntakeModule {}
