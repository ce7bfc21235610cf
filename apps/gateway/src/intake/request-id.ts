import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Every answer carries `X-Request-Id`: the caller's own (when it is a sane token) or a new one,
 * for the caller to quote in a support request. It is also the correlation id of every event
 * the request causes.
 */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.header('x-request-id');
  const id = given && ACCEPTABLE.test(given) ? given : randomUUID();
  (req as Request & { requestId: string }).requestId = id;
  res.setHeader('X-Request-Id', id);
  next();
}

export function requestIdOf(req: Request): string {
  return (req as Request & { requestId?: string }).requestId ?? randomUUID();
}
