import { Module } from '@nestjs/common';
import { HospitalsModule } from '../hospitals/hospitals.module';
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
  providers: [SubmitBirthService, CorrectBirthService, VoidBirthService, IntakeQueries, IntakeRepository, IntakeCrypto],
  exports: [SubmitBirthService],
})
export class IntakeModule {}
