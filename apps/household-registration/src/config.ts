import { IsInt, Matches } from 'class-validator';
import { Default, ServiceConfig } from '@birth/platform';

export class HouseholdRegistrationConfig extends ServiceConfig {
  @Default(8082)
  @IsInt()
  override PORT!: number;

  @Default('household_registration')
  @Matches(/^[a-z_][a-z0-9_]*$/)
  override DATABASE_SCHEMA!: string;
}
