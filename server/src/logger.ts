import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

/**
 * JSON lines on stdout; secrets are redacted wherever they appear in a logged object.
 *
 * Lines are written asynchronously: a synchronous write to stdout (a pipe or a terminal) cost every request 0.1 ms
 * of the hub's one thread for its request line, as much as building fifty records. Lines still reach stdout in
 * order, and pino writes out what is left when the process exits, on a crash too.
 */
export function createLogger(level: LogLevel): Logger {
  return pino(
    {
      level,
      base: { service: 'amity' },
      redact: {
        paths: ['password', '*.password', 'token', '*.token', 'headers.authorization', 'headers.cookie', 'databaseUrl'],
        censor: '[redacted]',
      },
    },
    pino.destination({ dest: 1, sync: false }),
  );
}
