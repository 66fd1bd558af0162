import { pino, type Logger } from 'pino';
import { requestStorage } from './db/sql-counter.js';
import { scrubText, scrubValue, serializeError } from './log-scrub.js';

export type { Logger };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * Where a line written outside any request comes from: the hub starting, stopping, a command of cli.js, or work of
 * its own while it serves (`background`: Redis, replicas, the embedded PostgreSQL's output, given by a child logger
 * `{ phase: 'background' }`). A warning or error while the hub serves (`serve`) belongs to a request and carries its
 * `requestId`; one that carries neither is a line whose origin was lost, which the tests look for.
 */
export type LogPhase = 'start' | 'serve' | 'stop' | 'command' | 'background';

let phase: LogPhase = 'start';

/** The hub moves on: listening (`serve`), stopping (`stop`); cli.js says `command` once. */
export function enterPhase(next: Exclude<LogPhase, 'background'>): void {
  phase = next;
}

const WARN = 40;
const NOTHING = Object.freeze({});

/**
 * What a warning or error line is given besides what was logged: the id of the request being served (from the
 * request's async context, for code that logs through the hub's logger rather than the request's), or else the
 * phase of the hub. Lines below warn are left as they are: the mixin runs for every line.
 */
function origin(logged: object, level: number, logger: Logger): object {
  if (level < WARN || 'requestId' in logged) return NOTHING;
  const bound = logger.bindings();
  if (bound.requestId !== undefined) return NOTHING;
  const requestId = requestStorage.getStore()?.requestId;
  if (requestId) return { requestId };
  return bound.phase !== undefined ? NOTHING : { phase };
}

/**
 * JSON lines on stdout, never holding a secret: every message, every logged string and every logged error goes
 * through log-scrub.ts (errors keep type, code, constraint, table, a message and stack without SQL or values; the
 * SQL, its parameters and the driver's details are dropped), and so are the values of keys that name secrets,
 * wherever they appear. One walk over the logged object does all of it (pino's redact paths with wildcards cost
 * each request's line more than the walk).
 *
 * Lines are written asynchronously: a synchronous write to stdout (a pipe or a terminal) cost every request 0.1 ms
 * of the hub's one thread for its request line, as much as building fifty records. Lines still reach stdout in
 * order, and pino writes out what is left when the process exits, on a crash too.
 */
export function createLogger(level: LogLevel, startPhase: Exclude<LogPhase, 'background'> = 'start'): Logger {
  phase = startPhase;
  return pino(
    {
      level,
      base: { service: 'amity' },
      mixin: origin as (logged: object, level: number, logger: Logger) => object,
      mixinMergeStrategy: (logged, added) => (added === NOTHING ? logged : { ...added, ...logged }),
      formatters: { log: (logged) => scrubValue(logged) as Record<string, unknown> },
      serializers: { err: serializeError, msg: (message: unknown) => (typeof message === 'string' ? scrubText(message) : message) },
    },
    pino.destination({ dest: 1, sync: false }),
  );
}
