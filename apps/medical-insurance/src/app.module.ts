import { Module } from '@nestjs/common';
import { Topics, type MedicalInsuranceItemChangedV1 } from '@birth/contracts';
import { DepartmentItemModule, ServiceModule } from '@birth/platform';
import { ContributionPaymentsController } from './enrolment/contribution-payments.internal.controller';
import { insuranceItem } from './enrolment/domain/insurance-item';
import { insuranceAnswerFields, insuranceEventFacts, type InsuranceFacts } from './enrolment/enrolment-facts';
import { EnrolmentConsumer } from './enrolment/enrolment.consumer';
import { EnrolmentService } from './enrolment/enrolment.service';
import { EnrolmentWindows } from './enrolment-window/enrolment-windows';
import { WindowRedecisions } from './enrolment-window/window-redecisions';
import { service } from './service';

@Module({
  imports: [
    ServiceModule.forRoot(service),
    DepartmentItemModule.register<InsuranceFacts, MedicalInsuranceItemChangedV1>({
      transitions: insuranceItem,
      topic: Topics.medicalInsuranceItemChangedV1,
      eventFacts: insuranceEventFacts,
      answerFields: insuranceAnswerFields,
    }),
  ],
  controllers: [EnrolmentConsumer, ContributionPaymentsController],
  providers: [EnrolmentWindows, EnrolmentService, WindowRedecisions],
})
export class AppModule {}
