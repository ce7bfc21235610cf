import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { parseStrictJson } from '@birth/contracts';
import { intakeError, IntakeRejection } from '../intake/intake.errors';
import { toIntakeError } from '../intake/domain/validation';

/** Largest request body the intake accepts (DOMAIN.md §2 fits in a few KiB). */
export const MAX_BODY_BYTES = 64 * 1024;

const API_PREFIX = '/api/';

/**
 * How the API takes a request body, before any guard, pipe or rule sees it:
 * 1. the headers: a body must be `application/json` (415 UNSUPPORTED_MEDIA_TYPE, also when
 *    Content-Type is missing), in UTF-8 (415 UNSUPPORTED_CHARSET for any other charset) and not
 *    compressed (415 UNSUPPORTED_CONTENT_ENCODING: an application is a few KiB, and the signature
 *    covers the body bytes exactly as sent, so there is one set of bytes to sign and check);
 * 2. the bytes, at most MAX_BODY_BYTES (413), kept as `rawBody` for the signature check;
 * 3. the JSON, parsed strictly from those bytes (libs/contracts parseStrictJson, as on the ingress
 *    topic): valid UTF-8, valid JSON, no object with a key twice, no `__proto__`, `constructor`
 *    or `prototype` key, at most 16 levels deep; 400 with the code and field otherwise.
 * Other paths (health, docs) take no body and are left alone.
 */
export function configureBodyIntake(app: NestExpressApplication): void {
  app.use(refuseUnsupportedBodies);
  // The raw parser reads the bytes; the strict parse below turns them into the body. Nest's own
  // JSON parser, registered later, finds the body already read.
  app.useBodyParser('raw', { type: 'application/json', limit: MAX_BODY_BYTES, inflate: false });
  app.use(parseBodyStrictly);
}

/** Whether the request has a body at all (the same test as body-parser's `type-is.hasBody`). */
function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
}

export function refuseUnsupportedBodies(req: Request, _res: Response, next: NextFunction): void {
  if (!req.path.startsWith(API_PREFIX) || !hasBody(req)) return next();
  next(bodyHeadersRefusal(req.headers['content-type'], req.headers['content-encoding']));
}

/** The 415 refusal of a body's headers, or undefined when they are acceptable. */
export function bodyHeadersRefusal(contentType: string | undefined, contentEncoding: string | undefined): IntakeRejection | undefined {
  const [mediaType = '', ...parameters] = (contentType ?? '').split(';');
  if (mediaType.trim().toLowerCase() !== 'application/json') {
    return new IntakeRejection(415, [intakeError('Content-Type', 'UNSUPPORTED_MEDIA_TYPE')]);
  }
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=');
    if (name.trim().toLowerCase() !== 'charset') continue;
    const charset = value.trim().replace(/^"(.*)"$/, '$1').toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8') return new IntakeRejection(415, [intakeError('Content-Type', 'UNSUPPORTED_CHARSET')]);
  }
  if (contentEncoding !== undefined && contentEncoding.trim().toLowerCase() !== 'identity') {
    return new IntakeRejection(415, [intakeError('Content-Encoding', 'UNSUPPORTED_CONTENT_ENCODING')]);
  }
  return undefined;
}

export function parseBodyStrictly(req: Request, _res: Response, next: NextFunction): void {
  if (!req.path.startsWith(API_PREFIX) || !Buffer.isBuffer(req.body)) return next();
  const parsed = parseStrictJson(req.body, 'body');
  if (!parsed.ok) return next(new IntakeRejection(400, parsed.errors.map(toIntakeError)));
  req.body = parsed.value;
  next();
}
