import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import type { ConsoleApiError } from '@birth/contracts';

/**
 * A refusal of a console route, in the gateway's one error shape `{ errors: [{ field, code,
 * message: { zh, en } }] }`. Its own class (not IntakeRejection) because the console also answers
 * 502 when a service behind it does not, and its codes are the console's (docs/console.md).
 */
export class ConsoleRejection extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 422 | 502,
    readonly errors: ConsoleApiError[],
  ) {
    super(errors.map((e) => `${e.field}: ${e.code}`).join('; '));
    this.name = 'ConsoleRejection';
  }
}

export function consoleError(field: string, code: string, zh: string, en: string): ConsoleApiError {
  return { field, code, message: { zh, en } };
}

export const REGION_FORBIDDEN = (field = 'caseId') => consoleError(field, 'REGION_FORBIDDEN', '该案件不在您服务的地区内', 'This case is outside the regions you serve');
export const CASE_NOT_FOUND = (field = 'caseId') => consoleError(field, 'CASE_NOT_FOUND', '未找到该案件', 'No such case');
export const UPSTREAM_UNAVAILABLE = (service: string) =>
  consoleError('request', 'UPSTREAM_UNAVAILABLE', `${service} 服务暂时无法应答，请稍后再试`, `The ${service} service did not answer; try again shortly`);

/** Answers a ConsoleRejection with its status and errors; everything else goes on to the gateway's filter. */
@Catch(ConsoleRejection)
export class ConsoleRejectionFilter implements ExceptionFilter {
  catch(exception: ConsoleRejection, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<Response>().status(exception.status).json({ errors: exception.errors });
  }
}
