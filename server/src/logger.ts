import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

/** JSON lines on stdout; secrets are redacted wherever they appear in a logged object. */
export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { service: 'amity' },
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'headers.authorization', 'headers.cookie', 'databaseUrl'],
      censor: '[redacted]',
    },
  });
}
