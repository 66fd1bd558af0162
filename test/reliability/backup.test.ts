import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPgTool } from '../../server/dist/db/pg-tools.js';
import { fingerprint } from '../support/fingerprint.js';
import { runCli } from '../support/cli.js';
import { startHub, type Hub } from '../support/hub.js';
import { serverForPgDump } from '../support/pg-server.js';
import { freePort } from '../support/process.js';

/**
 * Backups: `cli.js backup` then `restore` give back the same database — every table's rows
 * (records, audit trail, accounts, sessions, widget keys, migrations) and the same annual report; a session
 * signed in before the backup works after the restore (sessions are data too). Refusals write nothing.
 */

const ANNUAL_REPORT = `query ($year: Int!, $compareTo: Int) {
  annualReport(year: $year, compareTo: $compareTo) {
    year compareTo
    lines { key label { zh en } figures { key unit { zh en } value compareValue change } }
    inboundForeignGuests { delegations { value } personTimes { value } named { id names { zh en } } }
    newContacts { id names { zh en } level }
    awards { id names { zh } }
    donations { id amount currency }
  }
}`;

const chosen = await serverForPgDump();
const folder = mkdtempSync(path.join(tmpdir(), 'amity-backup-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// Each step runs the CLI (a few seconds each on a busy machine) and some start a hub.
describe.skipIf(!('server' in chosen))(`backup and restore${'reason' in chosen ? ` (skipped: ${chosen.reason})` : ''}`, { timeout: 180_000 }, () => {
  const server = 'server' in chosen ? chosen.server : undefined!;
  let database: Awaited<ReturnType<typeof server.createDatabase>>;
  let hub: Hub | undefined;
  let analystToken: string;
  let report: unknown;
  let before: Awaited<ReturnType<typeof fingerprint>>;
  let cityId: string;
  const file = path.join(folder, 'amity.dump');

  beforeAll(async () => {
    database = await server.createDatabase('backup');
    const seeded = await runCli(['seed-demo'], { DATABASE_URL: database.url });
    expect(seeded.code, seeded.stderr).toBe(0);

    hub = await startHub({ databaseUrl: database.url });
    const editor = await hub.as('editor');
    const made = await editor.query('mutation { createCity(input: { names: { en: "Backupville" }, countryCode: "NO", visibility: PUBLIC }) { id version } }');
    cityId = made.createCity.id;
    await editor.query(`mutation { updateCity(id: "${cityId}", input: { names: { en: "Backupville on Sea" } }, expectedVersion: ${made.createCity.version}) { id } }`);
    const doomed = await editor.query('mutation { createOrganisation(input: { names: { en: "Short-lived school" }, kind: SCHOOL }) { id version } }');
    await editor.query(`mutation { deleteOrganisation(id: "${doomed.createOrganisation.id}", expectedVersion: ${doomed.createOrganisation.version}) { deleted } }`);
    await hub.query('mutation { createWidgetKey(input: { name: "backup test", office: "Tourism Bureau", allowedOrigins: ["https://tourism.example.org"] }) { key } }');
    analystToken = await hub.login('analyst');
    report = await (await hub.as('analyst')).query(ANNUAL_REPORT, { year: 2011, compareTo: 2010 });
    await hub.stop();
    hub = undefined;
    before = await fingerprint(database.url);
  }, 240_000);

  afterAll(async () => {
    await hub?.stop();
    await database?.drop();
  });

  it('backs up the whole database to a file only its owner reads, with a summary of the rows', async () => {
    const backup = await runCli(['backup', file], { DATABASE_URL: database.url });
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain(`backed up to ${file}`);
    expect(backup.stdout).toMatch(new RegExp(`audit_entry\\s+${before.audit_entry.rows}\\n`));
    expect(backup.stdout).not.toContain('amity-demo');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(folder)).toEqual(['amity.dump']);
    expect(before.audit_entry.rows).toBeGreaterThanOrEqual(3);

    const again = await runCli(['backup', file], { DATABASE_URL: database.url });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists already');
  });

  it('restores into the wiped database: every table the same, the same annual report, the old session still signed in', async () => {
    await server.admin(`drop database "${database.name}" with (force)`);
    await server.admin(`create database "${database.name}"`);
    expect(await fingerprint(database.url)).toEqual({});

    const restore = await runCli(['restore', file], { DATABASE_URL: database.url });
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`restored from ${file}`);
    expect(restore.stdout).toContain('migrations  ');
    expect(await fingerprint(database.url)).toEqual(before);

    hub = await startHub({ databaseUrl: database.url });
    const analyst = await hub.as('analyst');
    expect(await analyst.query(ANNUAL_REPORT, { year: 2011, compareTo: 2010 })).toEqual(report);
    const city = await analyst.query(`{ city(id: "${cityId}") { names { en } history { action } } }`);
    expect(city.city.names.en).toBe('Backupville on Sea');
    expect(city.city.history.map((entry: { action: string }) => entry.action).sort()).toEqual(['CREATE', 'UPDATE']);

    const oldSession = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${analystToken}` },
      body: JSON.stringify({ query: '{ me { username } }' }),
    });
    expect(await oldSession.json()).toEqual({ data: { me: { username: 'analyst' } }, extensions: expect.anything() });
    await hub.stop();
    hub = undefined;
  });

  it('refuses to restore over a database that is not empty unless --replace is given, then replaces it', async () => {
    const refused = await runCli(['restore', file], { DATABASE_URL: database.url });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not empty');

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(`update city set notes = 'changed after the backup' where id = $1`, [cityId]);
    await client.end();
    expect(await fingerprint(database.url)).not.toEqual(before);

    const replaced = await runCli(['restore', file, '--replace'], { DATABASE_URL: database.url });
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(await fingerprint(database.url)).toEqual(before);
  });

  it('refuses a file that is not a pg_dump archive, or a cut one, and writes nothing', async () => {
    const empty = await server.createDatabase('restore_refused');
    try {
      const notDump = path.join(folder, 'records.csv');
      writeFileSync(notDump, 'name,country\nPeine,DE\n');
      const refused = await runCli(['restore', notDump], { DATABASE_URL: empty.url });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('is not a pg_dump archive');

      const cut = path.join(folder, 'cut.dump');
      writeFileSync(cut, readFileSync(file).subarray(0, 2000));
      const refusedCut = await runCli(['restore', cut], { DATABASE_URL: empty.url });
      expect(refusedCut.code).toBe(1);
      expect(refusedCut.stderr).toContain('nothing was restored');
      expect(await fingerprint(empty.url)).toEqual({});

      // Cut in its data: the table of contents reads, the restore fails midway and its one transaction undoes it.
      const cutLate = path.join(folder, 'cut-late.dump');
      const whole = readFileSync(file);
      writeFileSync(cutLate, whole.subarray(0, Math.floor(whole.length * 0.9)));
      const failedLate = await runCli(['restore', cutLate], { DATABASE_URL: empty.url });
      expect(failedLate.code).toBe(1);
      expect(failedLate.stderr).toContain('the database was left as it was');
      expect(await fingerprint(empty.url)).toEqual({});
    } finally {
      await empty.drop();
    }
  });

  it('takes pg_dump from AMITY_PG_BIN only, when it is set, and names a bad one', async () => {
    const missing = await runCli(['backup', path.join(folder, 'bin.dump')], { DATABASE_URL: database.url, AMITY_PG_BIN: path.join(folder, 'no-such-folder') });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('AMITY_PG_BIN must be a folder holding pg_dump and pg_restore');
    const emptyBin = mkdtempSync(path.join(tmpdir(), 'amity-bin-'));
    try {
      const none = await runCli(['backup', path.join(folder, 'bin.dump')], { DATABASE_URL: database.url, AMITY_PG_BIN: emptyBin });
      expect(none.code).toBe(1);
      expect(none.stderr).toContain(`there is no pg_dump in AMITY_PG_BIN (${emptyBin})`);
    } finally {
      rmSync(emptyBin, { recursive: true, force: true });
    }
    expect(readdirSync(folder).filter((name) => name.includes('bin.dump'))).toEqual([]);
  });

  it('fails clearly when the backup cannot be written, leaving no file', async () => {
    const underFile = path.join(file, 'amity.dump');
    const refused = await runCli(['backup', underFile], { DATABASE_URL: database.url });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`cannot write the backup to ${file}`);
    const missingFolder = await runCli(['backup', path.join(folder, 'no-such-folder', 'amity.dump')], { DATABASE_URL: database.url });
    expect(missingFolder.code).toBe(1);
    expect(missingFolder.stderr).toContain('cannot write the backup');
    expect(readdirSync(folder).filter((name) => name.startsWith('.'))).toEqual([]);
  });
});

/** The embedded PostgreSQL is 17; a machine whose pg_dump is older must say so and write nothing. */
const oldPgDump = await findPgTool('pg_dump', 17, process.env.AMITY_PG_BIN || undefined).then(
  () => false,
  () => true,
);

describe.skipIf(!oldPgDump)('backup of the embedded PostgreSQL 17 with an older pg_dump', { timeout: 120_000 }, () => {
  it('fails naming both versions and what to install, and writes no file', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'amity-embedded-'));
    try {
      const target = path.join(folder, 'embedded.dump');
      const run = await runCli(['backup', target], { DATABASE_URL: undefined, AMITY_DATA_DIR: dataDir, AMITY_EMBEDDED_PG_PORT: String(await freePort()) });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/the database is PostgreSQL 17 and pg_dump must be version 17 or newer, but there is only pg_dump 1[0-6]/);
      expect(run.stderr).toContain('postgresql-client-17');
      expect(run.stderr).toContain('AMITY_PG_BIN');
      expect(readdirSync(folder).filter((name) => name.startsWith('embedded') || name.startsWith('.embedded'))).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
