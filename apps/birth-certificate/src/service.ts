import { CreateWorkItemsTable1764000000100, type ServiceDescriptor } from '@birth/platform';
import { BirthCertificateConfig } from './config';

/** 出生医学证明: issues the birth medical certificate number. */
export const service: ServiceDescriptor = {
  name: 'birth-certificate',
  configClass: BirthCertificateConfig,
  migrations: [CreateWorkItemsTable1764000000100],
  consumes: true,
};
