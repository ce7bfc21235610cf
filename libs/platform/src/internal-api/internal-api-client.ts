import type { ApiError } from './internal-api-errors';
import { parseActor } from './internal-request';
import type { RevealRequest } from './reveal-masking';

export interface InternalApiClientOptions {
  /** The service's internal API, e.g. `http://birth-certificate:8181`. */
  baseUrl: string;
  /** This caller's own token, as the called service lists it in INTERNAL_API_TOKENS. */
  token: string;
  /** Per request (default 10 s). */
  timeoutMs?: number;
}

export interface InternalCallOptions {
  /** The signed-in person the call is made for (`X-Actor`); the called service audits reveals with it. */
  actor?: string;
  /** Ask for personal data unmasked, with the reason the called service records. */
  reveal?: RevealRequest;
}

/** A 2xx answer with its JSON, or any other status with the platform's errors. */
export type InternalAnswer<T> = { ok: true; status: number; body: T } | { ok: false; status: number; errors: ApiError[] };

/**
 * How the gateway, the saga and the CLI call a service's internal API: the bearer token, the
 * actor and the reveal parameters set in one place. A network failure or a timeout throws (the
 * caller decides whether to retry); every HTTP answer resolves.
 */
export class InternalApiClient {
  private readonly baseUrl: string;

  constructor(private readonly options: InternalApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  get<T>(path: string, call: InternalCallOptions = {}): Promise<InternalAnswer<T>> {
    return this.request<T>('GET', path, undefined, call);
  }

  post<T>(path: string, body: unknown, call: InternalCallOptions = {}): Promise<InternalAnswer<T>> {
    return this.request<T>('POST', path, body, call);
  }

  private async request<T>(method: string, path: string, body: unknown, call: InternalCallOptions): Promise<InternalAnswer<T>> {
    if (!path.startsWith('/internal/')) throw new Error(`an internal API path starts with /internal/: ${path}`);
    const url = new URL(`${this.baseUrl}${path}`);
    if (call.reveal) {
      url.searchParams.set('reveal', 'true');
      url.searchParams.set('reason', call.reveal.reason);
    }
    const headers: Record<string, string> = { Authorization: `Bearer ${this.options.token}`, Accept: 'application/json' };
    if (call.actor !== undefined) {
      // Refused here rather than by the service: the caller's own mistake, said without a round trip.
      if (parseActor(call.actor) == null) throw new Error('X-Actor must be printable ASCII of at most 128 characters');
      headers['X-Actor'] = call.actor;
    }
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : null;
    if (response.ok) return { ok: true, status: response.status, body: json as T };
    const errors = (json as { errors?: ApiError[] } | null)?.errors;
    return { ok: false, status: response.status, errors: Array.isArray(errors) ? errors : [] };
  }
}
