import type { ServiceDescriptor } from '@birth/platform';
import { MaternityAllowanceConfig } from './config';
import { CreateAllowanceClaims1764000012000 } from './migrations/1764000012000-create-allowance-claims';
import { CreateClaimsAndBenefits1764000012200 } from './migrations/1764000012200-create-claims-and-benefits';
import { ClaimHistoryActor1764000016000 } from './migrations/1764000016000-claim-history-actor';
import { PAYMENT_MIGRATIONS } from './payments/payments.module';

/** 生育津贴: decides, computes and pays the maternity allowance (产假津贴, and 护理假津贴 where the father is insured). */
export const service: ServiceDescriptor = {
  name: 'maternity-allowance',
  configClass: MaternityAllowanceConfig,
  migrations: [CreateAllowanceClaims1764000012000, CreateClaimsAndBenefits1764000012200, ...PAYMENT_MIGRATIONS, ClaimHistoryActor1764000016000],
  consumes: true,
};
