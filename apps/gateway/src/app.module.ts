import { Module } from '@nestjs/common';
import { ServiceModule } from '@birth/platform';
import { CalendarModule } from './calendar/calendar.module';
import { HospitalsModule } from './hospitals/hospitals.module';
import { IntakeModule } from './intake/intake.module';
import { service } from './service';

@Module({
  imports: [ServiceModule.forRoot(service), HospitalsModule, IntakeModule, CalendarModule],
})
export class AppModule {}
