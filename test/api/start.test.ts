import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serverMain } from '../support/paths.js';
import { freePort, portIsOpen, startProcess, type Started } from '../support/process.js';

/** The environment of a user's machine: no DATABASE_URL, so the hub starts its embedded PostgreSQL. */
function userEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', HOST: '127.0.0.1', ...extra };
  delete env.DATABASE_URL;
  return env;
}

async function graphql(port: number, query: string, token?: string): Promise<any> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return response.json();
}

/** Signs in with a demo account, as the README tells a new user to. */
async function signIn(port: number, username: string): Promise<string> {
  const answer = await graphql(port, `mutation { login(username: "${username}", password: "amity-demo") { token } }`);
  return answer.data.login.token;
}

describe('the README quick start: the hub on its embedded PostgreSQL with the demo data', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'amity-start-'));
  let hub: Started | undefined;
  afterAll(async () => {
    if (hub && hub.child.exitCode === null) {
      hub.child.kill('SIGTERM');
      await hub.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts with no DATABASE_URL, answers the Takamatsu question, keeps data across restarts and stops cleanly', async () => {
    const [port, pgPort] = [await freePort(), await freePort()];
    const env = userEnvironment({ PORT: String(port), AMITY_EMBEDDED_PG_PORT: String(pgPort), AMITY_DATA_DIR: dataDir });

    hub = startProcess([serverMain, '--demo'], env);
    await hub.waitFor('Amity is listening');
    expect(hub.lines.join('\n')).toContain(`http://localhost:${port}/graphql`);
    await hub.waitFor('Demo accounts: admin, editor, analyst, viewer');
    const anonymous = await graphql(port, '{ cities { total } }');
    expect(anonymous.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    let token = await signIn(port, 'viewer');
    const answer = await graphql(port, '{ cities(filter: {q: "Takamatsu"}) { total items { names { zh en } } } }', token);
    expect(answer.data.cities.items).toContainEqual({ names: { zh: '高松', en: 'Takamatsu' } });

    const editor = await signIn(port, 'editor');
    const created = await graphql(port, 'mutation { createCity(input: { names: { en: "Persistence Test" }, countryCode: "CN" }) { id } }', editor);
    const id = created.data.createCity.id as string;
    const before = await graphql(port, '{ cities { total } delegations { total } }', editor);

    hub.child.kill('SIGTERM');
    expect(await hub.exited).toBe(0);
    expect(await portIsOpen(pgPort)).toBe(false);
    expect(await portIsOpen(port)).toBe(false);

    hub = startProcess([serverMain, '--demo'], env);
    await hub.waitFor('Amity is listening');
    token = await signIn(port, 'editor');
    const again = await graphql(port, `{ city(id: "${id}") { names { en } } cities { total } delegations { total } }`, token);
    expect(again.data.city).toEqual({ names: { en: 'Persistence Test' } });
    expect({ cities: again.data.cities, delegations: again.data.delegations }).toEqual(before.data);

    hub.child.kill('SIGINT');
    expect(await hub.exited).toBe(0);
    expect(await portIsOpen(pgPort)).toBe(false);
  });

  it('refuses bad configuration with a message naming each bad variable', async () => {
    const started = startProcess([serverMain], userEnvironment({ PORT: 'eighty', AMITY_POOL_SIZE: '0', LOG_LEVEL: 'loud', AMITY_HEAP_GROWING_PERCENT: '-5', AMITY_ACCESS_TOKEN_MAX_DAYS: '0', AMITY_METRICS_TOKEN: 'short secret' }));
    expect(await started.exited).toBe(2);
    const output = started.lines.join('\n');
    expect(output).toContain('PORT must be a whole number');
    expect(output).toContain('AMITY_POOL_SIZE must be a whole number from 1');
    expect(output).toContain('LOG_LEVEL must be one of');
    expect(output).toContain('AMITY_HEAP_GROWING_PERCENT must be a whole number from 0');
    expect(output).toContain('AMITY_ACCESS_TOKEN_MAX_DAYS must be a whole number from 1 to 3650');
    expect(output).toContain('AMITY_METRICS_TOKEN must be at least 16 printable characters');
    // A secret is named, never echoed.
    expect(output).not.toContain('short secret');
  });
});
