import { CreateWorkItemsTable1764000000100, type ServiceDescriptor } from '@birth/platform';
import { MedicalInsuranceConfig } from './config';

/** 医保参保: enrols the newborn in resident medical insurance. */
export const service: ServiceDescriptor = {
  name: 'medical-insurance',
  configClass: MedicalInsuranceConfig,
  migrations: [CreateWorkItemsTable1764000000100],
  consumes: true,
};
