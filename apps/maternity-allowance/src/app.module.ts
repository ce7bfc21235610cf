import { Module } from '@nestjs/common';
import { ServiceModule } from '@birth/platform';
import { AllowanceClaims } from './claims/allowance-claims';
import { BirthsConsumer } from './claims/births.consumer';
import { service } from './service';

@Module({
  imports: [ServiceModule.forRoot(service)],
  controllers: [BirthsConsumer],
  providers: [AllowanceClaims],
})
export class AppModule {}
