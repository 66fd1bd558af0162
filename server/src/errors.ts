import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** The one small enum of error codes the API speaks (DESIGN §3). */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  RATE_LIMITED: 'RATE_LIMITED',
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
  log: (error: unknown) => void,
): GraphQLFormattedError {
  const domain = findDomainError(error);
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
  log(error);
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
 * The one place errors become what clients see: domain errors keep their code and message; GraphQL's own
 * parse and validation errors become BAD_USER_INPUT; anything else is INTERNAL with no detail (the log has it).
 * No message suggests names.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, log: (error: unknown) => void): GraphQLFormattedError {
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
