import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LogLevel } from '@nestjs/common';
import { Logger, PinoLogger, type Params } from 'nestjs-pino';
import pino, { type DestinationStream, type Level } from 'pino';
import { currentCausalContext, currentRequestTrace } from '@birth/messaging';
import { REDACTED_PATHS, scrubPersonalData } from './personal-data-redaction';
import { textDestination } from './text-destination';

/** Nest's levels as pino names them. */
const PINO_LEVEL: Record<LogLevel, Level> = { fatal: 'fatal', error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/** Paths the request log leaves out: probes and scrapes every few seconds say nothing. */
const QUIET_PATHS = /^\/(health|metrics)(\/|$|\?)/;

/**
 * The fields every line carries besides its message: which case, which chain of events
 * (correlation id) and which trace it belongs to, taken from the work in hand (a consumed
 * message's causal context, or the HTTP request's trace).
 */
function contextFields(): Record<string, string> {
  const cause = currentCausalContext();
  const traceparent = cause?.traceparent ?? currentRequestTrace();
  const fields: Record<string, string> = {};
  if (cause?.caseId) fields['caseId'] = cause.caseId;
  if (cause) fields['correlationId'] = cause.correlationId;
  if (traceparent) fields['traceId'] = traceparent.slice(3, 35);
  return fields;
}

/** The process's pino logger: JSON lines (or text for a terminal) on stdout. */
export function createPino(service: string, level: LogLevel, format: 'json' | 'text', destination?: DestinationStream): pino.Logger {
  return pino(
    {
      level: PINO_LEVEL[level],
      base: { service },
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: contextFields,
      redact: { paths: REDACTED_PATHS, remove: true },
      hooks: {
        logMethod(args, method) {
          for (let i = 0; i < args.length; i++) if (typeof args[i] === 'string') args[i] = scrubPersonalData(args[i] as string);
          method.apply(this, args as Parameters<typeof method>);
        },
      },
    },
    destination ?? (format === 'text' ? textDestination(process.stdout) : pino.destination({ dest: 1, sync: true })),
  );
}

/**
 * nestjs-pino's parameters: the process's pino logger, and the request log (method, path
 * without its query, status, time; never headers or bodies). One pino-http instance serves a
 * process (nestjs-pino keeps it): the Nest logger and the request middleware share it.
 */
export function loggingParams(service: string, level: LogLevel, format: 'json' | 'text', destination?: DestinationStream): Params {
  return {
    pinoHttp: {
      logger: createPino(service, level, format, destination),
      autoLogging: { ignore: (req) => QUIET_PATHS.test(req.url ?? '') },
      quietReqLogger: true,
      customSuccessMessage: (req, res, ms) => `${req.method} ${pathOf(req)} ${res.statusCode} in ${Math.round(ms)} ms`,
      customErrorMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode} failed`,
      serializers: {
        req: (req: IncomingMessage & { id?: unknown }) => ({ id: req.id, method: req.method, path: pathOf(req) }),
        res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
        err: pino.stdSerializers.err,
      },
    },
  };
}

/** The request's path: a query string may carry what must not be logged. */
function pathOf(req: IncomingMessage): string {
  const url = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** The Nest logger of a program: structured lines through pino (nestjs-pino). */
export function createLogger(service: string, level: LogLevel, format: 'json' | 'text'): Logger {
  return nestLogger(loggingParams(service, level, format));
}

export function nestLogger(params: Params): Logger {
  return new Logger(new PinoLogger(params), params);
}
