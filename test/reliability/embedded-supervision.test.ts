import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { serverMain } from '../support/paths.js';
import { freePort, portIsOpen, startProcess, type Started } from '../support/process.js';

/**
 * The default setup (no DATABASE_URL: the hub runs its embedded PostgreSQL) after crashes: a hub killed outright
 * leaves its PostgreSQL running, and the next start must still work; a PostgreSQL killed under the hub must come
 * back by itself, keeping every write it acknowledged.
 */

const ADMIN = { username: 'ops-admin', password: 'an operator password 12' };
const dataDir = mkdtempSync(path.join(tmpdir(), 'amity-supervision-'));
let hub: Started | undefined;

afterAll(async () => {
  if (hub && hub.child.exitCode === null) {
    hub.child.kill('SIGTERM');
    await hub.exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

/** The postmaster's pid, from the lock file PostgreSQL keeps in its data folder. */
const postmasterPid = () => Number(readFileSync(path.join(dataDir, 'postgres/postmaster.pid'), 'utf8').split('\n')[0]);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

async function graphql(port: number, query: string, token?: string): Promise<any> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(15_000),
  });
  return response.json();
}

async function signIn(port: number): Promise<string> {
  const answer = await graphql(port, `mutation { login(username: "${ADMIN.username}", password: "${ADMIN.password}") { token } }`);
  return answer.data.login.token;
}

async function readyz(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
  return response?.status ?? 0;
}

/** The hub's embedded database, read directly (its superuser password is kept beside the data). */
async function embeddedDatabase(pgPort: number): Promise<pg.Client> {
  const password = readFileSync(path.join(dataDir, 'postgres.password'), 'utf8').trim();
  const client = new pg.Client({ host: '127.0.0.1', port: pgPort, user: 'postgres', password, database: 'amity' });
  await client.connect();
  return client;
}

describe('the embedded PostgreSQL, supervised', () => {
  it('starts again after the hub was killed, and comes back by itself when PostgreSQL is killed under writes', async () => {
    const [port, pgPort] = [await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: String(port), AMITY_EMBEDDED_PG_PORT: String(pgPort), AMITY_DATA_DIR: dataDir, AMITY_ADMIN_USERNAME: ADMIN.username, AMITY_ADMIN_PASSWORD: ADMIN.password, AMITY_READY_TIMEOUT_MS: '1000' };
    delete env.DATABASE_URL;

    hub = startProcess([serverMain], env);
    await hub.waitFor('Amity is listening');
    let token = await signIn(port);
    const created = await graphql(port, 'mutation { createCity(input: { names: { en: "Before the kill" }, countryCode: "CN" }) { id } }', token);
    const kept = created.data.createCity.id as string;

    // Killed outright, the hub leaves its PostgreSQL running on the data folder.
    const orphan = postmasterPid();
    hub.child.kill('SIGKILL');
    await hub.exited;
    expect(isAlive(orphan)).toBe(true);

    hub = startProcess([serverMain], env);
    await hub.waitFor('Amity is listening');
    expect(hub.lines.join('\n')).toContain('an embedded PostgreSQL of an earlier run still runs on this data folder');
    expect(isAlive(orphan)).toBe(false);
    token = await signIn(port);
    const again = await graphql(port, `{ city(id: "${kept}") { names { en } } }`, token);
    expect(again.data.city).toEqual({ names: { en: 'Before the kill' } });

    // A second hub on the same data folder leaves the running one's PostgreSQL alone.
    const running = postmasterPid();
    const second = startProcess([serverMain], { ...env, PORT: String(await freePort()) });
    expect(await second.exited).not.toBe(0);
    expect(second.lines.join('\n')).toContain('runs the embedded PostgreSQL on');
    expect(postmasterPid()).toBe(running);
    expect(isAlive(running)).toBe(true);

    // A light write load; the postmaster killed under it.
    const acknowledged: string[] = [];
    let writing = true;
    let sent = 0;
    const writer = (async () => {
      while (writing) {
        sent += 1;
        const answer = await graphql(port, `mutation { createCity(input: { names: { en: "Write ${sent}" }, countryCode: "CN" }) { id } }`, token).catch(() => undefined);
        const id = answer?.data?.createCity?.id as string | undefined;
        if (id) acknowledged.push(id);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await expect.poll(() => acknowledged.length, { timeout: 30_000 }).toBeGreaterThan(10);
    const killed = postmasterPid();
    process.kill(killed, 'SIGKILL');
    const killedAt = Date.now();
    await hub.waitFor('the embedded PostgreSQL stopped unexpectedly', 10_000);
    await hub.waitFor('embedded PostgreSQL started again', 60_000);
    await expect.poll(() => readyz(port), { timeout: 30_000, interval: 250 }).toBe(200);
    const recoveredMs = Date.now() - killedAt;
    const atRecovery = acknowledged.length;
    await expect.poll(() => acknowledged.length, { timeout: 30_000 }).toBeGreaterThan(atRecovery + 10);
    writing = false;
    await writer;
    expect(postmasterPid()).not.toBe(killed);
    process.stdout.write(`\nsupervision ${JSON.stringify({ sent, acknowledged: acknowledged.length, recoveredMs })}\n`);

    const db = await embeddedDatabase(pgPort);
    try {
      const stored = await db.query<{ id: string }>('select id from city where id = any($1)', [acknowledged]);
      expect(new Set(stored.rows.map((row) => row.id))).toEqual(new Set(acknowledged));
    } finally {
      await db.end();
    }
    const lines = hub.lines.join('\n');
    expect(lines).not.toContain('reason "undefined"');

    // The PostgreSQL the hub started again stops with it.
    const restarted = postmasterPid();
    hub.child.kill('SIGTERM');
    expect(await hub.exited).toBe(0);
    expect(isAlive(restarted)).toBe(false);
    expect(await portIsOpen(pgPort)).toBe(false);
  }, 240_000);

  it('says why when its PostgreSQL cannot start, and exits non-zero', async () => {
    // Another program holds the embedded PostgreSQL's port.
    const [port, pgPort] = [await freePort(), await freePort()];
    const holder = createServer().listen(pgPort, '127.0.0.1');
    await new Promise((resolve) => holder.once('listening', resolve));
    const ownDir = mkdtempSync(path.join(tmpdir(), 'amity-port-taken-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: String(port), AMITY_EMBEDDED_PG_PORT: String(pgPort), AMITY_DATA_DIR: ownDir };
      delete env.DATABASE_URL;
      const failed = startProcess([serverMain], env);
      expect(await failed.exited).not.toBe(0);
      const output = failed.lines.join('\n');
      expect(output).toContain('did not start; PostgreSQL said');
      expect(output).toMatch(/FATAL: +could not (bind|create)/);
      expect(output).not.toContain('"undefined"');
    } finally {
      holder.close();
      rmSync(ownDir, { recursive: true, force: true });
    }
  }, 120_000);
});
