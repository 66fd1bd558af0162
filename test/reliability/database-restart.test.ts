import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, codeOf, readiness, waitUntil, type Answer } from '../support/faults.js';
import { startHub, type Hub } from '../support/hub.js';
import { startOwnPostgres, type OwnPostgres } from '../support/own-postgres.js';

/**
 * PostgreSQL restarted under a steady stream of reads: during the outage every request fails
 * fast with a clear error, /readyz turns unready, and the hub recovers by itself when the database is back.
 */

const ACQUIRE_MS = 2000;
const CONNECT_MS = 2000;
/**
 * The longest a request may take while the database is away: a credential check and a query may each wait the
 * acquire timeout, plus a connection attempt, plus a generous margin for a busy machine. A bound, not a timing:
 * a request past it hangs.
 */
const BOUND_MS = 2 * ACQUIRE_MS + CONNECT_MS + 5000;
const STATEMENT_MS = 2000;
/** A frozen server answers nothing: a statement is given up at statement_timeout + 5 s, plus the bound above. */
const FROZEN_BOUND_MS = STATEMENT_MS + 5000 + BOUND_MS;
const READ = '{ countries(filter: { code: ["NO"] }) { total items { names { en } } } }';

let postgres: OwnPostgres;
let hub: Hub;
let token: string;

beforeAll(async () => {
  postgres = await startOwnPostgres();
  hub = await startHub({
    databaseUrl: postgres.url,
    env: { AMITY_POOL_SIZE: '4', AMITY_POOL_ACQUIRE_TIMEOUT_MS: String(ACQUIRE_MS), AMITY_DB_CONNECT_TIMEOUT_MS: String(CONNECT_MS), AMITY_READY_TIMEOUT_MS: '1000', AMITY_STATEMENT_TIMEOUT_MS: String(STATEMENT_MS) },
  });
  token = await hub.login('viewer');
}, 180_000);

afterAll(async () => {
  await hub?.stop();
  await postgres?.remove();
});

interface Sent {
  sentAt: number;
  answer: Answer;
  ms: number;
}

/** Readers asking one after another until stopped, each answer kept with when it was asked. */
function readers(count: number, boundMs = BOUND_MS) {
  const answers: Sent[] = [];
  let running = true;
  const loops = Array.from({ length: count }, async () => {
    while (running) {
      const sentAt = Date.now();
      const answer = await ask(hub.url, token, READ, {}, boundMs);
      answers.push({ sentAt, answer, ms: Date.now() - sentAt });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  return {
    answers,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

const ok = (answer: Answer) => codeOf(answer) === 'OK' && answer.body.data?.countries.items[0]?.names.en === 'Norway';

describe('PostgreSQL restarted while the hub is under load', () => {
  it('fails fast with DATABASE_UNAVAILABLE during the outage, turns unready, and recovers by itself', async () => {
    const stream = readers(3);
    await waitUntil('the first answers', () => stream.answers.filter((sent) => ok(sent.answer)).length >= 6);
    expect(stream.answers.every((sent) => ok(sent.answer))).toBe(true);
    expect(await readiness(hub.url)).toBe(200);

    await postgres.stop();
    const stoppedAt = Date.now();
    // Every request asked after the stop gets an answer (none hangs past the bound) and it is the clear error.
    await waitUntil('answers during the outage', () => stream.answers.filter((sent) => sent.sentAt > stoppedAt).length >= 15, 60_000);
    await waitUntil('/readyz unready', async () => (await readiness(hub.url, BOUND_MS)) === 503, 30_000);
    const write = await ask(hub.url, token, 'mutation { createCity(input: { names: { en: "Outage" }, countryCode: "NO" }) { id } }', {}, BOUND_MS);
    const duringOutage = stream.answers.filter((sent) => sent.sentAt > stoppedAt).map((sent) => sent.answer);
    const codes = new Set(duringOutage.map(codeOf));
    expect([...codes].filter((code) => code !== 'DATABASE_UNAVAILABLE' && code !== 'BUSY')).toEqual([]);
    expect(codes.has('DATABASE_UNAVAILABLE')).toBe(true);
    const example = duringOutage.find((answer) => codeOf(answer) === 'DATABASE_UNAVAILABLE')!;
    expect(example.body.errors![0].message).toMatch(/database cannot be reached right now.*try again/i);
    expect(JSON.stringify(duringOutage)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|select |amity-test-only/i);
    // The viewer may not write anyway; whichever comes first, the answer is prompt and clear.
    expect(['DATABASE_UNAVAILABLE', 'FORBIDDEN']).toContain(codeOf(write));
    // The routes beside GraphQL answer 503 with Retry-After when they need the database.
    const report = await fetch(`${hub.url}/reports/annual/2011.csv`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(BOUND_MS) });
    expect(report.status).toBe(503);
    expect(report.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await report.json()) as Answer['body']).errors?.[0].extensions?.code).toBe('DATABASE_UNAVAILABLE');

    await postgres.start();
    const startedAt = Date.now();
    // Back within seconds of the database's return, without a restart of the hub.
    await waitUntil('answers after the return', () => stream.answers.some((sent) => sent.sentAt > startedAt && ok(sent.answer)), 20_000);
    await waitUntil('/readyz ready', async () => (await readiness(hub.url, BOUND_MS)) === 200, 20_000);
    await stream.stop();
    // Once back, every request works: no broken connection was kept in the pool.
    for (let i = 0; i < 12; i += 1) expect(ok(await ask(hub.url, token, READ, {}, BOUND_MS))).toBe(true);
    expect(hub.process.exitCode).toBeNull();
    expect(stream.answers.filter((sent) => codeOf(sent.answer) === 'HUNG')).toEqual([]);
    expect(hub.logs.filter((line) => line.includes('unexpected error') || line.includes('"level":60'))).toEqual([]);
  }, 180_000);

  it('gives up on a frozen database (no answer, no closed connection) within a bound, and recovers when it runs again', async () => {
    const stream = readers(3, FROZEN_BOUND_MS);
    await waitUntil('the first answers', () => stream.answers.filter((sent) => ok(sent.answer)).length >= 6);

    await postgres.freeze();
    const frozenAt = Date.now();
    let thawed = false;
    try {
      await waitUntil('/readyz unready', async () => (await readiness(hub.url, FROZEN_BOUND_MS)) === 503, 30_000);
      await waitUntil('answers while frozen', () => stream.answers.filter((sent) => sent.sentAt > frozenAt).length >= 6, 90_000);
      const duringFreeze = stream.answers.filter((sent) => sent.sentAt > frozenAt).map((sent) => sent.answer);
      expect(duringFreeze.map(codeOf).filter((code) => code !== 'DATABASE_UNAVAILABLE' && code !== 'BUSY')).toEqual([]);
      await postgres.thaw();
      thawed = true;
    } finally {
      if (!thawed) await postgres.thaw();
    }
    const thawedAt = Date.now();
    await waitUntil('answers after the thaw', () => stream.answers.some((sent) => sent.sentAt > thawedAt && ok(sent.answer)), 30_000);
    await waitUntil('/readyz ready', async () => (await readiness(hub.url, FROZEN_BOUND_MS)) === 200, 20_000);
    await stream.stop();
    for (let i = 0; i < 12; i += 1) expect(ok(await ask(hub.url, token, READ, {}, BOUND_MS))).toBe(true);
    expect(stream.answers.filter((sent) => codeOf(sent.answer) === 'HUNG')).toEqual([]);
    expect(hub.logs.filter((line) => line.includes('unexpected error') || line.includes('"level":60'))).toEqual([]);
  }, 180_000);
});
