import { CreateDepartmentItemTables1764000010000, type ServiceDescriptor } from '@birth/platform';
import { MedicalInsuranceConfig } from './config';
import { CreateEnrolmentWindows1764000007300 } from './enrolment-window/migrations/1764000007300-create-enrolment-windows';
import { EnrolmentWindowRedecisions1764000011300 } from './enrolment-window/migrations/1764000011300-enrolment-window-redecisions';

/** 医保参保: enrols the newborn in resident medical insurance. */
export const service: ServiceDescriptor = {
  name: 'medical-insurance',
  configClass: MedicalInsuranceConfig,
  migrations: [CreateEnrolmentWindows1764000007300, CreateDepartmentItemTables1764000010000, EnrolmentWindowRedecisions1764000011300],
  consumes: true,
};
