import { CreateWorkItemsTable1764000000100, type ServiceDescriptor } from '@birth/platform';
import { HouseholdRegistrationConfig } from './config';

/** 户口登记: registers the newborn's hukou and assigns the citizen ID number. */
export const service: ServiceDescriptor = {
  name: 'household-registration',
  configClass: HouseholdRegistrationConfig,
  migrations: [CreateWorkItemsTable1764000000100],
  consumes: true,
};
