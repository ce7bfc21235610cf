import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { isDatabaseConnectionError } from '@birth/messaging';

/** The platform's error shape, the same as the gateway's public API: `{ "errors": [{ field, code, message: { zh, en } }] }`. */
export interface ApiError {
  field: string;
  code: string;
  message: { zh: string; en: string };
}

/** The internal API's own codes, with their messages. Messages never quote what was sent. */
export const INTERNAL_API_ERRORS = {
  INTERNAL_TOKEN_MISSING: { status: 401, field: 'Authorization', zh: '缺少内部接口令牌（Authorization: Bearer <令牌>）', en: 'The internal API needs a token: Authorization: Bearer <token>' },
  INTERNAL_TOKEN_UNKNOWN: { status: 401, field: 'Authorization', zh: '内部接口令牌无效', en: 'The internal API token is not known' },
  INVALID_ACTOR: { status: 400, field: 'X-Actor', zh: 'X-Actor 须为不超过128个字符的可打印ASCII文本', en: 'X-Actor must be printable ASCII text of at most 128 characters' },
  INVALID_REVEAL: { status: 400, field: 'reveal', zh: 'reveal 只能为 true 或 false', en: 'reveal must be true or false' },
  REVEAL_REASON_REQUIRED: { status: 400, field: 'reason', zh: '查看完整个人信息须填写理由', en: 'Revealing personal data needs a reason' },
  REVEAL_REASON_INVALID: { status: 400, field: 'reason', zh: '理由不得超过500个字符，且不得含控制字符', en: 'The reason must be at most 500 characters, without control characters' },
  NOT_FOUND: { status: 404, field: 'request', zh: '未找到', en: 'Not found' },
  SERVICE_UNAVAILABLE: { status: 503, field: 'request', zh: '服务暂时不可用，请稍后重试', en: 'The service is unavailable for a moment; try again' },
  INTERNAL_ERROR: { status: 500, field: 'request', zh: '服务内部错误', en: 'Internal error' },
} as const;

export type InternalApiErrorCode = keyof typeof INTERNAL_API_ERRORS;

export function internalApiError(code: InternalApiErrorCode, field?: string): { status: number; error: ApiError } {
  const entry = INTERNAL_API_ERRORS[code];
  return { status: entry.status, error: { field: field ?? entry.field, code, message: { zh: entry.zh, en: entry.en } } };
}

/**
 * Thrown by internal handlers for an answer other than 200: a catalogued code, or a handler's own
 * (`new InternalApiException(404, { field: 'caseId', code: 'ITEM_NOT_FOUND', message: { zh, en } })`).
 */
export class InternalApiException extends HttpException {
  readonly errors: ApiError[];

  constructor(status: number, ...errors: ApiError[]) {
    super({ errors }, status);
    this.errors = errors;
  }

  static of(code: InternalApiErrorCode, field?: string): InternalApiException {
    const { status, error } = internalApiError(code, field);
    return new InternalApiException(status, error);
  }
}

export function sendInternalApiError(res: Response, code: InternalApiErrorCode): void {
  const { status, error } = internalApiError(code);
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="internal"');
  res.status(status).json({ errors: [error] });
}

const RETRY_AFTER_SECONDS_WHEN_DATABASE_DOWN = 5;

/**
 * Errors of internal handlers in the platform's shape (set on every internal controller by
 * @InternalController, so it wins over an app's global filter). Unexpected errors are logged by
 * their stack only: never a request, whose answer may carry personal data.
 */
@Catch()
export class InternalApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('InternalApi');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof InternalApiException) {
      res.status(exception.getStatus()).json({ errors: exception.errors });
    } else if (isDatabaseConnectionError(exception)) {
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS_WHEN_DATABASE_DOWN));
      sendInternalApiError(res, 'SERVICE_UNAVAILABLE');
    } else if (exception instanceof HttpException) {
      // Nest's own (a pipe's 400, a 404): the status stays, with a code naming it.
      const status = exception.getStatus();
      const en = exception.message;
      res.status(status).json({ errors: [{ field: 'request', code: `HTTP_${status}`, message: { zh: status === 404 ? '未找到' : '请求被拒绝', en } }] });
    } else {
      this.logger.error(`unexpected error: ${(exception as Error)?.stack ?? String(exception)}`);
      sendInternalApiError(res, 'INTERNAL_ERROR');
    }
  }
}
