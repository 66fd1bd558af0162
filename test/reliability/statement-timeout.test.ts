import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, codeOf, hubBackendsWaitingForLocks, lockTable, waitUntil } from '../support/faults.js';
import { startHub, type Hub } from '../support/hub.js';

/**
 * A slow query meets statement_timeout: the caller gets a clear TIMEOUT naming the limit, and
 * the pool is not starved: requests at the same time and right after work. The query is made slow by a lock the
 * test holds (lock waits count toward statement_timeout), so nothing depends on the machine's speed.
 */

const LIMIT_MS = 500;
const CITIES = '{ cities(perPage: 3, sort: [{ field: names_en }]) { total items { id } } }';
const ORGANISATIONS = '{ organisations(perPage: 3) { total } }';

let hub: Hub;
let token: string;

beforeAll(async () => {
  hub = await startHub({ env: { AMITY_STATEMENT_TIMEOUT_MS: String(LIMIT_MS), AMITY_POOL_SIZE: '2' } });
  token = await hub.login('editor');
});

afterAll(async () => {
  await hub?.stop();
});

describe('a slow query meets statement_timeout', () => {
  it('answers TIMEOUT naming the limit, writes nothing, and leaves the pool to everyone else', async () => {
    const before = await ask(hub.url, token, CITIES);
    expect(codeOf(before)).toBe('OK');
    const organisations = (await ask(hub.url, token, ORGANISATIONS)).body.data?.organisations.total as number;
    const [{ n: citiesBefore }] = (await hub.db.query<{ n: number }>('select count(*)::int as n from city')).rows;

    const lock = await lockTable(hub.databaseUrl, 'city');
    try {
      // Others read all along: the timed-out statements take the pool's two connections in turn, never for long.
      let reading = true;
      const others: string[] = [];
      const reader = (async () => {
        while (reading) {
          const answer = await ask(hub.url, token, ORGANISATIONS);
          others.push(codeOf(answer) === 'OK' && answer.body.data?.organisations.total === organisations ? 'OK' : JSON.stringify(answer.body));
        }
      })();

      const slow = [];
      for (let i = 0; i < 5; i += 1) slow.push(await ask(hub.url, token, CITIES));
      const write = await ask(hub.url, token, 'mutation { createCity(input: { names: { en: "Timeout City" }, countryCode: "NO" }) { id } }');
      // A route beside GraphQL: an import's dry run looks the cities up.
      const dryRun = await fetch(`${hub.url}/imports/cities/dry-run`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
        body: 'English name,Country\r\nTimeout Town,NO\r\n',
      });
      await waitUntil('a few reads beside the slow ones', () => others.length >= 5);
      reading = false;
      await reader;

      for (const answer of [...slow, write]) {
        expect(codeOf(answer)).toBe('TIMEOUT');
        expect(answer.body.errors![0].message).toMatch(new RegExp(`limit of ${LIMIT_MS} ms`));
        expect(answer.body.errors![0].extensions?.limitMs).toBe(LIMIT_MS);
        expect(answer.body.errors![0].message).not.toMatch(/select|insert|city"|canceling statement/i);
      }
      expect(dryRun.status).toBe(504);
      expect(((await dryRun.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('TIMEOUT');
      expect(others.filter((other) => other !== 'OK')).toEqual([]);
      // No statement of the hub is left waiting on the lock: each was cancelled.
      await waitUntil('no hub statement waiting on the lock', async () => (await hubBackendsWaitingForLocks(hub.db, hub.databaseUrl)) === 0, 10_000);
    } finally {
      await lock.release();
    }

    // Right after, everything works, on both of the pool's connections.
    const after = await Promise.all(Array.from({ length: 10 }, () => ask(hub.url, token, CITIES)));
    expect(after.map(codeOf)).toEqual(Array(10).fill('OK'));
    expect(after[0].body.data).toEqual(before.body.data);
    const [{ n: citiesAfter }] = (await hub.db.query<{ n: number }>('select count(*)::int as n from city')).rows;
    expect(citiesAfter).toBe(citiesBefore);
    const [{ n: audits }] = (await hub.db.query<{ n: number }>(`select count(*)::int as n from audit_entry where after::text like '%Timeout City%'`)).rows;
    expect(audits).toBe(0);
    expect(hub.logs.filter((line) => line.includes('unexpected error') || line.includes('unhandled error'))).toEqual([]);
    expect(hub.logs.some((line) => line.includes('database fault in a request') && line.includes('"code":"TIMEOUT"'))).toBe(true);
  }, 120_000);
});
