import { IsInt, Matches } from 'class-validator';
import { Default, ServiceConfig } from '@birth/platform';

export class MaternityAllowanceConfig extends ServiceConfig {
  @Default(8085)
  @IsInt()
  override PORT!: number;

  @Default('maternity_allowance')
  @Matches(/^[a-z_][a-z0-9_]*$/)
  override DATABASE_SCHEMA!: string;
}
