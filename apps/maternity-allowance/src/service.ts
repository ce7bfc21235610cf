import { CreateWorkItemsTable1764000000100, type ServiceDescriptor } from '@birth/platform';
import { MaternityAllowanceConfig } from './config';

/** 生育津贴: decides, computes and pays the mother's maternity allowance. */
export const service: ServiceDescriptor = {
  name: 'maternity-allowance',
  configClass: MaternityAllowanceConfig,
  migrations: [CreateWorkItemsTable1764000000100],
  consumes: true,
};
