import { CreateDepartmentItemTables1764000010000, type ServiceDescriptor } from '@birth/platform';
import { SocialSecurityCardConfig } from './config';

/** 社保卡: applies for, produces and issues the social security card. */
export const service: ServiceDescriptor = {
  name: 'social-security-card',
  configClass: SocialSecurityCardConfig,
  migrations: [CreateDepartmentItemTables1764000010000],
  consumes: true,
};
