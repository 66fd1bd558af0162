import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LogLevel } from './logger.js';
import type { ImportLimits } from './spreadsheets/import-limits.js';

/** The repository's top folder: embedded PostgreSQL keeps its data under `<root>/.data/`. */
export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Config {
  port: number;
  host: string;
  /** An existing PostgreSQL; when absent the hub starts an embedded one. */
  databaseUrl?: string;
  /** Read replicas of DATABASE_URL: read-only requests read from one of them (MikroORM's replica support). */
  databaseReplicaUrls: string[];
  /** What several hubs share (rate limits, the widget cache, invalidations); absent: each hub keeps them in memory. */
  redis?: RedisConfig;
  embeddedPostgres: { dataDir: string; port: number };
  /**
   * Base backups of the embedded PostgreSQL and its WAL archive (`wal/` inside); the embedded server archives WAL
   * there once a base backup was taken. Seconds after which a quiet server still hands a partly filled WAL segment
   * to the archive.
   */
  backups: { dir: string; archiveTimeoutSeconds: number };
  logLevel: LogLevel;
  /** Load the demo data set (the office's 2011 records) at start. */
  demo: boolean;
  /** Milliseconds a single SQL statement may run before PostgreSQL cancels it. */
  statementTimeoutMs: number;
  /** Milliseconds a request waits for a free database connection. */
  poolAcquireTimeoutMs: number;
  poolSize: number;
  /** Requests that may wait for a database connection at once; one more is refused at once as BUSY. */
  poolMaxWaiting: number;
  /** Milliseconds a new database connection may take to open before the attempt fails. */
  dbConnectTimeoutMs: number;
  /** Milliseconds /readyz waits for the database before it answers unready. */
  readyTimeoutMs: number;
  /** Milliseconds the server waits for in-flight requests on SIGINT/SIGTERM. */
  shutdownGraceMs: number;
  /** How far V8 lets the heap grow past what the last full collection kept, in percent; 0 for V8's own rule. */
  heapGrowingPercent: number;
  /** Report SQL statement counts in each response's `extensions` (tests and benchmarks). */
  exposeSqlCount: boolean;
  /** The Bearer token /metrics asks for; without it /metrics answers 404. */
  metricsToken: string | undefined;
  auth: {
    sessionIdleMs: number;
    sessionMaxMs: number;
    /** Served over HTTPS: the session cookie is marked Secure and every answer carries Strict-Transport-Security. */
    cookieSecure: boolean;
    /** The longest a personal access token may work, in days after it was made. */
    accessTokenMaxDays: number;
    /** Password of the demo accounts, only ever used when the demo data is loaded. */
    demoPassword: string;
    /** A first ADMIN made at start when no ADMIN exists yet. */
    bootstrapAdmin?: { username: string; password: string };
  };
  /** Embeddable widgets: how long browsers and proxies may keep a widget answer; how many MB of answers a hub keeps in memory. */
  widgets: { maxAgeSeconds: number; cacheMegabytes: number };
  /** The folder of pg_dump and pg_restore for `cli.js backup`/`restore`; found on PATH or in /usr/lib/postgresql when absent. */
  pgBin?: string;
  /** Bounds checked before any SQL runs. */
  limits: {
    depth: number;
    aliases: number;
    cost: number;
    tokens: number;
    directives: number;
    fields: number;
    bodyBytes: number;
    importBytes: number;
    /** The most records one request may read (its lists, their items, the nodes they name) before it is refused. */
    records: number;
  };
  /** What one uploaded spreadsheet may hold, checked while it is read (spreadsheets/import-limits.ts). */
  importLimits: ImportLimits;
}

/** The shared store of several hubs. */
export interface RedisConfig {
  url: string;
  /** Put before every key, so that several installations (or test runs) can share one Redis. */
  prefix: string;
  /** Milliseconds a Redis command may take before the hub goes on without it. */
  timeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads the environment once; every bad variable is named in one error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv.slice(2)): Config {
  const problems: string[] = [];

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const boolean = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
    problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  };

  const urlOf = (raw: string, protocols: string[]): boolean => {
    try {
      return protocols.includes(new URL(raw).protocol);
    } catch {
      return false;
    }
  };
  const isPostgresUrl = (raw: string) => urlOf(raw, ['postgres:', 'postgresql:']);
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !isPostgresUrl(databaseUrl)) problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  const databaseReplicaUrls = (env.AMITY_DATABASE_REPLICA_URLS ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '');
  databaseReplicaUrls.forEach((url, index) => {
    if (!isPostgresUrl(url)) problems.push(`AMITY_DATABASE_REPLICA_URLS: entry ${index + 1} must be a postgres:// or postgresql:// URL`);
  });
  if (databaseReplicaUrls.length > 0 && !databaseUrl) problems.push('AMITY_DATABASE_REPLICA_URLS needs DATABASE_URL: replicas copy a PostgreSQL server of your own, not the embedded one');

  let redis: RedisConfig | undefined;
  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl !== undefined) {
    if (!urlOf(redisUrl, ['redis:', 'rediss:'])) problems.push('REDIS_URL must be a redis:// or rediss:// URL');
    const prefix = env.AMITY_REDIS_PREFIX ?? 'amity:';
    if (!/^[A-Za-z0-9:._-]{1,100}$/.test(prefix)) problems.push(`AMITY_REDIS_PREFIX must be 1 to 100 letters, digits or ":._-" (got "${prefix}")`);
    redis = { url: redisUrl, prefix, timeoutMs: integer('AMITY_REDIS_TIMEOUT_MS', 250, 10, 60_000) };
  }

  const pgBin = env.AMITY_PG_BIN || undefined;
  if (pgBin !== undefined && !(existsSync(pgBin) && statSync(pgBin).isDirectory())) {
    problems.push(`AMITY_PG_BIN must be a folder holding pg_dump and pg_restore (got "${pgBin}")`);
  }

  const logLevel = (env.LOG_LEVEL || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`);

  const config: Config = {
    port: integer('PORT', 4000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    databaseReplicaUrls,
    redis,
    embeddedPostgres: {
      dataDir: path.resolve(repositoryRoot, env.AMITY_DATA_DIR || '.data', 'postgres'),
      port: integer('AMITY_EMBEDDED_PG_PORT', 54329, 1024, 65535),
    },
    backups: {
      dir: path.resolve(repositoryRoot, env.AMITY_BACKUP_DIR || path.join(env.AMITY_DATA_DIR || '.data', 'backups')),
      archiveTimeoutSeconds: integer('AMITY_WAL_ARCHIVE_TIMEOUT_SECONDS', 300, 0, 86_400),
    },
    logLevel,
    demo: argv.includes('--demo') || boolean('AMITY_DEMO', false),
    statementTimeoutMs: integer('AMITY_STATEMENT_TIMEOUT_MS', 15000, 100, 600000),
    poolAcquireTimeoutMs: integer('AMITY_POOL_ACQUIRE_TIMEOUT_MS', 5000, 100, 600000),
    poolSize: integer('AMITY_POOL_SIZE', 10, 1, 200),
    poolMaxWaiting: integer('AMITY_POOL_MAX_WAITING', 100, 0, 100_000),
    dbConnectTimeoutMs: integer('AMITY_DB_CONNECT_TIMEOUT_MS', 5000, 100, 600000),
    readyTimeoutMs: integer('AMITY_READY_TIMEOUT_MS', 2000, 100, 60000),
    shutdownGraceMs: integer('AMITY_SHUTDOWN_GRACE_MS', 10000, 0, 600000),
    heapGrowingPercent: integer('AMITY_HEAP_GROWING_PERCENT', 20, 0, 1000),
    exposeSqlCount: boolean('AMITY_EXPOSE_SQL_COUNT', false),
    metricsToken: env.AMITY_METRICS_TOKEN || undefined,
    auth: {
      sessionIdleMs: integer('AMITY_SESSION_IDLE_MINUTES', 30, 1, 24 * 60) * 60_000,
      sessionMaxMs: integer('AMITY_SESSION_MAX_HOURS', 12, 1, 24 * 30) * 3_600_000,
      cookieSecure: boolean('AMITY_COOKIE_SECURE', false),
      accessTokenMaxDays: integer('AMITY_ACCESS_TOKEN_MAX_DAYS', 365, 1, 3650),
      demoPassword: env.AMITY_DEMO_PASSWORD || 'amity-demo',
      bootstrapAdmin: undefined,
    },
    pgBin,
    widgets: { maxAgeSeconds: integer('AMITY_WIDGET_MAX_AGE_SECONDS', 60, 0, 86_400), cacheMegabytes: integer('AMITY_WIDGET_CACHE_MB', 16, 1, 4096) },
    limits: {
      depth: integer('AMITY_MAX_DEPTH', 8, 2, 100),
      aliases: integer('AMITY_MAX_ALIASES', 15, 1, 1000),
      cost: integer('AMITY_MAX_COST', 100_000, 10, 1_000_000_000_000),
      tokens: integer('AMITY_MAX_TOKENS', 2000, 50, 1_000_000),
      directives: integer('AMITY_MAX_DIRECTIVES', 10, 0, 1000),
      fields: integer('AMITY_MAX_FIELDS', 1000, 10, 1_000_000),
      bodyBytes: integer('AMITY_MAX_BODY_BYTES', 100 * 1024, 1024, 50 * 1024 * 1024),
      importBytes: integer('AMITY_MAX_IMPORT_BYTES', 20 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      records: integer('AMITY_MAX_RECORDS', 20_000, 100, 10_000_000),
    },
    importLimits: {
      rows: integer('AMITY_MAX_IMPORT_ROWS', 50_000, 2, 1_048_576),
      columns: integer('AMITY_MAX_IMPORT_COLUMNS', 100, 1, 16_384),
      cells: integer('AMITY_MAX_IMPORT_CELLS', 500_000, 2, 100_000_000),
      inflatedBytes: integer('AMITY_MAX_IMPORT_INFLATED_BYTES', 100 * 1024 * 1024, 1024, 4 * 1024 * 1024 * 1024 - 1),
      compressionRatio: integer('AMITY_MAX_IMPORT_RATIO', 100, 2, 10_000),
    },
  };
  const adminUsername = env.AMITY_ADMIN_USERNAME;
  const adminPassword = env.AMITY_ADMIN_PASSWORD;
  if (adminUsername || adminPassword) {
    if (!adminUsername || !adminPassword) problems.push('AMITY_ADMIN_USERNAME and AMITY_ADMIN_PASSWORD go together: set both or neither');
    else if (adminPassword.length < 10) problems.push('AMITY_ADMIN_PASSWORD must be at least 10 characters');
    else config.auth.bootstrapAdmin = { username: adminUsername.trim().toLowerCase(), password: adminPassword };
  }
  // Never echoed: the message names the variable, not its value.
  if (config.metricsToken !== undefined && !/^[\x21-\x7e]{16,}$/.test(config.metricsToken)) {
    problems.push('AMITY_METRICS_TOKEN must be at least 16 printable characters without spaces');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
