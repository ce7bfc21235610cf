import {
  Injectable,
  InternalServerErrorException,
  UnauthorizedException,
  UnsupportedMediaTypeException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { SIGNATURE_HEADERS } from '../security/request-signature';
import { SignedMessageVerifier, type AuthenticatedHospital } from './signed-message-verifier';

/** The Express request as this guard reads and leaves it. */
export interface HospitalRequest extends IncomingMessage {
  originalUrl: string;
  ip?: string;
  /** The body bytes as received (the app is created with `rawBody: true`). */
  rawBody?: Buffer;
  /** Set by HospitalAuthGuard once the request's signature is verified. */
  hospital?: AuthenticatedHospital;
}

/** Content types whose body the platform's parsers read and keep as rawBody. */
const PARSED_TYPES = /^application\/(json|x-www-form-urlencoded)\s*(;|$)/i;

/**
 * Hospitals' signed requests: `@UseGuards(HospitalAuthGuard)` on a controller or route, then
 * `@CurrentHospital()` in the handler. The signature covers METHOD, the request target as sent
 * (`req.originalUrl`: path and query string), X-Timestamp, X-Nonce and the SHA-256 of the raw
 * body bytes (security/request-signature.ts). A refusal throws an UnauthorizedException carrying
 * the reason's code, which ApiExceptionFilter answers in the API's one error shape,
 * `401 {"errors":[{"field":"signature","code":"<REASON>","message":{"zh":"…","en":"…"}}]}`
 * (the catalogue's messages), and is written to the audit log.
 */
@Injectable()
export class HospitalAuthGuard implements CanActivate {
  constructor(private readonly verifier: SignedMessageVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<HospitalRequest>();
    const method = (request.method ?? 'GET').toUpperCase();
    const result = await this.verifier.verifySignedMessage({
      hospitalId: header(request, SIGNATURE_HEADERS.hospitalId),
      keyId: header(request, SIGNATURE_HEADERS.keyId),
      timestamp: header(request, SIGNATURE_HEADERS.timestamp),
      nonce: header(request, SIGNATURE_HEADERS.nonce),
      signature: header(request, SIGNATURE_HEADERS.signature),
      signedParts: [method, request.originalUrl],
      body: rawBodyOf(request),
      audit: {
        channel: 'hospital-api',
        sourceAddress: request.ip ?? request.socket?.remoteAddress ?? null,
        // Without the query string: it is not ours to keep.
        target: `${method} ${request.originalUrl.split('?')[0]}`,
      },
    });
    if (!result.ok) throw new UnauthorizedException({ error: { code: result.code, message: result.message } });
    request.hospital = result.hospital;
    return true;
  }
}

/** One header's value; a repeated header counts as malformed (undefined). */
function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The bytes the client sent. Without rawBody there was no body only when the request says so
 * (no Content-Length, or 0, and no Transfer-Encoding); a body nobody kept cannot be verified.
 */
function rawBodyOf(request: HospitalRequest): Buffer {
  if (Buffer.isBuffer(request.rawBody)) return request.rawBody;
  const length = request.headers['content-length'];
  const hasBody = request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (!hasBody) return Buffer.alloc(0);
  const type = request.headers['content-type'];
  if (type !== undefined && !PARSED_TYPES.test(type)) {
    throw new UnsupportedMediaTypeException({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'send the body as application/json' } });
  }
  throw new InternalServerErrorException({
    error: { code: 'RAW_BODY_UNAVAILABLE', message: 'the request body was not kept for signature verification' },
  });
}
