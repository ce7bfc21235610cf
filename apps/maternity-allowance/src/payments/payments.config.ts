import { IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { Default, DemoDefault, WithSealingPrivateKeys, type ConfigClass } from '@birth/platform';

const HTTP_URL = /^https?:\/\/[^\s/]+(\/\S*)?$/;

/**
 * Adds the payments' variables (the bank, the callback, the workers' pace) and the private sealing
 * keys (SEALING_PRIVATE_KEYS_DIR) to a configuration class: the service's own
 * (MaternityAllowanceConfig), so they are checked at boot with the others and listed for compose.
 */
export function WithPaymentsConfig<TBase extends ConfigClass>(Base: TBase) {
  class PaymentsVariables extends WithSealingPrivateKeys(Base) {
    /** The bank's payment gateway (apps/bank-simulator in the demo). */
    @DemoDefault('http://127.0.0.1:8087')
    @Matches(HTTP_URL, { message: 'BANK_URL must be an http(s) URL' })
    BANK_URL!: string;

    /** HMAC-SHA256 key of the bank's callbacks, shared with the bank (its BANK_CALLBACK_SECRET). */
    @DemoDefault('demo-bank-callback-secret')
    @IsString()
    @MinLength(16)
    BANK_CALLBACK_SECRET!: string;

    /** Where the bank calls back: this service's main port, path /bank/callbacks, as the bank reaches it. */
    @DemoDefault('http://127.0.0.1:8085/bank/callbacks')
    @Matches(HTTP_URL, { message: 'PAYMENT_CALLBACK_URL must be an http(s) URL' })
    PAYMENT_CALLBACK_URL!: string;

    /** How long one request to the bank may take before it counts as a transient failure (then resent under the same key). */
    @Default(10_000)
    @IsInt()
    @Min(100)
    BANK_TIMEOUT_MS!: number;

    /** How often an idle dispatcher looks for pending orders. */
    @Default(200)
    @IsInt()
    @Min(10)
    PAYMENT_POLL_INTERVAL_MS!: number;

    /** Orders sent at once by one dispatcher. */
    @Default(16)
    @IsInt()
    @Min(1)
    @Max(256)
    PAYMENT_SEND_CONCURRENCY!: number;

    /** First delay before resending after a transient failure (doubles per attempt). */
    @Default(1_000)
    @IsInt()
    @Min(10)
    PAYMENT_RETRY_BASE_MS!: number;

    @Default(60_000)
    @IsInt()
    @Min(10)
    PAYMENT_RETRY_MAX_MS!: number;

    /** An order the bank holds with no final answer for this long is looked up (GET /payments/{key}). */
    @Default(60_000)
    @IsInt()
    @Min(10)
    PAYMENT_RECONCILE_AFTER_MS!: number;

    /** How often reconciliation runs. */
    @Default(30_000)
    @IsInt()
    @Min(10)
    PAYMENT_RECONCILE_INTERVAL_MS!: number;
  }
  return PaymentsVariables;
}

/** The payments' variables alone (a process whose configuration class lacks them reads them with this). */
export class PaymentsConfig extends WithPaymentsConfig(class {}) {}
