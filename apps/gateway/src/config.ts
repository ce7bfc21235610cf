import { IsInt, Matches, Min } from 'class-validator';
import { Default, DemoDefault, ServiceConfig } from '@birth/platform';

export class GatewayConfig extends ServiceConfig {
  @Default(8080)
  @IsInt()
  override PORT!: number;

  @Default('gateway')
  @Matches(/^[a-z_][a-z0-9_]*$/)
  override DATABASE_SCHEMA!: string;

  /**
   * Key-encryption key: standard base64 of exactly 32 random bytes (`openssl rand -base64 32`).
   * It seals the hospitals' signing secrets (AES-256-GCM) and derives the blind-index keys
   * (security/secret-box.ts). Losing it makes every sealed secret unreadable; changing it needs
   * every sealed value re-sealed. The demo default decodes to "DEMO-ONLY-KEY-NEVER-USE-IN-PROD!":
   * DEMO ONLY, refused as a default in production (a real value must be given there).
   */
  @DemoDefault('REVNTy1PTkxZLUtFWS1ORVZFUi1VU0UtSU4tUFJPRCE=')
  @Matches(/^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/, { message: 'SECRETS_KEK must be the base64 of exactly 32 bytes (openssl rand -base64 32)' })
  SECRETS_KEK!: string;

  /** Sustained signed requests per second per hospital (per gateway instance); past it, 429 with Retry-After. */
  @Default(20)
  @IsInt()
  @Min(1)
  INTAKE_RATE_PER_SECOND!: number;

  /** Requests a hospital may send at once before the sustained rate applies. */
  @Default(100)
  @IsInt()
  @Min(1)
  INTAKE_RATE_BURST!: number;
}
