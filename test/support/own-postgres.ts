import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { embeddedPostgresServer } from '../../server/dist/db/embedded.js';
import { repositoryRoot, serverCli } from './paths.js';
import { freePort } from './process.js';

const run = promisify(execFile);

export interface OwnPostgres {
  /** The `amity` database, migrated, with the demo accounts. */
  url: string;
  /** Starts the server again on the same data and port (after stop). */
  start(): Promise<void>;
  /** Stops the server (fast shutdown: sessions are cut, as in a restart or a crash of the service). */
  stop(): Promise<void>;
  /**
   * Freezes every process of the server (SIGSTOP) without closing a connection: what a hung host or a cut network
   * looks like to a client, which waits for answers that do not come. `thaw` lets them run again.
   */
  freeze(): Promise<void>;
  thaw(): Promise<void>;
  /** Stops it for good and removes its data. */
  remove(): Promise<void>;
}

/** The processes whose parent is `parent`, from /proc (Linux), without depending on procps being installed. */
function childrenOf(parent: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid …": the command may hold spaces and parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

/**
 * An embedded PostgreSQL of the test's own, on a free port, for faults that must not touch the PostgreSQL every
 * other test uses (stopping it, restarting it). Its `amity` database is migrated and has the demo accounts.
 */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const port = await freePort();
  const dataDir = path.join(repositoryRoot, `.data/test-own-postgres-${port}`);
  rmSync(dataDir, { recursive: true, force: true });
  const password = 'amity-test-only';
  // Kept across stop and start: the test restarts it on the same data.
  const server = await embeddedPostgresServer({ dataDir, port, password, persistent: true, settings: ['fsync=off'], onError: () => {} });
  await server.initialise();
  await server.start();
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query('create database amity');
  await client.end();
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/amity`;
  for (const command of ['migrate', 'demo-accounts']) {
    await run('node', [serverCli, command], { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' } });
  }
  /** The postmaster and its children (backends, checkpointer, …), from the process the package started. */
  const processes = async (): Promise<number[]> => {
    const postmaster = (server as unknown as { process?: { pid?: number } }).process?.pid;
    if (!postmaster) throw new Error('the embedded PostgreSQL is not running');
    return [postmaster, ...childrenOf(postmaster)];
  };
  const signal = async (name: 'SIGSTOP' | 'SIGCONT') => {
    for (const pid of await processes()) process.kill(pid, name);
  };
  return {
    url,
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    start: () => server.start(),
    stop: () => server.stop(),
    async remove() {
      await server.stop().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
