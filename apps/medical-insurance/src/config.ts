import { IsInt, Matches } from 'class-validator';
import { Default, ServiceConfig } from '@birth/platform';

export class MedicalInsuranceConfig extends ServiceConfig {
  @Default(8083)
  @IsInt()
  override PORT!: number;

  @Default('medical_insurance')
  @Matches(/^[a-z_][a-z0-9_]*$/)
  override DATABASE_SCHEMA!: string;
}
