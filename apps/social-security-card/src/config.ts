import { IsInt, Matches } from 'class-validator';
import { Default, ServiceConfig } from '@birth/platform';

export class SocialSecurityCardConfig extends ServiceConfig {
  @Default(8084)
  @IsInt()
  override PORT!: number;

  @Default('social_security_card')
  @Matches(/^[a-z_][a-z0-9_]*$/)
  override DATABASE_SCHEMA!: string;
}
