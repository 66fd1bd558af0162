import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, codeOf, hubBackendsWaitingForLocks, lockTable, readiness, waitUntil, type Answer } from '../support/faults.js';
import { startHub, type Hub } from '../support/hub.js';

/**
 * A burst beyond the pool: with two connections held by statements waiting on a lock the test
 * holds, a burst of requests queues up to AMITY_POOL_MAX_WAITING and the rest is shed at once with BUSY; queued
 * requests either get a connection once the lock goes or give up at the acquire timeout with BUSY. Nothing hangs
 * or deadlocks, and afterwards every request works.
 */

const POOL = 2;
const WAITING = 6;
const ACQUIRE_MS = 4000;
const BURST = 30;
const CITIES = '{ cities(perPage: 2) { total items { id } } }';

let hub: Hub;
let token: string;
let total: number;

beforeAll(async () => {
  hub = await startHub({
    env: { AMITY_POOL_SIZE: String(POOL), AMITY_POOL_MAX_WAITING: String(WAITING), AMITY_POOL_ACQUIRE_TIMEOUT_MS: String(ACQUIRE_MS), AMITY_STATEMENT_TIMEOUT_MS: '120000' },
  });
  token = await hub.login('viewer');
  total = (await ask(hub.url, token, CITIES)).body.data?.cities.total as number;
});

afterAll(async () => {
  await hub?.stop();
});

const isOk = (answer: Answer) => codeOf(answer) === 'OK' && answer.body.data?.cities.total === total;
const message = (answer: Answer) => answer.body.errors?.[0]?.message ?? '';

/** Sends the burst; each answer is kept as it comes. */
function burst(): { answers: Answer[]; all: Promise<Answer[]> } {
  const answers: Answer[] = [];
  const all = Promise.all(
    Array.from({ length: BURST }, async () => {
      const answer = await ask(hub.url, token, CITIES, {}, 90_000);
      answers.push(answer);
      return answer;
    }),
  );
  return { answers, all };
}

describe('a burst beyond the pool', () => {
  it('sheds what the queue cannot hold at once, times out the queue with BUSY while the lock stays, then works', async () => {
    const lock = await lockTable(hub.databaseUrl, 'city');
    let released = false;
    try {
      const { answers, all } = burst();
      // Queued requests give up at the acquire timeout: wait for that, the lock still held.
      await waitUntil('a queued request to give up', () => answers.some((answer) => /became free within/.test(message(answer))));
      await waitUntil('the hub waiting on the lock', async () => (await hubBackendsWaitingForLocks(hub.db, hub.databaseUrl)) > 0);
      // A hub with every connection busy is still ready: /readyz asks on a connection of its own.
      expect(await readiness(hub.url)).toBe(200);
      await lock.release();
      released = true;
      const final = await all;
      expect(final.filter((answer) => !isOk(answer) && codeOf(answer) !== 'BUSY')).toEqual([]);
      const busy = final.filter((answer) => codeOf(answer) === 'BUSY');
      expect(busy.some((answer) => message(answer).includes(`${WAITING} requests already wait`))).toBe(true);
      expect(busy.some((answer) => message(answer).includes(`within ${ACQUIRE_MS} ms`))).toBe(true);
      // The statements that held the connections finished once the lock went.
      expect(final.some(isOk)).toBe(true);
      for (const answer of busy.filter((one) => one.status !== 200)) {
        // Shed before GraphQL ran (the credential check needed a connection): 503 with Retry-After.
        expect(answer.status).toBe(503);
        expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
      }
    } finally {
      if (!released) await lock.release();
    }
  }, 120_000);

  it('lets queued requests through once connections free up, shedding only what exceeds the queue', async () => {
    const lock = await lockTable(hub.databaseUrl, 'city');
    let released = false;
    try {
      const { answers, all } = burst();
      await waitUntil('the queue to overflow', () => answers.some((answer) => codeOf(answer) === 'BUSY'));
      await waitUntil('the hub waiting on the lock', async () => (await hubBackendsWaitingForLocks(hub.db, hub.databaseUrl)) > 0);
      await lock.release();
      released = true;
      const final = await all;
      expect(final.filter((answer) => !isOk(answer) && codeOf(answer) !== 'BUSY')).toEqual([]);
      const ok = final.filter(isOk).length;
      // More answers than the pool has connections: some of them waited in the queue and then got through.
      expect(ok).toBeGreaterThan(POOL);
    } finally {
      if (!released) await lock.release();
    }
  }, 120_000);

  it('works normally afterwards: nothing left waiting or holding a connection', async () => {
    for (let i = 0; i < 10; i += 1) expect(isOk(await ask(hub.url, token, CITIES))).toBe(true);
    const together = await Promise.all(Array.from({ length: WAITING }, () => ask(hub.url, token, CITIES)));
    expect(together.every(isOk)).toBe(true);
    expect(await readiness(hub.url)).toBe(200);
    expect(hub.logs.filter((line) => line.includes('unexpected error') || line.includes('unhandled error'))).toEqual([]);
  });
});
