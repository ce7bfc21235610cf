import { IsInt, Matches } from 'class-validator';
import { Default, ServiceConfig } from '@birth/platform';

export class BirthCertificateConfig extends ServiceConfig {
  @Default(8081)
  @IsInt()
  override PORT!: number;

  @Default('birth_certificate')
  @Matches(/^[a-z_][a-z0-9_]*$/)
  override DATABASE_SCHEMA!: string;
}
