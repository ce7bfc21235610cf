import type { ConsoleApiError } from '@birth/console-api';

/** A refusal from the gateway, in its error shape `{ errors: [{ field, code, message: { zh, en } }] }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: ConsoleApiError[],
  ) {
    super(errors.map((e) => `${e.code}: ${e.message.en}`).join('; ') || `HTTP ${status}`);
  }

  get code(): string | undefined {
    return this.errors[0]?.code;
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

let csrfToken: string | null = null;
let onSessionLost: (() => void) | null = null;

/** The session's CSRF token (from `GET/POST /api/console/session`), sent as `x-csrf-token` on every change. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the server answers 401 to a signed-in call: the session expired or was ended. */
export function whenSessionLost(callback: (() => void) | null): void {
  onSessionLost = callback;
}

/** The server said the session ended (the live stream's `session-ended`): back to sign-in. */
export function reportSessionLost(): void {
  onSessionLost?.();
}

export function withQuery(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  // Same origin: the session cookie (httpOnly, SameSite=Strict) goes along; no token in a URL.
  const response = await fetch(`/api/console/${path}`, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const parsed: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const errors = (parsed as { errors?: ConsoleApiError[] } | undefined)?.errors ?? [];
    if (response.status === 401 && path !== 'session') onSessionLost?.();
    throw new ApiError(response.status, errors);
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const api = {
  get: <T>(path: string, query?: Query) => call<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body: unknown = {}) => call<T>('POST', path, body),
  delete: <T>(path: string) => call<T>('DELETE', path),
};
