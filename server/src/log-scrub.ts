/**
 * What a log line may never hold, in one place: passwords and their argon2 hashes, session secrets, access tokens
 * and widget key secrets, SQL text and the values a statement or the database's message carries. The logger
 * (logger.ts) runs every message, every logged string and every logged error through these.
 */

/** Keys whose values are dropped wherever they appear in a logged object (scrubValue). */
const SECRET_KEYS = ['password', 'passwordHash', 'password_hash', 'token', 'secret', 'authorization', 'cookie', 'databaseUrl', 'query', 'params', 'parameters', 'bindings', 'detail', 'where', 'internalQuery'];

/** The shapes of secrets: an argon2 hash, a secret of secrets.ts (session, personal token, widget key), a Bearer credential. */
const SECRETS: Array<[RegExp, string]> = [
  [/\$argon2(?:id|i|d)\$[^\s'",)}\]]*/g, '[redacted]'],
  [/amity_(?:s|pat|wk)_[A-Za-z0-9_-]+/g, '[redacted]'],
  [/\b(bearer)\s+[^\s'",]+/gi, '$1 [redacted]'],
];

/**
 * SQL text: knex puts the whole statement, its values written in, before the database's message
 * (`insert into … values (…) - duplicate key value …`), and PostgreSQL's own log repeats a failed statement.
 */
const SQL_START = /^\s*(?:select|insert|update|delete|with|begin|commit|rollback|savepoint|release|set|show|copy|lock|alter|create|drop|truncate|explain|analyze|vacuum|values)\b/i;
const SQL_INSIDE = /\b(?:insert\s+into|delete\s+from|update\s+"?[\w.]+"?\s+set|select\s[\s\S]{0,2000}?\sfrom\s|STATEMENT:)/i;

/** Values PostgreSQL writes into its messages: `Key (username)=(…)`, `Failing row contains (…)`, quoted literals. */
const LITERALS: Array<[RegExp, string]> = [
  [/\)=\([\s\S]*?\)(?=\s+(?:already exists|is not present|is still referenced|conflicts with)|\.?\s*$)/g, ')=(…)'],
  [/(Failing row contains )\([\s\S]*\)/g, '$1(…)'],
  [/'(?:[^']|'')*'/g, "'…'"],
  // To the last quote of the line: a value may hold quotes itself.
  [/(:\s*|near\s+)"[^\n]*"/g, '$1"…"'],
];

/** Cheap test first: most lines (every request's) hold none of these. */
const ANYTHING = /\$argon2|amity_(?:s|pat|wk)_|bearer|select|insert|update|delete|statement|with|begin|commit|rollback|savepoint|release|set|show|copy|lock|alter|create|drop|truncate|explain|analyze|vacuum|values|\)=\(|failing row|['"]/i;

function withoutSql(text: string): string {
  // A statement knex put first is told by what follows it; a word alone (an HTTP method DELETE) is no statement.
  const start = SQL_START.test(text) && text.includes(' - ') ? 0 : text.search(SQL_INSIDE);
  if (start < 0) return text;
  // MikroORM adds PostgreSQL's detail (` - detail: Key (…)=(…) …`), which holds values: it goes.
  const rest = text.slice(start).replace(/\s*- detail: [\s\S]*$/, '');
  // What follows knex's ` - ` after the statement is the database's own message: it stays.
  const separator = rest.lastIndexOf(' - ');
  return `${text.slice(0, start)}[SQL removed]${separator < 0 ? '' : rest.slice(separator)}`;
}

/** A text with secrets, SQL and quoted values taken out; unchanged when it holds none. */
export function scrubText(text: string): string {
  if (!ANYTHING.test(text)) return text;
  let result = withoutSql(text);
  for (const [pattern, replacement] of SECRETS) result = result.replace(pattern, replacement);
  for (const [pattern, replacement] of LITERALS) result = result.replace(pattern, replacement);
  return result;
}

/** The error's own fields an operator needs: what kind, which SQLSTATE or system code, which constraint on which table. */
const KEPT_FIELDS = ['code', 'constraint', 'table', 'column', 'routine', 'poolSize', 'waiting'] as const;

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
  cause?: unknown;
  previous?: unknown;
  originalError?: unknown;
  errors?: unknown;
  constructor?: { name?: string };
  [field: string]: unknown;
}

/** Marks an error already serialized, so that a second pass (pino's serializer after the log formatter) keeps it. */
const SERIALIZED = Symbol('serialized error');

export type SerializedError = Record<string, unknown>;

function isErrorLike(value: unknown): value is ErrorLike {
  return value instanceof Error || (typeof value === 'object' && value !== null && typeof (value as ErrorLike).message === 'string' && 'stack' in value);
}

/**
 * An error as a log line keeps it: type, message and stack without SQL or values, its code (SQLSTATE or Node's),
 * constraint, table and column, and what it wraps; never the SQL, its parameters, PostgreSQL's `detail`,
 * `where` or `internalQuery`, nor any other field the driver or the ORM attached.
 */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!isErrorLike(error)) return typeof error === 'string' ? scrubText(error) : error;
  if ((error as Record<symbol, unknown>)[SERIALIZED]) return error;
  // GraphQL's wrapper of what a resolver threw says only where: the error itself, with that place.
  const path = (error as { path?: unknown }).path;
  if (error.originalError && depth === 0 && Array.isArray(path)) {
    const inner = serializeError(error.originalError);
    return isErrorLike(error.originalError) ? Object.assign(inner as SerializedError, { graphqlPath: path.join('.') }) : inner;
  }
  const className = error.constructor?.name;
  const type = className && className !== 'Error' && className !== 'Object' ? className : typeof error.name === 'string' ? error.name : 'Error';
  const message = scrubText(String(error.message));
  const result: SerializedError = { type, message };
  for (const field of KEPT_FIELDS) {
    const value = error[field];
    if (typeof value === 'string' || typeof value === 'number') result[field] = typeof value === 'string' ? scrubText(value) : value;
  }
  if (depth === 0 && typeof error.stack === 'string') {
    // The header of a stack is the message again (with the SQL in it): the frames are kept, the header rewritten.
    const frames = error.stack.split('\n').filter((line) => /^\s+at /.test(line));
    result.stack = [`${type}: ${message}`, ...frames].join('\n');
  }
  const cause = error.originalError ?? error.cause ?? error.previous;
  if (cause && cause !== error && depth < 3) result.cause = serializeError(cause, depth + 1);
  if (Array.isArray(error.errors) && depth < 3) result.errors = error.errors.slice(0, 5).map((inner) => serializeError(inner, depth + 1));
  Object.defineProperty(result, SERIALIZED, { value: true });
  return result;
}

const REDACTED = '[redacted]';
const SECRET_KEY_SET = new Set(SECRET_KEYS);

/**
 * Any value of a logged object: errors serialized, strings scrubbed, the values of keys naming secrets (SECRET_KEYS,
 * and `sql` below the top, where a request's line counts its statements) dropped, objects and arrays looked into a
 * few levels. The same value comes back when nothing in it changes: a request's line costs no copy.
 */
export function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (isErrorLike(value)) return serializeError(value);
  if (depth >= 4 || value instanceof Date || Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) {
    const items = value.map((item) => scrubValue(item, depth + 1));
    return items.some((item, index) => item !== value[index]) ? items : value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const inner = (value as Record<string, unknown>)[key];
    const secret = inner !== undefined && (SECRET_KEY_SET.has(key) || (depth > 0 && key === 'sql'));
    const scrubbed = secret ? REDACTED : scrubValue(inner, depth + 1);
    if (scrubbed !== inner) {
      copy ??= { ...value };
      copy[key] = scrubbed;
    }
  }
  return copy ?? value;
}
