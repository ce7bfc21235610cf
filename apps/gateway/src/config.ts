import { IsInt, IsNotEmpty, IsString, IsUrl, Matches, Max, Min } from 'class-validator';
import { Default, DEMO_INTERNAL_TOKEN, DemoDefault, ServiceConfig, WithAllowanceSealingPublicKeys, WithSecretsKek } from '@birth/platform';
import { WithConsoleApiConfig } from './console/console-api.config';
import { WithConsoleAuthConfig } from './console-auth/console-auth.config';

/**
 * SECRETS_KEK (WithSecretsKek, @birth/platform): the gateway's key-encryption key. It seals the
 * hospitals' signing secrets (AES-256-GCM) and, through HKDF subkeys, the personal data of intake
 * records and the blind-index keys (SecretBox). Losing it makes every sealed secret unreadable;
 * changing it needs every sealed value re-sealed. Its demo default is refused in production.
 *
 * ALLOWANCE_SEALING_PUBLIC_KEYS_DIR (WithAllowanceSealingPublicKeys): the maternity-allowance
 * service's public keyring (`npm run infra:keys`), to which the bank accounts are sealed on
 * `birth.registered.v1` and `birth.corrected.v1` (AccountSealer). Public keys only: the gateway
 * cannot open what it sealed.
 *
 * CONSOLE_* (WithConsoleAuthConfig, console-auth/console-auth.config.ts): the console's idle
 * session timeout and account lockout; MATERNITY_ALLOWANCE_INTERNAL_*, CONSOLE_METRICS_TARGETS and
 * CONSOLE_EVENTS_* (WithConsoleApiConfig, console/console-api.config.ts): the console API's upstreams
 * and live stream.
 */
export class GatewayConfig extends WithConsoleApiConfig(WithConsoleAuthConfig(WithAllowanceSealingPublicKeys(WithSecretsKek(ServiceConfig)))) {
  @Default(8080)
  @IsInt()
  override PORT!: number;

  @Default('gateway')
  @Matches(/^[a-z_][a-z0-9_]*$/)
  override DATABASE_SCHEMA!: string;

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

  /**
   * Requests a minute per client address to the public GET /api/v1/calendar/deadline (per gateway
   * instance), all of them at once if need be; past it, 429 with Retry-After. Issue 13 asks for no
   * less than 60.
   */
  @Default(120)
  @IsInt()
  @Min(60)
  CALENDAR_RATE_PER_MINUTE!: number;

  /** The case saga's internal API, where GET /api/v1/births/{caseId} reads the case's progress. */
  @DemoDefault('http://127.0.0.1:8186')
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  CASE_SAGA_INTERNAL_URL!: string;

  /** The gateway's own token for the saga's internal API (the saga lists it in its INTERNAL_API_TOKENS). */
  @DemoDefault(DEMO_INTERNAL_TOKEN)
  @IsString()
  @IsNotEmpty()
  CASE_SAGA_INTERNAL_TOKEN!: string;

  /** How long a birth's answer waits for the case's progress before answering without it. */
  @Default(2000)
  @IsInt()
  @Min(100)
  @Max(30_000)
  CASE_SAGA_TIMEOUT_MS!: number;
}
