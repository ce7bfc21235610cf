import { CreateDepartmentItemTables1764000010000, type ServiceDescriptor } from '@birth/platform';
import { MedicalInsuranceConfig } from './config';
import { CreateEnrolmentWindows1764000007300 } from './enrolment-window/migrations/1764000007300-create-enrolment-windows';

/** 医保参保: enrols the newborn in resident medical insurance. */
export const service: ServiceDescriptor = {
  name: 'medical-insurance',
  configClass: MedicalInsuranceConfig,
  migrations: [CreateEnrolmentWindows1764000007300, CreateDepartmentItemTables1764000010000],
  consumes: true,
};
