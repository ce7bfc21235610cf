import { IsInt, Matches } from 'class-validator';
import { Default, ServiceConfig } from '@birth/platform';

export class GatewayConfig extends ServiceConfig {
  @Default(8080)
  @IsInt()
  override PORT!: number;

  @Default('gateway')
  @Matches(/^[a-z_][a-z0-9_]*$/)
  override DATABASE_SCHEMA!: string;
}
