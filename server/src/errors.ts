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

/** A problem with one input field: `field` is its path in the input, e.g. `input.names` or `input.endDate`. */
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

const CLIENT_CODES = new Set<string>(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND']);

/**
 * The one place errors become what clients see: domain errors keep their code and message; GraphQL's own
 * parse and validation errors become BAD_USER_INPUT; anything else is INTERNAL with no detail (the log has it).
 */
export function formatError(
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
  if (typeof code === 'string' && (CLIENT_CODES.has(code) || code === ErrorCode.BAD_USER_INPUT)) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.BAD_USER_INPUT } };
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
