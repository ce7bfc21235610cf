import { Module } from '@nestjs/common';
import { maskIdNumber, Topics, type HouseholdRegistrationItemChangedV1 } from '@birth/contracts';
import { DepartmentItemModule, ServiceModule } from '@birth/platform';
import { registrationItem } from './domain/registration-item';
import type { RegistrationFacts } from './domain/registration-outcome';
import { CitizenIdSequencesRepository } from './registrations/citizen-id-sequences.repository';
import { RegistrationsConsumer } from './registrations/registrations.consumer';
import { RegistrationsService } from './registrations/registrations.service';
import { service } from './service';

@Module({
  imports: [
    ServiceModule.forRoot(service),
    DepartmentItemModule.register<RegistrationFacts, HouseholdRegistrationItemChangedV1>({
      transitions: registrationItem,
      topic: Topics.householdRegistrationItemChangedV1,
      // The card service needs the number in clear (libs/contracts README); nothing else of the birth travels.
      eventFacts: (f) => ({
        citizenIdNumber: f.citizenIdNumber ?? null,
        registrationRegionCode: f.registrationRegionCode ?? null,
        forwardedTo: f.forwardedTo ?? null,
        registeredAt: f.registeredAt ?? null,
      }),
      answerFields: (f) => ({
        citizenIdNumber: f.citizenIdNumber ?? null,
        registrationRegionCode: f.registrationRegionCode ?? null,
        forwardedTo: f.forwardedTo ?? null,
        registeredAt: f.registeredAt ?? null,
        reviewCode: f.reviewCode ?? null,
        cancelledAt: f.cancelledAt ?? null,
        referredBy: f.referredBy ?? null,
      }),
      masks: { citizenIdNumber: maskIdNumber },
    }),
  ],
  controllers: [RegistrationsConsumer],
  providers: [RegistrationsService, CitizenIdSequencesRepository],
})
export class AppModule {}
