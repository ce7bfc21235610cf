import { IsInt, Matches } from 'class-validator';
import { Default, ServiceConfig } from '@birth/platform';
import { WithPaymentsConfig } from './payments/payments.config';

/** The service's variables and the payments' (the bank, its callbacks, the private sealing keys: payments/payments.config.ts). */
export class MaternityAllowanceConfig extends WithPaymentsConfig(ServiceConfig) {
  @Default(8085)
  @IsInt()
  override PORT!: number;

  @Default('maternity_allowance')
  @Matches(/^[a-z_][a-z0-9_]*$/)
  override DATABASE_SCHEMA!: string;
}
