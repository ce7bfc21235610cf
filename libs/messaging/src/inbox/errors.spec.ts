import { isDatabaseConnectionError, PermanentError } from './errors';

function pgError(code: string, message = 'database error'): Error {
  return Object.assign(new Error(message), { code });
}

/** The shape of TypeORM's QueryFailedError: the driver's error under `driverError`. */
function typeormError(driverError: Error): Error {
  return Object.assign(new Error(`QueryFailedError: ${driverError.message}`), { name: 'QueryFailedError', driverError });
}

describe('isDatabaseConnectionError', () => {
  it.each([
    ['08006 connection_failure', pgError('08006')],
    ['08001 unable to connect', pgError('08001')],
    ['57P01 admin_shutdown', pgError('57P01', 'terminating connection due to administrator command')],
    ['53300 too_many_connections', pgError('53300')],
    ['ECONNREFUSED', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['ECONNRESET', pgError('ECONNRESET', 'read ECONNRESET')],
    ['a terminated connection', new Error('Connection terminated unexpectedly')],
    ['a pool timeout', new Error('timeout exceeded when trying to connect')],
    ['a TypeORM error wrapping a connection failure', typeormError(pgError('57P01'))],
    ['a TypeORM error wrapping a terminated connection', typeormError(new Error('Connection terminated'))],
    ['an error caused by a refused connection', new Error('query failed', { cause: pgError('ECONNREFUSED') })],
  ])('is true for %s', (_label, error) => {
    expect(isDatabaseConnectionError(error)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', pgError('23505', 'duplicate key value violates unique constraint "inbox_pkey"')],
    ['a TypeORM error wrapping a unique violation', typeormError(pgError('23505', 'duplicate key value'))],
    ['a check violation (23514)', pgError('23514')],
    ['a plain Error', new Error('boom')],
    ['a PermanentError', new PermanentError('REJECTED', 'the case is closed')],
    ['a numeric code', Object.assign(new Error('odd'), { code: 8006 })],
  ])('is false for %s', (_label, error) => {
    expect(isDatabaseConnectionError(error)).toBe(false);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'Connection terminated unexpectedly'],
    ['a plain object with a connection code', { code: 'ECONNREFUSED', message: 'Connection terminated' }],
  ])('is false for a non-error: %s', (_label, value) => {
    expect(isDatabaseConnectionError(value)).toBe(false);
  });
});

describe('PermanentError', () => {
  it('carries its code and message', () => {
    const error = new PermanentError('CASE_CLOSED', 'the case is closed');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('PermanentError');
    expect(error.code).toBe('CASE_CLOSED');
    expect(error.message).toBe('the case is closed');
  });
});
