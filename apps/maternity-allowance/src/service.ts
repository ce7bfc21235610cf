import type { ServiceDescriptor } from '@birth/platform';
import { MaternityAllowanceConfig } from './config';
import { CreateAllowanceClaims1764000012000 } from './migrations/1764000012000-create-allowance-claims';

/** 生育津贴: decides, computes and pays the mother's maternity allowance (a stub for now: it opens the claims). */
export const service: ServiceDescriptor = {
  name: 'maternity-allowance',
  configClass: MaternityAllowanceConfig,
  migrations: [CreateAllowanceClaims1764000012000],
  consumes: true,
};
