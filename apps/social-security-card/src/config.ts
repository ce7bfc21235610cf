import { IsInt, Matches } from 'class-validator';
import { Default, ServiceConfig, WithSecretsKek } from '@birth/platform';

/** SECRETS_KEK (WithSecretsKek): seals the social security number (the citizen ID number) at rest. */
export class SocialSecurityCardConfig extends WithSecretsKek(ServiceConfig) {
  @Default(8084)
  @IsInt()
  override PORT!: number;

  @Default('social_security_card')
  @Matches(/^[a-z_][a-z0-9_]*$/)
  override DATABASE_SCHEMA!: string;
}
