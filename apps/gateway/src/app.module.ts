import { Module } from '@nestjs/common';
import { ServiceModule } from '@birth/platform';
import { CalendarModule } from './calendar/calendar.module';
import { ConsoleModule } from './console/console.module';
import { ConsoleAuthModule } from './console-auth/console-auth.module';
import { ConsoleStaticModule } from './console-static/console-static.module';
import { HospitalsModule } from './hospitals/hospitals.module';
import { IntakeModule } from './intake/intake.module';
import { service } from './service';

@Module({
  imports: [ServiceModule.forRoot(service), HospitalsModule, IntakeModule, CalendarModule, ConsoleAuthModule, ConsoleModule, ConsoleStaticModule],
})
export class AppModule {}
