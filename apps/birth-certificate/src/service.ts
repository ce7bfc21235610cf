import { CreateDepartmentItemTables1764000010000, type ServiceDescriptor } from '@birth/platform';
import { BirthCertificateConfig } from './config';
import { CreateCertificateNumberBlocks1764000011200 } from './migrations/1764000011200-create-certificate-number-blocks';

/** 出生医学证明: issues the birth medical certificate number. */
export const service: ServiceDescriptor = {
  name: 'birth-certificate',
  configClass: BirthCertificateConfig,
  migrations: [CreateDepartmentItemTables1764000010000, CreateCertificateNumberBlocks1764000011200],
  consumes: true,
};
