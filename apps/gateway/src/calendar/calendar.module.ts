import { Module } from '@nestjs/common';
import { CalendarController } from './calendar.controller';

/** The public working-day deadline endpoint; ReferenceData and ServiceConfig come from ServiceModule. */
@Module({ controllers: [CalendarController] })
export class CalendarModule {}
