import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedPostgresServer } from '../../server/dist/db/embedded.js';
import { runCli } from '../support/cli.js';
import { fingerprint, type Fingerprint } from '../support/fingerprint.js';
import { DEMO_PASSWORD, startHub, type Hub } from '../support/hub.js';
import { repositoryRoot } from '../support/paths.js';
import { freePort } from '../support/process.js';

/**
 * Base backups and point-in-time recovery on the default setup: a hub on an embedded PostgreSQL of the test's own,
 * with nothing installed but the package's binaries. Written through the API, backed up while the hub runs,
 * written again, and restored to the latest state, to the backup's time and to a moment in between: every table
 * holds exactly what it held then. Refusals (the hub running, a folder that is not a backup, --keep 0) change nothing.
 */

const port = await freePort();
const dataRoot = path.join(repositoryRoot, `.data/test-point-in-time-${port}`);
const dataDir = path.join(dataRoot, 'postgres');
const backupsDir = path.join(dataRoot, 'backups');
const embeddedEnv = { DATABASE_URL: undefined, AMITY_DATA_DIR: dataRoot, AMITY_EMBEDDED_PG_PORT: String(port) };
const cli = (args: string[]) => runCli(args, embeddedEnv);

/** Waits a moment, so that a time taken between writes falls clearly between their commits. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

/** The restored data folder's contents, read by a PostgreSQL started on it alone (no hub writing meanwhile). */
async function restoredFingerprint(): Promise<Fingerprint> {
  const password = readFileSync(`${dataDir}.password`, 'utf8').trim();
  const server = await embeddedPostgresServer({ dataDir, port, password, persistent: true, onError: () => {} });
  await server.start();
  try {
    return await fingerprint(`postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/amity`);
  } finally {
    await server.stop();
  }
}

describe('base backups and point-in-time recovery of the embedded PostgreSQL', { timeout: 120_000 }, () => {
  let hub: Hub | undefined;
  let backupName: string;
  let backupTime: string;
  let atBackup: Fingerprint;
  let between: string;
  let atBetween: Fingerprint;
  let latest: Fingerprint;
  let lastCityId: string;

  const startEmbeddedHub = () =>
    startHub({ embedded: { dataDir: dataRoot, port }, env: { AMITY_ADMIN_USERNAME: 'admin', AMITY_ADMIN_PASSWORD: DEMO_PASSWORD } });

  beforeAll(async () => {
    rmSync(dataRoot, { recursive: true, force: true });
    hub = await startEmbeddedHub();
    await hub.query('mutation { createCity(input: { names: { en: "Before the backup" }, countryCode: "NO", visibility: PUBLIC }) { id } }');
  }, 90_000);

  afterAll(async () => {
    await hub?.stop();
    rmSync(dataRoot, { recursive: true, force: true });
  });

  it('refuses --keep 0 and takes nothing', async () => {
    for (const keep of ['0', 'two']) {
      const refused = await cli(['backup', '--keep', keep]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('--keep must be a whole number of at least 1');
    }
    expect(existsSync(backupsDir) ? readdirSync(backupsDir).filter((name) => name.startsWith('base-')) : []).toEqual([]);
  });

  it('backs up while the hub runs, reading its port from postmaster.pid, then keeps what is written after', async () => {
    // Another port than the server's: the command must find the running server, not start one of its own.
    const backup = await runCli(['backup', '--keep', '2'], { ...embeddedEnv, AMITY_EMBEDDED_PG_PORT: String(await freePort()) });
    expect(backup.code, backup.stderr).toBe(0);
    const made = /backed up to (\S+) .*\n\s+restores to (\S+) or any later time/.exec(backup.stdout);
    expect(made, backup.stdout).not.toBeNull();
    backupName = path.basename(made![1]);
    backupTime = made![2];
    atBackup = await fingerprint(hub!.databaseUrl);
    expect(atBackup.city.rows).toBe(1);
    expect(readFileSync(path.join(backupsDir, backupName, 'data', 'backup_label'), 'utf8')).toContain(`LABEL: ${backupName}`);

    const editor = hub!;
    const city = await editor.query('mutation { createCity(input: { names: { en: "Between" }, countryCode: "DE", visibility: PUBLIC }) { id version } }');
    await editor.query(`mutation { updateCity(id: "${city.createCity.id}", input: { names: { en: "Between, renamed" } }, expectedVersion: ${city.createCity.version}) { id } }`);
    const school = await editor.query('mutation { createOrganisation(input: { names: { en: "Short-lived school" }, kind: SCHOOL }) { id version } }');
    await settle();
    between = new Date().toISOString();
    atBetween = await fingerprint(hub!.databaseUrl);
    await settle();

    await editor.query(`mutation { deleteOrganisation(id: "${school.createOrganisation.id}", expectedVersion: ${school.createOrganisation.version}) { deleted } }`);
    const last = await editor.query('mutation { createCity(input: { names: { en: "After everything" }, countryCode: "FR", visibility: PUBLIC }) { id } }');
    lastCityId = last.createCity.id;
    await settle();
    latest = await fingerprint(hub!.databaseUrl);
    expect(atBetween).not.toEqual(atBackup);
    expect(latest).not.toEqual(atBetween);

    const list = await cli(['backups']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain(`${backupName}  finished ${backupTime}`);
  });

  it('refuses to restore while the hub runs, and changes nothing', async () => {
    const refused = await cli(['restore', '--latest']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/the embedded PostgreSQL is running on .* \(pid \d+, port \d+\): stop the hub/);
    expect(await fingerprint(hub!.databaseUrl)).toEqual(latest);
    await hub!.stop();
    hub = undefined;
  });

  it('refuses a folder that is not a backup, a time before every backup, and a time to come; says why PostgreSQL did not start', async () => {
    const impostor = path.join(backupsDir, 'base-impostor');
    mkdirSync(path.join(impostor, 'data'), { recursive: true });
    writeFileSync(path.join(impostor, 'data', 'PG_VERSION'), '17\n');
    for (const [args, message] of [
      [['restore', impostor], 'is not a base backup made by `cli.js backup`'],
      [['restore', '--to', new Date(Date.parse(backupTime) - 60_000).toISOString()], 'no base backup can reach'],
      [['restore', '--to', new Date(Date.now() + 3_600_000).toISOString()], 'is in the future'],
      [['restore', '--to', backupTime, '--latest'], 'exclude each other'],
    ] as const) {
      const refused = await cli([...args]);
      expect(refused.code, refused.stdout).toBe(1);
      expect(refused.stderr).toContain(message);
    }
    rmSync(impostor, { recursive: true });

    // The embedded server cannot start (its port taken): PostgreSQL's reason, never a bare "undefined".
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const failed = await cli(['backup']);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/the embedded PostgreSQL \(data .*, port \d+\) did not start; PostgreSQL said:\n.*FATAL:/);
      expect(failed.stderr).not.toContain('undefined');
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    expect(readdirSync(backupsDir).filter((name) => name.startsWith('base-') || name.startsWith('.base-'))).toEqual([backupName]);
    expect(await restoredFingerprint()).toEqual(latest);
    expect(readdirSync(path.dirname(dataDir)).filter((name) => name.includes('.restoring-') || name.includes('.before-restore-'))).toEqual([]);
  });

  it('restores the latest state: every table as the hub left it, and the hub runs on it', async () => {
    const restored = await cli(['restore', '--latest']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(`restored ${backupName} to the latest state`);
    expect(await restoredFingerprint()).toEqual(latest);

    hub = await startEmbeddedHub();
    const found = await hub.query(`{ city(id: "${lastCityId}") { names { en } } }`);
    expect(found.city.names.en).toBe('After everything');
    await hub.stop();
    hub = undefined;
  });

  it("restores the backup's own moment, then a moment between two writes on a machine that lost its data folder, whatever was restored before", async () => {
    const atStart = await cli(['restore', backupName, '--to', backupTime]);
    expect(atStart.code, atStart.stderr).toBe(0);
    expect(await restoredFingerprint()).toEqual(atBackup);

    // As on a new machine after the disk died: no data folder (nor its WAL not yet archived), no password file.
    rmSync(dataDir, { recursive: true });
    rmSync(`${dataDir}.password`);
    const inBetween = await cli(['restore', '--to', between]);
    expect(inBetween.code, inBetween.stderr).toBe(0);
    expect(inBetween.stdout).toContain(`restored ${backupName} to ${between}`);
    expect(await restoredFingerprint()).toEqual(atBetween);
    expect(readdirSync(path.dirname(dataDir)).filter((name) => name.includes('.restoring-') || name.includes('.before-restore-'))).toEqual([]);
  });
});
