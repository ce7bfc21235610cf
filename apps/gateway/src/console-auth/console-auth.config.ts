import { IsInt, Max, Min } from 'class-validator';
import { Default, type ConfigClass } from '@birth/platform';

/**
 * Adds the console's sign-in settings to the gateway's configuration (issue 15). Whether the
 * session cookie is `Secure` is not a setting: it is, unless the gateway runs with the local demo
 * configuration (NODE_ENV other than `production`, where the demo serves plain http).
 */
export function WithConsoleAuthConfig<TBase extends ConfigClass>(Base: TBase) {
  class ConsoleAuthConfig extends Base {
    /** A console session ends after this many seconds without a request. */
    @Default(30 * 60)
    @IsInt()
    @Min(1)
    @Max(24 * 3600)
    CONSOLE_SESSION_IDLE_SECONDS!: number;

    /** Wrong passwords in a row that lock a console account. */
    @Default(5)
    @IsInt()
    @Min(1)
    @Max(100)
    CONSOLE_LOCKOUT_FAILURES!: number;

    /** How long a locked console account refuses every sign-in, the right password included. */
    @Default(15)
    @IsInt()
    @Min(1)
    @Max(24 * 60)
    CONSOLE_LOCKOUT_MINUTES!: number;
  }
  return ConsoleAuthConfig;
}

/** The settings as the console's services read them (GatewayConfig has them). */
export interface ConsoleAuthSettings {
  CONSOLE_SESSION_IDLE_SECONDS: number;
  CONSOLE_LOCKOUT_FAILURES: number;
  CONSOLE_LOCKOUT_MINUTES: number;
}
