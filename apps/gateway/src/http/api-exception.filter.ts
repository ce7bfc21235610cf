import { ArgumentsHost, Catch, HttpException, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Request, Response } from 'express';
import { isDatabaseConnectionError } from '@birth/messaging';
import { intakeError, IntakeRejection, isCatalogued } from '../intake/intake.errors';
import type { IntakeError } from '../intake/domain/validation';

const RETRY_AFTER_SECONDS_WHEN_DATABASE_DOWN = 5;

/**
 * One error shape for the whole API: `{ "errors": [{ "field", "code", "message": { "zh", "en" } }] }`,
 * never echoing what was sent. Health endpoints keep terminus' own answers.
 * - the database unreachable: 503 with Retry-After (the request did nothing; send it again);
 * - body-parser refusals: 413 BODY_TOO_LARGE, 400 INVALID_JSON (the body's own checks, 415 and
 *   400, are IntakeRejections from http/body-intake.ts);
 * - anything unexpected: 500 INTERNAL_ERROR, logged without the request body.
 */
@Catch()
export class ApiExceptionFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('Api');

  override catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (!req.path.startsWith('/api/')) return super.catch(exception, host);
    const { status, errors } = this.describe(exception, res);
    res.status(status).json({ errors });
  }

  private describe(exception: unknown, res: Response): { status: number; errors: IntakeError[] } {
    if (exception instanceof IntakeRejection) return { status: exception.status, errors: exception.errors };
    if (isDatabaseConnectionError(exception)) {
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS_WHEN_DATABASE_DOWN));
      return { status: 503, errors: [intakeError('request', 'SERVICE_UNAVAILABLE')] };
    }
    const bodyParser = exception as { type?: string; status?: number };
    if (bodyParser.type === 'entity.too.large') {
      return { status: 413, errors: [intakeError('body', 'BODY_TOO_LARGE')] };
    }
    if (bodyParser.type === 'entity.parse.failed') {
      return { status: 400, errors: [intakeError('body', 'INVALID_JSON')] };
    }
    // body-intake refuses these before the parser runs; kept so that no parser refusal is a 500.
    if (bodyParser.type === 'encoding.unsupported') {
      return { status: 415, errors: [intakeError('Content-Encoding', 'UNSUPPORTED_CONTENT_ENCODING')] };
    }
    if (bodyParser.type === 'charset.unsupported') {
      return { status: 415, errors: [intakeError('Content-Type', 'UNSUPPORTED_CHARSET')] };
    }
    // Nest turns body-parser's SyntaxError into a plain BadRequestException carrying the parser's
    // message (routes-resolver mapExternalException); our own refusals are IntakeRejections.
    if (exception instanceof HttpException && exception.getStatus() === 400 && /JSON/.test(exception.message)) {
      return { status: 400, errors: [intakeError('body', 'INVALID_JSON')] };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse() as { error?: { code?: string; message?: string } } | string;
      const code = typeof body === 'object' && body.error?.code ? body.error.code : `HTTP_${status}`;
      const field = status === 401 ? 'signature' : 'request';
      // The guard's codes (signature refusals, UNSUPPORTED_MEDIA_TYPE) have catalogue messages; Nest's own (HTTP_404 …) keep theirs.
      if (isCatalogued(code)) return { status, errors: [intakeError(field, code)] };
      const message = typeof body === 'object' && body.error?.message ? body.error.message : exception.message;
      return { status, errors: [error(field, code, message, zhFor(status))] };
    }
    this.logger.error(`unexpected error: ${(exception as Error)?.stack ?? String(exception)}`);
    return { status: 500, errors: [intakeError('request', 'INTERNAL_ERROR')] };
  }
}

function error(field: string, code: string, en: string, zh: string): IntakeError {
  return { field, code, message: { zh, en } };
}

function zhFor(status: number): string {
  if (status === 401) return '请求签名校验未通过';
  if (status === 404) return '未找到';
  if (status === 415) return '请以 application/json 发送请求体';
  return '请求被拒绝';
}
