import { IsInt, Matches } from 'class-validator';
import { Default, ServiceConfig } from '@birth/platform';

export class CaseSagaConfig extends ServiceConfig {
  @Default(8086)
  @IsInt()
  override PORT!: number;

  @Default('case_saga')
  @Matches(/^[a-z_][a-z0-9_]*$/)
  override DATABASE_SCHEMA!: string;
}
