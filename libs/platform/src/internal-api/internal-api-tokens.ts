import { createHash, timingSafeEqual } from 'node:crypto';
import { ValidateBy } from 'class-validator';

/** Accepted outside production only, for the demo and local tests; its caller is `demo`. */
export const DEMO_INTERNAL_TOKEN = 'demo-internal-token';
export const DEMO_CALLER = 'demo';

/** A caller's name: what the reveal audit records as the calling service (`gateway`, `case-saga`, `cli`). */
const CALLER_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;
/** Base64, base64url or hex of at least 24 random bytes (`openssl rand -base64 32` gives 44 characters). */
const TOKEN_PATTERN = /^[A-Za-z0-9+/=_.~-]{32,256}$/;

export interface InternalApiTokenEntry {
  caller: string;
  token: string;
}

export type ParsedTokens = { ok: true; entries: InternalApiTokenEntry[] } | { ok: false; problems: string[] };

/**
 * `INTERNAL_API_TOKENS`: `caller:token` pairs separated by commas, e.g.
 * `gateway:<token>,case-saga:<token>,cli:<token>`. Each caller has its own token, so a leaked
 * token is revoked alone and the audit names who asked. Empty means no configured caller (the
 * demo token alone, outside production). Problems name the entry by position and never quote
 * a token: the message goes to stderr and logs.
 */
export function parseInternalApiTokens(text: string): ParsedTokens {
  const problems: string[] = [];
  const entries: InternalApiTokenEntry[] = [];
  if (text.trim() === '') return { ok: true, entries };
  text.split(',').forEach((part, index) => {
    const where = `entry ${index + 1}`;
    const separator = part.indexOf(':');
    if (separator < 0) {
      problems.push(`${where} is not caller:token`);
      return;
    }
    const caller = part.slice(0, separator).trim();
    const token = part.slice(separator + 1).trim();
    if (!CALLER_PATTERN.test(caller)) problems.push(`${where}: the caller must be a lower-case name (a-z, 0-9, -), at most 63 characters`);
    else if (caller === DEMO_CALLER) problems.push(`${where}: the caller name "${DEMO_CALLER}" is reserved for the demo token`);
    else if (entries.some((e) => e.caller === caller)) problems.push(`${where}: caller "${caller}" is given twice`);
    if (token === DEMO_INTERNAL_TOKEN) problems.push(`${where}: the demo token may not be configured`);
    else if (!TOKEN_PATTERN.test(token)) problems.push(`${where}: the token of "${caller}" must be 32 to 256 characters of base64, base64url or hex`);
    else if (entries.some((e) => e.token === token)) problems.push(`${where}: the token of "${caller}" is also another caller's`);
    entries.push({ caller, token });
  });
  return problems.length ? { ok: false, problems } : { ok: true, entries };
}

function problemsOf(value: unknown): string[] {
  if (typeof value !== 'string') return ['not text'];
  const parsed = parseInternalApiTokens(value);
  return parsed.ok ? [] : parsed.problems;
}

/** class-validator rule for the configuration: the message names the variable and each bad entry. */
export function IsInternalApiTokens(): PropertyDecorator {
  return ValidateBy({
    name: 'internalApiTokens',
    validator: {
      validate: (value: unknown) => problemsOf(value).length === 0,
      defaultMessage: (args) => `${args?.property} must be a comma-separated list of caller:token (${problemsOf(args?.value).join('; ')})`,
    },
  });
}

export type Authentication = { ok: true; caller: string } | { ok: false; reason: 'missing' | 'unknown' };

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * The callers a service accepts. Tokens are compared as SHA-256 digests with timingSafeEqual,
 * against every entry with no early exit: neither the length of a guess nor which entry it is
 * close to shows in the time of the answer.
 */
export class InternalApiTokens {
  private readonly digests: { caller: string; digest: Buffer }[];

  constructor(entries: readonly InternalApiTokenEntry[], options: { production: boolean }) {
    this.digests = entries.map((e) => ({ caller: e.caller, digest: digest(e.token) }));
    if (!options.production) this.digests.push({ caller: DEMO_CALLER, digest: digest(DEMO_INTERNAL_TOKEN) });
  }

  static fromConfig(config: { INTERNAL_API_TOKENS: string; NODE_ENV: string }): InternalApiTokens {
    const parsed = parseInternalApiTokens(config.INTERNAL_API_TOKENS);
    // The configuration was validated at boot; a failure here is a programming error, said without the value.
    if (!parsed.ok) throw new Error(`INTERNAL_API_TOKENS is invalid: ${parsed.problems.join('; ')}`);
    return new InternalApiTokens(parsed.entries, { production: config.NODE_ENV === 'production' });
  }

  get callers(): string[] {
    return this.digests.map((d) => d.caller);
  }

  /** `Authorization: Bearer <token>` (the scheme case-insensitive, as RFC 9110 says). */
  authenticate(authorization: string | undefined): Authentication {
    const match = /^Bearer +([^\s]+) *$/i.exec(authorization ?? '');
    if (!match) return { ok: false, reason: 'missing' };
    const presented = digest(match[1]!);
    let caller: string | null = null;
    for (const entry of this.digests) {
      if (timingSafeEqual(entry.digest, presented) && caller === null) caller = entry.caller;
    }
    return caller === null ? { ok: false, reason: 'unknown' } : { ok: true, caller };
  }
}
