import type { FieldError } from '@birth/contracts';

/**
 * A handler throws PermanentError when retrying cannot help (a domain rejection: the message
 * is well-formed but can never be applied). The message goes straight to the dead-letter topic.
 */
export class PermanentError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Field-level reasons, carried to the dead letter (`dlq-errors`). */
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = 'PermanentError';
  }
}

const CONNECTION_ERROR_CODES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);
const CONNECTION_ERROR_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established|not queryable|terminating connection/i;

/**
 * True when an error says the database (not the message) is the problem: such a failure
 * pauses the consumer instead of dead-lettering the message.
 */
export function isDatabaseConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const candidates = [error, (error as { driverError?: unknown }).driverError, error.cause].filter(
    (e): e is Error & { code?: unknown } => e instanceof Error,
  );
  return candidates.some(
    (e) =>
      (typeof e.code === 'string' && (e.code.startsWith('08') || CONNECTION_ERROR_CODES.has(e.code))) ||
      CONNECTION_ERROR_MESSAGES.test(e.message),
  );
}
