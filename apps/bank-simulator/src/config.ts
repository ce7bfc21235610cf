import { IsInt, IsString, Matches, Min, MinLength } from 'class-validator';
import { Default, DemoDefault, ProgramConfig } from '@birth/platform';

export const DEMO_BANK_ADMIN_TOKEN = 'demo-bank-admin-token';
export const DEMO_BANK_CALLBACK_SECRET = 'demo-bank-callback-secret';

/**
 * The bank simulator's variables. A ProgramConfig, not a ServiceConfig: the bank neither
 * publishes nor consumes and has no internal API, so it has no Kafka, outbox, inbox or internal-port settings.
 */
export class BankSimulatorConfig extends ProgramConfig {
  @Default(8087)
  @IsInt()
  override PORT!: number;

  @Default('bank_simulator')
  @Matches(/^[a-z_][a-z0-9_]*$/)
  override DATABASE_SCHEMA!: string;

  /** `Authorization: Bearer <token>` on /admin. A demo value outside production only. */
  @DemoDefault(DEMO_BANK_ADMIN_TOKEN)
  @IsString()
  @MinLength(16)
  BANK_ADMIN_TOKEN!: string;

  /** The HMAC-SHA256 key of the callbacks, shared with the payer (the allowance service). */
  @DemoDefault(DEMO_BANK_CALLBACK_SECRET)
  @IsString()
  @MinLength(16)
  BANK_CALLBACK_SECRET!: string;

  /** First retry delay of an unacknowledged callback; doubles per attempt up to the maximum. */
  @Default(1000)
  @IsInt()
  @Min(10)
  BANK_CALLBACK_RETRY_BASE_MS!: number;

  @Default(60_000)
  @IsInt()
  @Min(10)
  BANK_CALLBACK_RETRY_MAX_MS!: number;

  /** How often the settlement and callback loops look for work when idle. */
  @Default(200)
  @IsInt()
  @Min(10)
  BANK_POLL_INTERVAL_MS!: number;
}

/** A demo secret is refused in production even when given explicitly. */
export function productionProblems(config: BankSimulatorConfig): string[] {
  if (config.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (config.BANK_ADMIN_TOKEN === DEMO_BANK_ADMIN_TOKEN) problems.push('BANK_ADMIN_TOKEN must not be the demo token in production');
  if (config.BANK_CALLBACK_SECRET === DEMO_BANK_CALLBACK_SECRET) problems.push('BANK_CALLBACK_SECRET must not be the demo secret in production');
  return problems;
}
