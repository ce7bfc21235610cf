import { CreateDepartmentItemTables1764000010000, type ServiceDescriptor } from '@birth/platform';
import { HouseholdRegistrationConfig } from './config';
import { CreateCitizenIdSequences1764000011100 } from './migrations/1764000011100-create-citizen-id-sequences';
import { CancelledCitizenIdAllocations1764000011200 } from './migrations/1764000011200-cancelled-citizen-id-allocations';

/** 户口登记: registers the newborn's hukou and assigns the citizen ID number. */
export const service: ServiceDescriptor = {
  name: 'household-registration',
  configClass: HouseholdRegistrationConfig,
  migrations: [CreateDepartmentItemTables1764000010000, CreateCitizenIdSequences1764000011100, CancelledCitizenIdAllocations1764000011200],
  consumes: true,
};
