import { ConsoleLogger, type LogLevel } from '@nestjs/common';

const ORDER: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * The services' logger: JSON lines in production, text in a terminal. Nothing here masks
 * personal data, because nothing logs it: log ids, codes and counts, never payloads.
 */
export function createLogger(service: string, level: LogLevel, format: 'json' | 'text'): ConsoleLogger {
  return new ConsoleLogger(service, {
    json: format === 'json',
    colors: format === 'text' && process.stdout.isTTY,
    logLevels: ORDER.slice(0, ORDER.indexOf(level) + 1),
  });
}
