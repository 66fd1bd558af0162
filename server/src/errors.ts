import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { databaseFaultOf, errorChain, poolQueueOf, type DatabaseFault } from './db/faults.js';
import type { Logger } from './logger.js';

/** The one small enum of error codes the API speaks. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  RATE_LIMITED: 'RATE_LIMITED',
  /** The database cannot be reached or dropped the connection: try again in a few seconds. */
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  /** A statement ran past AMITY_STATEMENT_TIMEOUT_MS and was cancelled. */
  TIMEOUT: 'TIMEOUT',
  /** Every database connection is in use and the wait for one was too long (or the queue too): try again soon. */
  BUSY: 'BUSY',
  /** The database refuses writes (read-only, a standby): changes fail, reads work. */
  READ_ONLY: 'READ_ONLY',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A problem with one input field: `field` is its path in the input, e.g. `names`, `endDate` or `participants[0].organisationId`. */
export interface FieldProblem {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class BadInputError extends DomainError {
  constructor(readonly problems: FieldProblem[]) {
    super(ErrorCode.BAD_USER_INPUT, problems.map((p) => `${p.field}: ${p.message}`).join('; '), {
      fields: problems,
    });
  }
  static field(field: string, message: string): BadInputError {
    return new BadInputError([{ field, message }]);
  }
}

export class NotFoundError extends DomainError {
  constructor(type: string, id: string) {
    super(ErrorCode.NOT_FOUND, `No ${type} with id ${id}`, { type, id });
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, current: unknown) {
    super(ErrorCode.CONFLICT, message, { current });
  }
}

/** The limits a database error message names; set once at start (database.ts), defaults until then. */
const databaseLimits = { statementTimeoutMs: 15000, poolAcquireTimeoutMs: 5000 };

/** Tells the error messages the configured limits, so that a TIMEOUT or BUSY names the limit that was hit. */
export function configureDatabaseErrors(limits: { statementTimeoutMs: number; poolAcquireTimeoutMs: number }): void {
  Object.assign(databaseLimits, limits);
}

/** Seconds a client should wait before trying again, sent as Retry-After (HTTP) for the codes that pass by themselves. */
export const RETRY_AFTER_SECONDS: Partial<Record<ErrorCode, number>> = { [ErrorCode.DATABASE_UNAVAILABLE]: 5, [ErrorCode.BUSY]: 2 };

/** The HTTP status of each code, for the routes beside GraphQL (GraphQL itself answers 200 with the code). */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  QUERY_TOO_COMPLEX: 400,
  RATE_LIMITED: 429,
  DATABASE_UNAVAILABLE: 503,
  TIMEOUT: 504,
  BUSY: 503,
  READ_ONLY: 503,
  INTERNAL: 500,
};

/** The API error of a database fault; `error` (the driver's) gives the pool's numbers for a full wait queue. */
export function faultError(fault: DatabaseFault, error?: unknown): DomainError {
  switch (fault) {
    case 'UNAVAILABLE':
      return new DomainError(
        ErrorCode.DATABASE_UNAVAILABLE,
        'The database cannot be reached right now; the hub reconnects by itself, try again in a few seconds. A change sent as the connection broke may or may not have been saved: look before repeating it.',
        { retryAfterSeconds: RETRY_AFTER_SECONDS.DATABASE_UNAVAILABLE },
      );
    case 'TIMEOUT':
      return new DomainError(
        ErrorCode.TIMEOUT,
        `The database took longer than the limit of ${databaseLimits.statementTimeoutMs} ms for one statement (AMITY_STATEMENT_TIMEOUT_MS) and cancelled it; nothing of it was saved. Ask for less (a narrower filter, fewer rows) or try again when the hub is less busy.`,
        { limitMs: databaseLimits.statementTimeoutMs },
      );
    case 'BUSY': {
      const queue = poolQueueOf(error);
      return new DomainError(
        ErrorCode.BUSY,
        queue
          ? `The hub is busy: all ${queue.poolSize} database connections are in use and ${queue.waiting} requests already wait for one (AMITY_POOL_MAX_WAITING); try again in a moment.`
          : `The hub is busy: no database connection became free within ${databaseLimits.poolAcquireTimeoutMs} ms (AMITY_POOL_ACQUIRE_TIMEOUT_MS); try again in a moment.`,
        { retryAfterSeconds: RETRY_AFTER_SECONDS.BUSY },
      );
    }
    case 'READ_ONLY':
      return new DomainError(ErrorCode.READ_ONLY, 'The database is read-only: changes are refused, reading works. Try the change again once the database accepts writes; nothing of it was saved.');
  }
}

/**
 * The unique constraints a user-facing write can break when two requests make the same thing at once (each passed
 * the check for an existing one before either was saved): the input field the clash is about, as the API names it,
 * and what to say given the value the database names.
 */
const UNIQUE_FIELDS: Record<string, { field: string; message: (value: string | undefined) => string }> = {
  app_user_username_unique: { field: 'username', message: (value) => (value ? `a user named "${value}" exists` : 'a user of this name exists') },
  country_code_unique: { field: 'code', message: (value) => (value ? `another Country already has code ${value}` : 'another Country already has this code') },
  partnership_home_city_id_partner_city_id_unique: { field: 'partnerCityId', message: () => 'these two cities already have a partnership' },
  import_mapping_name_unique: { field: 'name', message: (value) => (value ? `a mapping named "${value}" exists` : 'a mapping of this name exists') },
};

/** The BAD_USER_INPUT for a value a unique constraint of UNIQUE_FIELDS already holds: from a check, or from the database. */
export function uniqueClash(constraint: keyof typeof UNIQUE_FIELDS, value: string | undefined): BadInputError {
  const known = UNIQUE_FIELDS[constraint];
  return BadInputError.field(known.field, known.message(value));
}

/** SQLSTATEs of constraints a concurrent change breaks. */
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

/**
 * The clear API error for a constraint that a change made at the same moment broke: a unique value taken in between
 * (BAD_USER_INPUT naming the field, or CONFLICT for a constraint no input names), a record referred to deleted in
 * between, or one referring to it added (CONFLICT); undefined for any other error. The value comes from the
 * database's `Key (…)=(…)` detail: it is what the client sent, and is told only to the client, never logged.
 */
export function constraintError(error: unknown): DomainError | undefined {
  for (const candidate of errorChain(error)) {
    const { code, constraint, detail } = candidate as { code?: unknown; constraint?: unknown; detail?: unknown };
    if (code === UNIQUE_VIOLATION) {
      const value = typeof detail === 'string' ? /^Key \([^)]*\)=\(([\s\S]*)\) already exists\.?$/.exec(detail)?.[1] : undefined;
      if (typeof constraint === 'string' && constraint in UNIQUE_FIELDS) return uniqueClash(constraint, value);
      return new DomainError(ErrorCode.CONFLICT, 'Another record with the same values was saved at the same moment; nothing of this change was saved. Look at the current records and try again.');
    }
    if (code === FOREIGN_KEY_VIOLATION) {
      return new DomainError(ErrorCode.CONFLICT, 'A record this change refers to was deleted, or one referring to it was added, at the same moment; nothing of this change was saved. Look at the current records and try again.');
    }
  }
  return undefined;
}

/**
 * The clear API error for a database fault (unreachable, statement timeout, pool busy, read-only) or a constraint a
 * concurrent change broke (constraintError), from whatever layer threw it; undefined for any other error. The one
 * place such errors get their code and message, which never carry SQL, the database's address or its own message.
 */
export function databaseError(error: unknown): DomainError | undefined {
  const fault = databaseFaultOf(error);
  return fault ? faultError(fault, error) : constraintError(error);
}

/**
 * Logs an error a request is answered with, through the request's logger (its id on the line): a database fault or
 * a clash with a concurrent change as a warning with the code answered, anything unexpected as an error. The error
 * goes through the logger's serializer (log-scrub.ts): no SQL, parameters or values reach the line.
 */
export function logAnsweredError(log: Logger, error: unknown, code?: ErrorCode): void {
  if (!code) log.error({ err: error }, 'unexpected error in a request');
  else if (code === ErrorCode.BAD_USER_INPUT || code === ErrorCode.CONFLICT) log.warn({ err: error, code }, 'change refused: it clashed with a change made at the same moment');
  else log.warn({ err: error, code }, 'database fault in a request');
}

/** An error as the HTTP routes beside GraphQL answer it: status, headers, the `{ errors }` body, and what it was (for the log). */
export function httpErrorAnswer(error: unknown): {
  status: number;
  headers: Record<string, string>;
  body: { errors: GraphQLFormattedError[] };
  kind: 'domain' | 'database' | 'unexpected';
} {
  const domain = findDomainError(error);
  const fault = domain ? undefined : databaseError(error);
  const answer = domain ?? fault ?? new DomainError(ErrorCode.INTERNAL, 'Internal server error');
  const retryAfter = RETRY_AFTER_SECONDS[answer.code];
  return {
    status: HTTP_STATUS[answer.code],
    headers: retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) },
    body: { errors: [{ message: answer.message, extensions: { code: answer.code, ...answer.details } }] },
    kind: domain ? 'domain' : fault ? 'database' : 'unexpected',
  };
}

/** Walks an error's causes for a DomainError (type-graphql and Apollo wrap what resolvers throw). */
function findDomainError(error: unknown): DomainError | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof DomainError) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/**
 * The input field a variable's coercion error is about (a malformed date, an unknown enum value, a missing
 * required field): graphql-js gives its path only in the message, e.g.
 * `Variable "$input" got invalid value "2011-02-30" at "input.startDate"; Expected a calendar date …`.
 * The field is named as domain problems name it, relative to the variable: `startDate`, `participants[0].organisationId`.
 */
export function variableProblem(message: string): FieldProblem | undefined {
  const variable = /^Variable "\$(\w+)" /.exec(message);
  if (!variable) return undefined;
  const name = variable[1];
  const invalid = new RegExp(`^Variable "\\$${name}" got invalid value .*?(?: at "${name}((?:\\.\\w+|\\[\\d+\\])+)")?; `, 's').exec(message);
  if (!invalid) return { field: name, message };
  const detail = message.slice(invalid[0].length);
  const inner = /^Field "(\w+)" (?:of required type .* was not provided|is not defined by type)/.exec(detail);
  const path = `${(invalid[1] ?? '').replace(/^\./, '')}${inner ? `${invalid[1] ? '.' : ''}${inner[1]}` : ''}`;
  return { field: path || name, message: detail };
}

const CLIENT_CODES = new Set<string>(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND']);

/** The mapping of an error to its code and message, before suggestions are taken out (formatError below). */
function formatErrorWithDetails(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: Logger,
): GraphQLFormattedError {
  const known = findDomainError(error);
  const fault = known ? undefined : databaseError(error);
  if (fault) logAnsweredError(log, error, fault.code);
  const domain = known ?? fault;
  if (domain) {
    return {
      message: domain.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: domain.code, ...domain.details },
    };
  }
  const code = formatted.extensions?.code;
  // type-graphql's @Authorized: no viewer, or a role not allowed.
  if (code === 'UNAUTHORIZED') return { message: 'Your role may not do this', path: formatted.path, extensions: { code: ErrorCode.FORBIDDEN } };
  if (code === ErrorCode.UNAUTHENTICATED) return { message: 'Sign in first', path: formatted.path, extensions: { code } };
  if (typeof code === 'string' && (CLIENT_CODES.has(code) || code === ErrorCode.BAD_USER_INPUT)) {
    const problem = variableProblem(formatted.message);
    return {
      message: formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.BAD_USER_INPUT, ...(problem ? { fields: [problem] } : {}) },
    };
  }
  if (typeof code === 'string' && code in ErrorCode && code !== ErrorCode.INTERNAL) {
    return { message: formatted.message, path: formatted.path, extensions: { code } };
  }
  logAnsweredError(log, error);
  return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.INTERNAL } };
}

export function toGraphQLError(error: DomainError): GraphQLError {
  return new GraphQLError(error.message, { originalError: error, extensions: { code: error.code, ...error.details } });
}

/** Validation messages that name other fields or values ("Did you mean …") would map the schema for a stranger. */
function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean .*$/s, '');
}

/**
 * The one place errors become what clients see: domain errors keep their code and message; database faults and
 * clashes with a concurrent change get theirs (databaseError; logged with the code); GraphQL's own parse and
 * validation errors become BAD_USER_INPUT; anything else is INTERNAL with no detail (the log has it).
 * No message suggests names.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, log: Logger): GraphQLFormattedError {
  const result = formatErrorWithDetails(formatted, error, log);
  const fields = result.extensions?.fields;
  return {
    ...result,
    message: withoutSuggestions(result.message),
    ...(Array.isArray(fields)
      ? { extensions: { ...result.extensions, fields: fields.map((field: FieldProblem) => ({ ...field, message: withoutSuggestions(field.message) })) } }
      : {}),
  };
}
