import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/databases.js';
import { serverMain } from '../support/paths.js';
import { startProcess, type Started } from '../support/process.js';

/**
 * Hubs started together on a new database (a deployment of several servers, a rolling start): each makes the first
 * admin, or loads the demo data and its accounts, when it finds them missing. All of them start, and what they make
 * is made once.
 */

const ROUNDS = 10;
const HUBS = 3;
const ADMIN = { username: 'first-admin', password: 'a long admin password 7!' };

async function startTogether(databaseUrl: string, demo: boolean): Promise<Started[]> {
  const env = { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', AMITY_ADMIN_USERNAME: ADMIN.username, AMITY_ADMIN_PASSWORD: ADMIN.password };
  return Array.from({ length: HUBS }, () => startProcess(demo ? [serverMain, '--demo'] : [serverMain], env));
}

async function stopAll(hubs: Started[]): Promise<void> {
  for (const hub of hubs) if (hub.child.exitCode === null) hub.child.kill('SIGTERM');
  await Promise.all(hubs.map((hub) => hub.exited));
}

describe('hubs started together on a new database', () => {
  it(`all start, ${ROUNDS} times over, and make the first admin and the demo data once`, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      // Every other round with --demo: its accounts (an ADMIN among them) come with the data, and the first admin
      // of the environment is then not made.
      const demo = round % 2 === 1;
      // The migrated schema without any account: new as far as what hubs make at start is concerned, without each
      // round paying for the migrations (which take their own lock).
      const database = await createTestDatabase('empty');
      const db = new pg.Client({ connectionString: database.url });
      await db.connect();
      await db.query('truncate app_user cascade');
      // Without the test-only check that every version change has its audit entry (support/version-audit.ts): the
      // demo load trips it on any new database (api/demo-data.test.ts shows it), and this test is about hubs
      // starting together.
      await db.query('drop schema if exists test_checks cascade');
      const hubs = await startTogether(database.url, demo);
      try {
        const started = await Promise.allSettled(hubs.map((hub) => hub.waitFor('Amity is listening', 120_000)));
        const logs = hubs.map((hub) => hub.lines.join('\n'));
        for (const log of logs) expect(log, 'no log line shows a password hash').not.toContain('$argon2');
        expect(started.map((outcome) => outcome.status), `round ${round}:\n${logs.join('\n---\n')}`).toEqual(Array(HUBS).fill('fulfilled'));

        const admins = await db.query<{ username: string }>(`select username from app_user where role = 'ADMIN' order by username`);
        expect(admins.rows.map((row) => row.username)).toEqual([demo ? 'admin' : ADMIN.username]);
        if (demo) {
          const accounts = await db.query<{ username: string; count: string }>('select username, count(*) from app_user group by username order by username');
          expect(accounts.rows).toEqual(['admin', 'analyst', 'editor', 'viewer'].map((username) => ({ username, count: '1' })));
          // The data set once and whole: as many records as one hub alone loads, each id once.
          const loaded = logs.flatMap((log) => log.split('\n')).filter((line) => line.includes('"demo data loaded"'));
          const already = logs.flatMap((log) => log.split('\n')).filter((line) => line.includes('"demo data already loaded"'));
          expect([loaded.length, already.length]).toEqual([1, HUBS - 1]);
          const { records, added } = JSON.parse(loaded[0]) as { records: number; added: number };
          expect(added).toBe(records);
          const cities = await db.query<{ all: string; distinct: string }>('select count(*) as all, count(distinct id) as distinct from city');
          expect(Number(cities.rows[0].all)).toBeGreaterThan(0);
          expect(cities.rows[0].all).toBe(cities.rows[0].distinct);
        }
      } finally {
        await db.end().catch(() => undefined);
        await stopAll(hubs);
        await database.drop();
      }
      for (const hub of hubs) expect(await hub.exited).toBe(0);
    }
  }, 900_000);
});
