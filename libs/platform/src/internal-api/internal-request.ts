import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { sendInternalApiError } from './internal-api-errors';
import type { InternalApiTokens } from './internal-api-tokens';

/** Who asks, as a handler sees it: the authenticated calling service and the person its `X-Actor` names (or null). */
export interface InternalRequestContext {
  caller: string;
  actor: string | null;
}

export const ACTOR_MAX_LENGTH = 128;
/** Printable ASCII, no leading or trailing space: a user name or id, as the gateway's sessions know it (headers are not UTF-8). */
const ACTOR_PATTERN = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;
/** `/internal` and below, in any case: Express matches routes case-insensitively. */
const INTERNAL_PATH = /^\/internal(?:\/|$)/i;

const arrivedOnInternalPort = new WeakSet<IncomingMessage>();
const contexts = new WeakMap<IncomingMessage, InternalRequestContext>();

/** Called by the internal listener for every request it receives, before Express sees it. */
export function markInternalRequest(req: IncomingMessage): void {
  arrivedOnInternalPort.add(req);
}

/** The request's context if it came through the internal port and was authenticated there; otherwise null. */
export function internalContextOf(req: IncomingMessage): InternalRequestContext | null {
  return contexts.get(req) ?? null;
}

/** `X-Actor`: absent → null; a valid name → itself; anything else → undefined (refused). */
export function parseActor(header: string | string[] | undefined): string | null | undefined {
  if (header === undefined) return null;
  if (typeof header !== 'string' || header.length > ACTOR_MAX_LENGTH || !ACTOR_PATTERN.test(header)) return undefined;
  return header;
}

/**
 * The first middleware of every service (bootstrap installs it before the app's own). Both
 * listeners share one Express application, so this is what keeps them apart:
 * - on the main port, `/internal/...` answers 404, as if there were no such route;
 * - on the internal port, anything else answers 404 (no health, metrics or public API there),
 *   and `/internal/...` needs a known bearer token (401) and a well-formed `X-Actor` (400)
 *   before routing. Unknown internal paths therefore tell nothing to a caller without a token.
 * Internal controllers also check the port themselves (InternalPortGuard), should a route ever
 * be reached some other way.
 */
export function internalApiGate(tokens: InternalApiTokens): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const internalPath = INTERNAL_PATH.test(req.path);
    if (!arrivedOnInternalPort.has(req)) {
      if (internalPath) return sendInternalApiError(res, 'NOT_FOUND');
      return next();
    }
    if (!internalPath) return sendInternalApiError(res, 'NOT_FOUND');
    const authentication = tokens.authenticate(req.headers.authorization);
    if (!authentication.ok) {
      return sendInternalApiError(res, authentication.reason === 'missing' ? 'INTERNAL_TOKEN_MISSING' : 'INTERNAL_TOKEN_UNKNOWN');
    }
    const actor = parseActor(req.headers['x-actor']);
    if (actor === undefined) return sendInternalApiError(res, 'INVALID_ACTOR');
    contexts.set(req, { caller: authentication.caller, actor });
    next();
  };
}
