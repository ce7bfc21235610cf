import { IsInt, IsNotEmpty, IsString, IsUrl, Matches, Max, Min } from 'class-validator';
import { Default, DEMO_INTERNAL_TOKEN, DemoDefault, type ConfigClass } from '@birth/platform';

/** The services of a local run on their default ports (apps/*\/src/config.ts): the health page's default. */
export const LOCAL_METRICS_TARGETS =
  'gateway=http://127.0.0.1:8080,birth-certificate=http://127.0.0.1:8081,household-registration=http://127.0.0.1:8082,medical-insurance=http://127.0.0.1:8083,social-security-card=http://127.0.0.1:8084,maternity-allowance=http://127.0.0.1:8085,case-saga=http://127.0.0.1:8086';

/** `name=http(s)://host:port` pairs, comma-separated. */
const METRICS_TARGETS = /^[a-z][a-z0-9-]*=https?:\/\/[^\s,=]+(,[a-z][a-z0-9-]*=https?:\/\/[^\s,=]+)*$/;

/**
 * The console API's upstreams and live stream (issue 15): the maternity-allowance service's
 * internal API (claims, bank accounts, resolutions), household registration's (the citizen ID number), the services whose /metrics the health page
 * reads, and how often the server-sent events look again.
 */
export function WithConsoleApiConfig<TBase extends ConfigClass>(Base: TBase) {
  class ConsoleApiConfig extends Base {
    /** The maternity-allowance service's internal API (its INTERNAL_PORT). */
    @DemoDefault('http://127.0.0.1:8185')
    @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
    MATERNITY_ALLOWANCE_INTERNAL_URL!: string;

    /** The gateway's own token for it (listed for caller `gateway` in the allowance's INTERNAL_API_TOKENS). */
    @DemoDefault(DEMO_INTERNAL_TOKEN)
    @IsString()
    @IsNotEmpty()
    MATERNITY_ALLOWANCE_INTERNAL_TOKEN!: string;

    /** Household registration's internal API: the newborn's citizen ID number (masked, or revealed for a clerk with a reason). */
    @DemoDefault('http://127.0.0.1:8182')
    @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
    HOUSEHOLD_REGISTRATION_INTERNAL_URL!: string;

    /** The gateway's own token for it (caller `gateway` in household registration's INTERNAL_API_TOKENS). */
    @DemoDefault(DEMO_INTERNAL_TOKEN)
    @IsString()
    @IsNotEmpty()
    HOUSEHOLD_REGISTRATION_INTERNAL_TOKEN!: string;

    /** `service=url,…`: the services the health page reads (/health/ready and /metrics on each main port), in that order. */
    @Default(LOCAL_METRICS_TARGETS)
    @Matches(METRICS_TARGETS)
    CONSOLE_METRICS_TARGETS!: string;

    /** How often the live stream reads the saga again (dashboard, a followed case). */
    @Default(3_000)
    @IsInt()
    @Min(100)
    @Max(600_000)
    CONSOLE_EVENTS_POLL_MS!: number;

    /** A heartbeat comment on every open stream this often, so proxies keep it open. */
    @Default(15_000)
    @IsInt()
    @Min(100)
    @Max(600_000)
    CONSOLE_EVENTS_HEARTBEAT_MS!: number;
  }
  return ConsoleApiConfig;
}
