import {
  applyDecorators,
  Controller,
  createParamDecorator,
  Injectable,
  SetMetadata,
  UseFilters,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import { InternalApiException, InternalApiExceptionFilter } from './internal-api-errors';
import { internalContextOf, type InternalRequestContext } from './internal-request';
import { parseRevealQuery, type RevealRequest } from './reveal-masking';

/** Marks a controller as internal; the internal listener opens only when an app registers one. */
export const INTERNAL_CONTROLLER = 'birth:internal-controller';

/** Refuses (404) a request that did not come through the internal port's gate. */
@Injectable()
export class InternalPortGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (!internalContextOf(context.switchToHttp().getRequest<Request>())) throw InternalApiException.of('NOT_FOUND');
    return true;
  }
}

/**
 * A controller of the internal API, served under `/internal/<path>` on INTERNAL_PORT only, to
 * authenticated callers, with errors in the platform's shape:
 *
 * ```ts
 * @InternalController('items')
 * export class ItemsInternalController {
 *   @Get(':caseId') item(@InternalCaller() who: InternalRequestContext, @RevealQuery() reveal: RevealRequest | null) { … }
 * }
 * ```
 */
export function InternalController(path: string): ClassDecorator {
  return applyDecorators(
    SetMetadata(INTERNAL_CONTROLLER, true),
    Controller(`internal/${path.replace(/^\/+/, '')}`),
    UseGuards(InternalPortGuard),
    UseFilters(InternalApiExceptionFilter),
  );
}

/** The authenticated caller and the `X-Actor` person of an internal request. */
export const InternalCaller = createParamDecorator((_: unknown, context: ExecutionContext): InternalRequestContext => {
  const found = internalContextOf(context.switchToHttp().getRequest<Request>());
  if (!found) throw InternalApiException.of('NOT_FOUND');
  return found;
});

/**
 * `?reveal=true&reason=…`: the reveal asked for, or null for the masked answer (the default).
 * 400 when `reveal` is not true/false, or when it is true without a reason (1–500 characters,
 * no control characters).
 */
export const RevealQuery = createParamDecorator((_: unknown, context: ExecutionContext): RevealRequest | null => {
  const parsed = parseRevealQuery(context.switchToHttp().getRequest<Request>().query);
  if (!parsed.ok) throw InternalApiException.of(parsed.code);
  return parsed.reveal;
});
