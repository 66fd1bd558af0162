import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { createTestDatabase } from './databases.js';
import { DEMO_PASSWORD, keepOutput, keepSecret, keptLogFile } from './log-check.js';
import { serverMain } from './paths.js';

export { DEMO_PASSWORD };

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> & { code?: string } }>;
  extensions?: { sqlStatements?: number };
}

export type RoleName = 'admin' | 'editor' | 'analyst' | 'viewer';

export interface Client {
  request<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

export interface Hub {
  url: string;
  /** A client signed in as one of the demo accounts (one per role), or anonymous. */
  as(role: RoleName | 'anonymous'): Promise<Client>;
  /** Signs in through the API and returns the Bearer token. */
  login(username: string, password?: string): Promise<string>;
  /** Its own database, for checks the API does not show (and only for checks). */
  db: pg.Pool;
  /** Sends one GraphQL operation over HTTP as `admin`; the whole response, errors included. */
  request<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** Sends one operation as `admin` and returns its data; fails the test on any error. */
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Lines the server logged (JSON), for tests of logging. */
  logs: string[];
  /** The hub's own database URL (for running the CLI against it). */
  databaseUrl: string;
  /** The hub's process, for tests that signal or kill it. */
  process: ChildProcess;
  /** Ends the hub (SIGTERM, waiting for its exit) and drops its database unless the test brought its own. */
  stop(): Promise<void>;
}

export interface HubOptions {
  /** Which template the hub's fresh database copies (default `demo`). */
  template?: 'demo' | 'empty';
  /** Run on this database instead of a fresh copy (several hubs on one database, a database of the test's own); never dropped. */
  databaseUrl?: string;
  /**
   * Run without DATABASE_URL, on the embedded PostgreSQL the hub starts in `dataDir` (AMITY_DATA_DIR) on `port`
   * (AMITY_EMBEDDED_PG_PORT), as on a fresh install; never removed.
   */
  embedded?: { dataDir: string; port: number };
  /** More environment for the hub process. */
  env?: Record<string, string>;
  /**
   * Write the hub's log to this file rather than to a pipe the test process reads (the benchmark: otherwise the
   * measuring process wakes to read a log line for every request it times, as a hub's clients never do).
   */
  logFile?: string;
}

/**
 * Starts a real hub process (server/dist/main.js) on a fresh copy of a template database: the demo data
 * (`demo`, the default) or only the migrated schema with the countries (`empty`).
 */
export async function startHub(options: HubOptions = {}): Promise<Hub> {
  const { embedded } = options;
  const database = embedded
    ? { url: undefined, drop: async () => {} }
    : options.databaseUrl
      ? { url: options.databaseUrl, drop: async () => {} }
      : await createTestDatabase(options.template ?? 'demo');
  const databaseEnv = embedded
    ? { AMITY_DATA_DIR: embedded.dataDir, AMITY_EMBEDDED_PG_PORT: String(embedded.port) }
    : { DATABASE_URL: database.url! };

  const piped: string[] = [];
  const logs = () => (options.logFile ? readFileSync(options.logFile, 'utf8').split('\n').filter(Boolean) : piped);
  const output = options.logFile ? openSync(options.logFile, 'w') : 'pipe';
  const environment: NodeJS.ProcessEnv = { ...process.env };
  if (embedded) delete environment.DATABASE_URL;
  const child: ChildProcess = spawn('node', [serverMain], {
    env: { ...environment, ...databaseEnv, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', AMITY_EXPOSE_SQL_COUNT: 'true', ...options.env },
    stdio: ['ignore', output, output],
  });
  if (typeof output === 'number') closeSync(output);
  // Every line the hub writes is kept, also those no test reads: the check after the run searches them all.
  const keep = options.logFile ? () => undefined : keepOutput(child);
  if (options.logFile) {
    const logFile = options.logFile;
    const keptFile = keptLogFile();
    child.once('close', () => existsSync(logFile) && copyFileSync(logFile, keptFile));
  }
  const port = await new Promise<number>((resolve, reject) => {
    const listening = (line: string) => line.includes('"Amity is listening"');
    const started = (line: string) => {
      clearTimeout(timer);
      clearInterval(poll);
      resolve((JSON.parse(line) as { port: number }).port);
    };
    const timer = setTimeout(() => {
      clearInterval(poll);
      // Not left behind holding its database (an embedded one: its data folder and port).
      child.kill('SIGTERM');
      reject(new Error(`hub did not start in 60 s:\n${logs().join('\n')}`));
    }, 60_000);
    // A log file is read until the hub says it listens; a pipe, line by line.
    const poll = options.logFile
      ? setInterval(() => {
          const line = logs().find(listening);
          if (line) started(line);
        }, 50)
      : undefined;
    if (!options.logFile) {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        piped.push(line);
        keep(line);
        if (listening(line)) started(line);
      });
      createInterface({ input: child.stderr! }).on('line', (line) => {
        piped.push(line);
        keep(line);
      });
    }
    child.once('exit', (code) => {
      clearTimeout(timer);
      clearInterval(poll);
      reject(new Error(`hub exited with ${code} before listening:\n${logs().join('\n')}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  // The embedded server's password is made at its first start, beside its data.
  const databaseUrl =
    database.url ?? `postgres://postgres:${encodeURIComponent(readFileSync(path.join(embedded!.dataDir, 'postgres.password'), 'utf8').trim())}@127.0.0.1:${embedded!.port}/amity`;
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });

  const post = async <T>(query: string, variables: Record<string, unknown> | undefined, headers: Record<string, string>) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  };

  const login = async (username: string, password = DEMO_PASSWORD) => {
    const answer = await post<{ login: { token: string } }>('mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', { u: username, p: password }, {});
    if (!answer.data?.login) throw new Error(`login as ${username} failed: ${JSON.stringify(answer.errors)}`);
    keepSecret(answer.data.login.token);
    return answer.data.login.token;
  };

  const client = (token: string | undefined): Client => {
    const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const request = <T>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) => post<T>(query, variables, { ...auth, ...headers });
    return {
      request,
      async query<T>(query: string, variables?: Record<string, unknown>) {
        const response = await request<T>(query, variables);
        if (response.errors?.length) {
          const serverErrors = logs().filter((line) => line.includes('"level":50')).slice(-3);
          throw new Error(`GraphQL errors: ${JSON.stringify(response.errors, null, 2)}${serverErrors.length ? `\nserver log:\n${serverErrors.join('\n')}` : ''}`);
        }
        return response.data as T;
      },
    };
  };

  const clients = new Map<string, Client>();
  const as = async (role: RoleName | 'anonymous') => {
    let found = clients.get(role);
    if (!found) {
      found = client(role === 'anonymous' ? undefined : await login(role));
      clients.set(role, found);
    }
    return found;
  };
  const admin = await as('admin');

  return {
    url,
    db,
    get logs() {
      return logs();
    },
    databaseUrl,
    process: child,
    as,
    login,
    request: admin.request,
    query: admin.query,
    async stop() {
      await db.end();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await database.drop();
    },
  };
}
