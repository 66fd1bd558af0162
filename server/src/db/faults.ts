/**
 * What went wrong with the database, told apart from the error a driver, the pool or MikroORM throws. The kinds
 * are few on purpose: each asks a different thing of the caller (wait and retry, narrow the request, slow down,
 * stop changing things), and errors.ts turns each into one API error code.
 */
export type DatabaseFault =
  /** The server cannot be reached, refused or dropped the connection, is starting up or shutting down. */
  | 'UNAVAILABLE'
  /** A statement ran past `statement_timeout` (or `lock_timeout`) and PostgreSQL cancelled it. */
  | 'TIMEOUT'
  /** No pooled connection became free in time, or too many requests already wait for one. */
  | 'BUSY'
  /** The database refuses writes: `default_transaction_read_only`, a hot standby, a read-only role. */
  | 'READ_ONLY';

/** Thrown instead of queueing when the pool's wait queue is full (see guardPool in database.ts). */
export class PoolQueueFullError extends Error {
  /** Copied by MikroORM when it wraps the error, so the kind survives the wrapping. */
  readonly code = 'AMITY_POOL_QUEUE_FULL';
  constructor(
    readonly poolSize: number,
    readonly waiting: number,
  ) {
    super(`Amity: ${waiting} requests already wait for one of ${poolSize} database connections`);
    this.name = 'PoolQueueFullError';
  }
}

/** SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html) and what they mean here. */
const SQLSTATE_FAULTS: Record<string, DatabaseFault> = {
  '57014': 'TIMEOUT', // query_canceled: statement_timeout (or an operator's pg_cancel_backend)
  '55P03': 'TIMEOUT', // lock_not_available: lock_timeout
  '25006': 'READ_ONLY', // read_only_sql_transaction: read-only database, role or hot standby
  '57P01': 'UNAVAILABLE', // admin_shutdown: the server is stopping, or the backend was terminated
  '57P02': 'UNAVAILABLE', // crash_shutdown
  '57P03': 'UNAVAILABLE', // cannot_connect_now: starting up, shutting down, in recovery
  '53300': 'UNAVAILABLE', // too_many_connections
  '3D000': 'UNAVAILABLE', // invalid_catalog_name: the database is gone (dropped, or being restored)
};

/** Node's socket errors on a connection attempt or a connection in use. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/** What pg, knex and tarn say when a connection breaks, times out or cannot be made (they carry no code). */
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /Connection ended unexpectedly/i,
  /Client has encountered a connection error/i,
  /Client was closed and is not queryable/i,
  /Query read timeout/i,
  /timeout exceeded when trying to connect/i,
  /Unable to acquire a connection/i,
];
const BUSY_MESSAGES = [/Timeout acquiring a connection/i];

interface ErrorLike {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
  originalError?: unknown;
  previous?: unknown;
}

/** The error and what it wraps: GraphQL's originalError, the standard cause, MikroORM's previous. */
export function* errorChain(error: unknown): Generator<ErrorLike> {
  let current = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 8; depth += 1) {
    const candidate = current as ErrorLike;
    yield candidate;
    current = candidate.originalError ?? candidate.cause ?? candidate.previous;
  }
}

function faultOfOne(error: ErrorLike): DatabaseFault | undefined {
  const code = typeof error.code === 'string' ? error.code : undefined;
  if (code === 'AMITY_POOL_QUEUE_FULL' || error.name === 'KnexTimeoutError') return 'BUSY';
  if (code && SQLSTATE_FAULTS[code]) return SQLSTATE_FAULTS[code];
  // Class 08: connection exceptions (the connection failed, was refused or broke).
  if (code && /^08[0-9A-Z]{3}$/.test(code)) return 'UNAVAILABLE';
  if (code && SOCKET_CODES.has(code)) return 'UNAVAILABLE';
  const message = typeof error.message === 'string' ? error.message : '';
  if (BUSY_MESSAGES.some((pattern) => pattern.test(message))) return 'BUSY';
  if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return 'UNAVAILABLE';
  return undefined;
}

/** The database fault behind an error, looking through the layers that wrap it; undefined for any other error. */
export function databaseFaultOf(error: unknown): DatabaseFault | undefined {
  for (const candidate of errorChain(error)) {
    const fault = faultOfOne(candidate);
    if (fault) return fault;
  }
  return undefined;
}

/** The queue numbers of a PoolQueueFullError anywhere in the chain, for the message. */
export function poolQueueOf(error: unknown): { poolSize: number; waiting: number } | undefined {
  for (const candidate of errorChain(error)) {
    const { poolSize, waiting, code } = candidate as ErrorLike & { poolSize?: unknown; waiting?: unknown };
    if (code === 'AMITY_POOL_QUEUE_FULL' && typeof poolSize === 'number' && typeof waiting === 'number') return { poolSize, waiting };
  }
  return undefined;
}
