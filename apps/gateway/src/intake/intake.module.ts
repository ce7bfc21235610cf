import { Module } from '@nestjs/common';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { IngressConsumer } from './ingress.consumer';
import { IntakeController } from './intake.controller';
import { IntakeCrypto } from './intake-crypto';
import { IntakeService } from './intake.service';

@Module({
  imports: [HospitalsModule],
  controllers: [IntakeController, IngressConsumer],
  providers: [IntakeService, IntakeCrypto],
  exports: [IntakeService],
})
export class IntakeModule {}
