import { Injectable, Logger } from '@nestjs/common';
import { InternalApiClient, ServiceConfig, type InternalAnswer, type InternalCallOptions } from '@birth/platform';
import type { GatewayConfig } from '../config';
import { ConsoleRejection, UPSTREAM_UNAVAILABLE } from './console-errors';

/** A service whose /metrics the health page reads. */
export interface MetricsTarget {
  service: string;
  /** The service's main port, e.g. `http://127.0.0.1:8081` (/metrics and /health/ready). */
  url: string;
}

/** The services behind the console, by the name a call gives. */
export type Upstream = 'saga' | 'allowance' | 'household';
const UPSTREAM_SERVICE: Record<Upstream, string> = { saga: 'case-saga', allowance: 'maternity-allowance', household: 'household-registration' };

/** `name=url,name=url`: the health page's services, in the order given. */
export function parseMetricsTargets(text: string): MetricsTarget[] {
  return text
    .split(',')
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '')
    .map((pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new Error(`CONSOLE_METRICS_TARGETS: "${pair}" is not name=url`);
      return { service: pair.slice(0, at), url: new URL(pair.slice(at + 1)).toString().replace(/\/+$/, '') };
    });
}

/**
 * The services behind the console: the case saga (its query API, with the gateway's saga URL and
 * token), the maternity-allowance service's and household registration's internal APIs, and the
 * services' /metrics.
 * Their addresses and tokens are GatewayConfig's (console/console-api.config.ts).
 */
@Injectable()
export class ConsoleUpstreams {
  private readonly logger = new Logger('ConsoleUpstreams');
  readonly saga: InternalApiClient;
  readonly allowance: InternalApiClient;
  readonly household: InternalApiClient;
  readonly metricsTargets: MetricsTarget[];

  constructor(config: ServiceConfig) {
    const gateway = config as GatewayConfig;
    this.saga = new InternalApiClient({ baseUrl: gateway.CASE_SAGA_INTERNAL_URL, token: gateway.CASE_SAGA_INTERNAL_TOKEN, timeoutMs: 10_000 });
    this.allowance = new InternalApiClient({ baseUrl: gateway.MATERNITY_ALLOWANCE_INTERNAL_URL, token: gateway.MATERNITY_ALLOWANCE_INTERNAL_TOKEN, timeoutMs: 10_000 });
    this.household = new InternalApiClient({ baseUrl: gateway.HOUSEHOLD_REGISTRATION_INTERNAL_URL, token: gateway.HOUSEHOLD_REGISTRATION_INTERNAL_TOKEN, timeoutMs: 10_000 });
    this.metricsTargets = parseMetricsTargets(gateway.CONSOLE_METRICS_TARGETS);
  }

  /** A GET to a service behind; unreachable is a 502 for the console (said once in the log, without the path's ids). */
  async get<T>(client: Upstream, path: string, call: InternalCallOptions = {}): Promise<InternalAnswer<T>> {
    return this.reach(client, () => this[client].get<T>(path, call));
  }

  async post<T>(client: Upstream, path: string, body: unknown, call: InternalCallOptions = {}): Promise<InternalAnswer<T>> {
    return this.reach(client, () => this[client].post<T>(path, body, call));
  }

  private async reach<T>(client: Upstream, send: () => Promise<InternalAnswer<T>>): Promise<InternalAnswer<T>> {
    try {
      return await send();
    } catch (error) {
      this.logger.warn(`${client} not reached: ${error instanceof Error ? error.name : 'error'}`);
      throw new ConsoleRejection(502, [UPSTREAM_UNAVAILABLE(UPSTREAM_SERVICE[client])]);
    }
  }
}
