import { IsInt, Matches, Max, Min, ValidateBy } from 'class-validator';
import { TOPIC_REGISTRY } from '@birth/contracts';
import { redeliveryWindowMs } from '@birth/messaging';
import { Default, DemoDefault, DerivedDefault } from './config-loader';
import { IsInternalApiTokens } from '../internal-api/internal-api-tokens';
import { ProgramConfig } from './program-config';

const DAY_MS = 24 * 3600 * 1000;

/**
 * The inbox must remember a message for longer than it can come back (redeliveryWindowMs):
 * otherwise a late redelivery or a replayed dead letter would be applied a second time.
 */
function ExceedsRedeliveryWindow(): PropertyDecorator {
  const window = redeliveryWindowMs(TOPIC_REGISTRY);
  const days = window.ms / DAY_MS;
  return ValidateBy({
    name: 'exceedsRedeliveryWindow',
    validator: {
      validate: (value: unknown) => typeof value === 'number' && value * DAY_MS > window.ms,
      defaultMessage: (args) =>
        `${args?.property} must exceed ${days} days, the longest a message can come back to a consumer: ` +
        `the retention of ${window.topic} plus that of its dead-letter topic, from which it can be replayed`,
    },
  });
}

/**
 * Variables every service reads (beyond ProgramConfig's: the internal API and messaging). A
 * service's own configuration class extends this one.
 */
export class ServiceConfig extends ProgramConfig {
  /**
   * The internal API's port (`/internal/...` only; docs/operations.md): PORT + 100 unless given,
   * so 8181–8186 for the department services, the allowance and the saga; 0 (any free port) when
   * PORT is 0, as in tests.
   */
  @DerivedDefault((given) => (Number(given['PORT']) === 0 ? 0 : Number(given['PORT']) + 100))
  @IsInt()
  @Min(0)
  @Max(65535)
  @ValidateBy({
    name: 'differsFromPort',
    validator: {
      validate: (value: unknown, args) => value === 0 || value !== (args?.object as { PORT?: unknown }).PORT,
      defaultMessage: () => 'INTERNAL_PORT must differ from PORT: the internal API has a port of its own',
    },
  })
  INTERNAL_PORT!: number;

  /**
   * The callers of the internal API and their tokens, `caller:token,caller:token`. Outside
   * production the demo token `demo-internal-token` is accepted as well; in production a service
   * that serves an internal API refuses to start without one caller at least (bootstrap), since
   * the demo token is refused there. Empty for a service without internal controllers.
   */
  @Default('')
  @IsInternalApiTokens()
  INTERNAL_API_TOKENS!: string;

  /** Comma-separated host:port list. */
  @DemoDefault('127.0.0.1:9092')
  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, { message: 'KAFKA_BROKERS must be a comma-separated host:port list' })
  KAFKA_BROKERS!: string;

  /** Prepended to every topic name; empty in production, a per-suite prefix in tests. */
  @Default('')
  @Matches(/^[a-zA-Z0-9._-]*$/)
  KAFKA_TOPIC_PREFIX!: string;

  /**
   * How long the group waits for a silent member (a SIGKILLed one) before its partitions move
   * on and a restarted instance gets in. The broker's group.min.session.timeout.ms (default
   * 6000) must allow it.
   */
  @Default(6000)
  @IsInt()
  @Min(1000)
  KAFKA_SESSION_TIMEOUT_MS!: number;

  /** Also the longest an idle fetch waits, so a live member hears of a rebalance within it. */
  @Default(1000)
  @IsInt()
  @Min(100)
  KAFKA_HEARTBEAT_INTERVAL_MS!: number;

  /** Attempts of a failing handler before its message goes to the dead-letter topic. */
  @Default(5)
  @IsInt()
  @Min(1)
  CONSUMER_MAX_ATTEMPTS!: number;

  @Default(7 * 24 * 3600)
  @IsInt()
  @Min(60)
  OUTBOX_RETENTION_SECONDS!: number;

  /** Days an inbox row is kept after its message was processed; checked at boot to exceed what the topics keep. */
  @Default(130)
  @IsInt()
  @ExceedsRedeliveryWindow()
  INBOX_RETENTION_DAYS!: number;
}
