import { CreateWorkItemsTable1764000000100, type ServiceDescriptor } from '@birth/platform';
import { HouseholdRegistrationConfig } from './config';
import { CreateCitizenIdSequences1764000011100 } from './migrations/1764000011100-create-citizen-id-sequences';

/** 户口登记: registers the newborn's hukou and assigns the citizen ID number. */
export const service: ServiceDescriptor = {
  name: 'household-registration',
  configClass: HouseholdRegistrationConfig,
  migrations: [CreateWorkItemsTable1764000000100, CreateCitizenIdSequences1764000011100],
  consumes: true,
};
