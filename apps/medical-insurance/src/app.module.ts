import { Module } from '@nestjs/common';
import { ServiceModule } from '@birth/platform';
import { BirthsConsumer } from './births/births.consumer';
import { EnrolmentWindows } from './enrolment-window/enrolment-windows';
import { service } from './service';

@Module({
  imports: [ServiceModule.forRoot(service)],
  controllers: [BirthsConsumer],
  providers: [EnrolmentWindows],
})
export class AppModule {}
