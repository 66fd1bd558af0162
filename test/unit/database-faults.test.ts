import { describe, expect, it } from 'vitest';
import { PoolQueueFullError } from '../../server/dist/db/faults.js';
import { databaseError, formatError, httpErrorAnswer } from '../../server/dist/errors.js';

/** Database faults become one clear code each, from whatever layer wraps them, and never show what they were. */

/** An error as pg throws it for a server error: a message in the server's words, a SQLSTATE code. */
function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, severity: 'ERROR' });
}

/** As MikroORM wraps a driver error (it copies the properties) and GraphQL wraps that (originalError). */
function wrapped(error: Error): unknown {
  const driver = Object.assign(new Error(error.message), { ...error, name: 'DriverException', code: (error as { code?: string }).code });
  return Object.assign(new Error(error.message), { originalError: driver });
}

describe('database faults', () => {
  const cases: Array<[string, unknown, string]> = [
    ['statement_timeout', pgError('57014', 'canceling statement due to statement timeout'), 'TIMEOUT'],
    ['lock_timeout', pgError('55P03', 'canceling statement due to lock timeout'), 'TIMEOUT'],
    ['a read-only transaction', pgError('25006', 'cannot execute INSERT in a read-only transaction'), 'READ_ONLY'],
    ['the server shutting down', pgError('57P01', 'terminating connection due to administrator command'), 'DATABASE_UNAVAILABLE'],
    ['the server starting up', pgError('57P03', 'the database system is starting up'), 'DATABASE_UNAVAILABLE'],
    ['too many connections', pgError('53300', 'sorry, too many clients already'), 'DATABASE_UNAVAILABLE'],
    ['a connection exception', pgError('08006', 'connection failure'), 'DATABASE_UNAVAILABLE'],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' }), 'DATABASE_UNAVAILABLE'],
    ['a broken connection', new Error('Connection terminated unexpectedly'), 'DATABASE_UNAVAILABLE'],
    ['a connection attempt timing out', new Error('Connection terminated due to connection timeout'), 'DATABASE_UNAVAILABLE'],
    ['no answer in time', new Error('Query read timeout'), 'DATABASE_UNAVAILABLE'],
    ['the pool acquire timeout', Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), { name: 'KnexTimeoutError' }), 'BUSY'],
    ['a full wait queue', new PoolQueueFullError(2, 6), 'BUSY'],
  ];
  for (const [what, error, code] of cases) {
    it(`${what} → ${code}, wrapped or not`, () => {
      expect(databaseError(error)?.code).toBe(code);
      expect(databaseError(wrapped(error as Error))?.code).toBe(code);
    });
  }

  it('leaves other errors alone', () => {
    expect(databaseError(new Error('something else'))).toBeUndefined();
    expect(databaseError(pgError('23514', 'new row violates check constraint'))).toBeUndefined();
  });

  it('answers a unique value taken by a concurrent change as a problem of the field, or CONFLICT when no field names it', () => {
    const clash = (constraint: string, detail: string) => wrapped(Object.assign(pgError('23505', `duplicate key value violates unique constraint "${constraint}"`), { constraint, detail }));
    expect(databaseError(clash('app_user_username_unique', 'Key (username)=(ada) already exists.'))).toMatchObject({ code: 'BAD_USER_INPUT', details: { fields: [{ field: 'username', message: 'a user named "ada" exists' }] } });
    expect(databaseError(clash('country_code_unique', 'Key (code)=(ZZ) already exists.'))).toMatchObject({ code: 'BAD_USER_INPUT', details: { fields: [{ field: 'code' }] } });
    expect(databaseError(clash('some_other_unique', 'Key (x)=(1) already exists.'))?.code).toBe('CONFLICT');
    expect(databaseError(wrapped(pgError('23503', 'insert or update on table "city" violates foreign key constraint "city_country_id_foreign"')))?.code).toBe('CONFLICT');
  });

  it('answers GraphQL with the code and a plain message, and logs the cause with the code', () => {
    const logged: unknown[] = [];
    const cause = pgError('57P01', 'terminating connection due to administrator command at 10.0.0.5 select * from "session"');
    const log = { warn: (line: { code?: string }) => logged.push(line.code), error: () => logged.push('error') };
    const answer = formatError({ message: cause.message, path: ['cities'] }, wrapped(cause), log as never);
    expect(answer.extensions?.code).toBe('DATABASE_UNAVAILABLE');
    expect(answer.message).not.toMatch(/10\.0\.0\.5|select|session|administrator/);
    expect(answer.path).toEqual(['cities']);
    expect(logged).toEqual(['DATABASE_UNAVAILABLE']);
  });

  it('answers the HTTP routes with a status, and Retry-After where waiting helps', () => {
    expect(httpErrorAnswer(pgError('57P01', 'x'))).toMatchObject({ status: 503, headers: { 'Retry-After': '5' }, kind: 'database' });
    expect(httpErrorAnswer(new PoolQueueFullError(2, 6))).toMatchObject({ status: 503, headers: { 'Retry-After': '2' }, kind: 'database' });
    expect(httpErrorAnswer(pgError('57014', 'x'))).toMatchObject({ status: 504, headers: {}, kind: 'database' });
    expect(httpErrorAnswer(pgError('25006', 'x'))).toMatchObject({ status: 503, headers: {}, kind: 'database' });
    expect(httpErrorAnswer(new Error('boom'))).toMatchObject({ status: 500, kind: 'unexpected', body: { errors: [{ message: 'Internal server error' }] } });
  });
});
