import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, codeOf, hubBackendsWaitingForLocks, lockTable, onServerOf, readAnswer, waitUntil, type Answer } from '../support/faults.js';
import { startHub, type Hub } from '../support/hub.js';
import { repositoryRoot } from '../support/paths.js';

/**
 * The README's error table is what the hub does: each row is read from README.md, its code provoked over HTTP —
 * through GraphQL (refused as a whole, or met while the operation ran) and through a route beside it — and the
 * status and Retry-After compared with the row. A row the test cannot provoke fails the test.
 */

interface Row {
  codes: string[];
  /** The status of a route's answer and of a GraphQL request refused as a whole, per code. */
  statuses: number[];
  retryAfter: string | undefined;
  /** The status of a GraphQL answer whose operation ran and met the code (at its root, for the database codes). */
  ranStatus: number;
  ranRetryAfter: string | undefined;
}

/** `Retry-After: 5` gives `5`, a bare `Retry-After` any number of seconds, no mention none. */
function retryAfterOf(cell: string): string | undefined {
  const match = /Retry-After(?::\s*(\d+))?/.exec(cell);
  return match ? (match[1] ?? 'any') : undefined;
}

function readTable(): Row[] {
  const readme = readFileSync(path.join(repositoryRoot, 'README.md'), 'utf8');
  const section = readme.split('\n## When the database is in trouble\n')[1].split('\n## ')[0];
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));
  return rows.map((line) => {
    const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
    return {
      codes: [...cells[0].matchAll(/`([A-Z_]+)`/g)].map((match) => match[1]),
      statuses: [...cells[1].split(',')[0].matchAll(/\d{3}/g)].map((match) => Number(match[0])),
      retryAfter: retryAfterOf(cells[1]),
      ranStatus: Number(/\d{3}/.exec(cells[2])?.[0]),
      ranRetryAfter: retryAfterOf(cells[2]),
    };
  });
}

const CITIES = '{ cities(perPage: 2, sort: [{ field: names_en }]) { total items { id } } }';
const CREATE_CITY = 'mutation ($name: String!) { createCity(input: { names: { en: $name }, countryCode: "NO" }) { id } }';
const ORIGIN = 'https://tourism.example.gov.cn';
const STATEMENT_MS = 3000;
const POOL = 3;

let hub: Hub;
let admin: string;
let viewer: string;
let widgetKey: string;
let slowKey: string;
let database: string;

/** One request to a route beside GraphQL, as `Answer` (its status, headers and `{ errors }`). */
async function route(method: string, url: string, options: { token?: string; body?: string; type?: string; origin?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  // As the admin sends them: a state-changing request carries the header that no cross-site form can (csrf-guard.ts).
  const headers: Record<string, string> = { ...(method === 'GET' ? {} : { 'x-amity-csrf': '1' }), ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.type) headers['content-type'] = options.type;
  if (options.origin) headers.origin = options.origin;
  return readAnswer(await fetch(`${hub.url}${url}`, { method, headers, body: options.body }));
}

/** GraphQL over GET (the same route as a POST). */
const askGet = (token: string, query: string) => route('GET', `/graphql?${new URLSearchParams({ query })}`, { token, headers: { 'apollo-require-preflight': 'true' } });

const dryRun = (token = admin, body = 'English name,Country\r\nTable Town,NO\r\n') => route('POST', '/imports/cities/dry-run', { token, body, type: 'text/csv' });
const widget = (operation: string, key: string, variables: Record<string, unknown> = {}) =>
  route('GET', `/widgets/api/${operation}?${new URLSearchParams({ key, variables: JSON.stringify(variables) })}`, { origin: ORIGIN });

/** Runs one statement from the server's `postgres` database (the hub's own may be read-only by then). */
const onServer = (sql: string, params: unknown[] = []) => onServerOf(hub.databaseUrl, sql, params);

const recycleHubConnections = () => onServer(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and application_name = 'amity'`, [database]);

/** Until the hub reads again after its connections were cut. */
const readsAgain = () => waitUntil('the hub to read again', async () => codeOf(await ask(hub.url, admin, CITIES)) === 'OK', 30_000, 200);

/** `count` requests sent while the city table is locked, each holding a connection until the lock goes. */
async function whileCitiesLocked<T>(count: number, work: (waiting: Array<Promise<Answer>>) => Promise<T>): Promise<T> {
  const lock = await lockTable(hub.databaseUrl, 'city');
  try {
    // One after another, each once the one before waits on the lock: sent at once, a request's sign-in check could
    // find the small pool (no queue) taken by the others' reads and be refused BUSY before its own read waited.
    const waiting: Array<Promise<Answer>> = [];
    for (let index = 1; index <= count; index += 1) {
      waiting.push(ask(hub.url, admin, CITIES));
      await waitUntil(`${index} requests waiting on the lock`, async () => (await hubBackendsWaitingForLocks(hub.db, hub.databaseUrl)) >= index, 20_000, 20);
    }
    const result = await work(waiting);
    await lock.release();
    await Promise.all(waiting);
    return result;
  } catch (error) {
    await lock.release().catch(() => undefined);
    throw error;
  }
}

/** Sends `request` while the city table is locked, and cuts the hub's connection once it waits on the lock. */
async function cutWhileWaiting(request: () => Promise<Answer>): Promise<Answer> {
  const lock = await lockTable(hub.databaseUrl, 'city');
  try {
    const answer = request();
    await waitUntil('the request waiting on the lock', async () => (await hubBackendsWaitingForLocks(hub.db, hub.databaseUrl)) > 0, 20_000, 20);
    await onServer(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and application_name = 'amity' and wait_event_type = 'Lock'`, [database]);
    return await answer;
  } finally {
    await lock.release();
  }
}

/** What provokes each code: a GraphQL request refused as a whole, one whose operation runs into it, and a route. */
interface Provocation {
  refused?: () => Promise<Answer>;
  ran?: () => Promise<Answer>;
  route: () => Promise<Answer>;
}

const provocations: Record<string, Provocation> = {
  BAD_USER_INPUT: {
    refused: () => ask(hub.url, admin, '{ cities(perPage: 2) { total '),
    ran: () => ask(hub.url, admin, CREATE_CITY, { name: ' ' }),
    route: () => route('GET', '/reports/annual/2011.csv?compareTo=last-year', { token: admin }),
  },
  UNAUTHENTICATED: {
    refused: async () => {
      expectAnswer(await askGet('', CITIES), 'UNAUTHENTICATED', 401, undefined, 'UNAUTHENTICATED over GET');
      return ask(hub.url, '', CITIES);
    },
    route: () => dryRun(''),
  },
  FORBIDDEN: {
    ran: () => ask(hub.url, viewer, CREATE_CITY, { name: 'Forbidden Town' }),
    route: () => dryRun(viewer),
  },
  NOT_FOUND: {
    ran: () => ask(hub.url, admin, 'mutation { deleteCity(id: "00000000-0000-4000-8000-000000000000", expectedVersion: 1) { id } }'),
    route: () => route('GET', '/imports/batches/00000000-0000-4000-8000-000000000000', { token: admin }),
  },
  CONFLICT: {
    ran: async () => {
      const { rows } = await hub.db.query<{ id: string; version: number }>(`select c.id, c.version from city c where exists (select 1 from organisation o where o.city_id = c.id) limit 1`);
      const answer = await ask(hub.url, admin, 'mutation ($id: ID!, $v: Int!) { deleteCity(id: $id, expectedVersion: $v) { id } }', { id: rows[0].id, v: rows[0].version });
      // Deleting a record others depend on names them.
      expect(answer.body.errors?.[0].extensions?.dependents).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'Organisation', count: expect.any(Number) })]));
      return answer;
    },
    route: async () => {
      const committed = await route('POST', '/imports/cities/commit', { token: admin, body: 'English name,Country\r\nUndone Twice,NO\r\n', type: 'text/csv' });
      const batch = (committed.body as { batch?: { id: string } }).batch?.id;
      expect((await route('POST', `/imports/batches/${batch}/undo`, { token: admin })).status).toBe(200);
      return route('POST', `/imports/batches/${batch}/undo`, { token: admin });
    },
  },
  QUERY_TOO_COMPLEX: {
    refused: () => ask(hub.url, admin, `{ ${Array.from({ length: 40 }, (_, index) => `a${index}: cities(perPage: 1) { total }`).join(' ')} }`),
    // The hub's records budget is small (AMITY_MAX_RECORDS): the ties of the city with most organisations are more.
    route: async () => {
      const { rows } = await hub.db.query<{ id: string }>('select city_id as id from organisation group by city_id order by count(*) desc limit 1');
      return widget('NodeCard', widgetKey, { id: rows[0].id });
    },
  },
  RATE_LIMITED: {
    // Guesses side by side on one account: past the few that may wait their turn, one more is refused at once.
    ran: async () => {
      const guesses = await Promise.all(
        Array.from({ length: 8 }, () => ask(hub.url, '', 'mutation { login(username: "nobody-guessed", password: "not-the-password") { token } }')),
      );
      const limited = guesses.find((answer) => codeOf(answer) === 'RATE_LIMITED');
      expect(limited, JSON.stringify(guesses.map(codeOf))).toBeDefined();
      return limited!;
    },
    route: async () => {
      for (let i = 0; i < 3; i += 1) await widget('SisterCities', slowKey);
      return widget('SisterCities', slowKey);
    },
  },
  DATABASE_UNAVAILABLE: {
    ran: async () => {
      const answer = await cutWhileWaiting(() => ask(hub.url, admin, CITIES));
      await readsAgain();
      return answer;
    },
    route: async () => {
      const answer = await cutWhileWaiting(() => dryRun());
      await readsAgain();
      return answer;
    },
  },
  TIMEOUT: {
    ran: async () => {
      // Both GraphQL paths answer alike: Express's (GET) here, the hub's own (POST) below.
      expectAnswer(await whileCitiesLocked(0, () => askGet(admin, CITIES)), 'TIMEOUT', 504, undefined, 'TIMEOUT met over GET');
      return whileCitiesLocked(0, () => ask(hub.url, admin, CITIES));
    },
    route: () => whileCitiesLocked(0, () => dryRun()),
  },
  BUSY: {
    // Every connection waits on the lock and none may be waited for (AMITY_POOL_MAX_WAITING=0): refused at once.
    refused: () => whileCitiesLocked(POOL, () => ask(hub.url, admin, CITIES)),
    route: () => whileCitiesLocked(POOL, () => dryRun()),
  },
  READ_ONLY: {
    ran: async () => {
      await onServer(`alter database "${database}" set default_transaction_read_only = on`);
      await recycleHubConnections();
      try {
        await readsAgain();
        return await ask(hub.url, admin, CREATE_CITY, { name: 'Read-only Town' });
      } finally {
        await onServer(`alter database "${database}" reset default_transaction_read_only`);
        await recycleHubConnections();
        await readsAgain();
      }
    },
    route: async () => {
      await onServer(`alter database "${database}" set default_transaction_read_only = on`);
      await recycleHubConnections();
      try {
        await readsAgain();
        return await route('POST', '/imports/cities/commit', { token: admin, body: 'English name,Country\r\nRead-only Town,NO\r\n', type: 'text/csv' });
      } finally {
        await onServer(`alter database "${database}" reset default_transaction_read_only`);
        await recycleHubConnections();
        await readsAgain();
      }
    },
  },
  INTERNAL: {
    // A database whose schema the hub does not expect (a column renamed behind its back) is no fault it knows.
    ran: () => withRenamedColumn(() => ask(hub.url, admin, '{ cities(perPage: 1) { items { names { en } } } }')),
    route: () => withRenamedColumn(() => dryRun()),
  },
};

async function withRenamedColumn(work: () => Promise<Answer>): Promise<Answer> {
  await hub.db.query('alter table city rename column name_en to name_en_renamed');
  try {
    return await work();
  } finally {
    await hub.db.query('alter table city rename column name_en_renamed to name_en');
  }
}

/** The answer has the code and the status the table gives, and Retry-After as the table says. */
function expectAnswer(answer: Answer, code: string, status: number, retryAfter: string | undefined, what: string): void {
  const codes = answer.body.errors?.map((error) => error.extensions?.code);
  expect(codes, `${what}: ${JSON.stringify(answer.body).slice(0, 400)}`).toContain(code);
  expect(answer.status, `${what}: ${JSON.stringify(answer.body).slice(0, 400)}`).toBe(status);
  const header = answer.headers.get('retry-after');
  if (retryAfter === undefined) expect(header, `${what}: Retry-After`).toBeNull();
  else if (retryAfter === 'any') expect(header, `${what}: Retry-After`).toMatch(/^\d+$/);
  else expect(header, `${what}: Retry-After`).toBe(retryAfter);
}

const table = readTable();

beforeAll(async () => {
  hub = await startHub({
    env: {
      AMITY_STATEMENT_TIMEOUT_MS: String(STATEMENT_MS),
      AMITY_POOL_SIZE: String(POOL),
      AMITY_POOL_MAX_WAITING: '0',
      AMITY_MAX_RECORDS: '100',
      AMITY_MAX_ALIASES: '15',
    },
  });
  database = new URL(hub.databaseUrl).pathname.slice(1);
  admin = await hub.login('admin');
  viewer = await hub.login('viewer');
  const newKey = async (rate: number) => {
    const answer = await ask(hub.url, admin, 'mutation ($input: WidgetKeyInput!) { createWidgetKey(input: $input) { key } }', {
      input: { name: `error table ${rate}`, office: 'Tourism Bureau', allowedOrigins: [ORIGIN], rateLimitPerMinute: rate },
    });
    return answer.body.data?.createWidgetKey.key as string;
  };
  widgetKey = await newKey(10_000);
  slowKey = await newKey(3);
}, 120_000);

afterAll(async () => {
  await hub?.stop();
});

describe("the README's error table", () => {
  it('is read from README.md: every code of the API has its row', () => {
    expect(table.flatMap((row) => row.codes).sort()).toEqual(Object.keys(provocations).sort());
  });

  for (const row of table) {
    for (const [index, code] of row.codes.entries()) {
      const status = row.statuses[index] ?? row.statuses[0];
      it(`${code}: ${status} (GraphQL once running: ${row.ranStatus})`, async () => {
        const provocation = provocations[code];
        expect(provocation, `no provocation for ${code}`).toBeDefined();
        expect(provocation.refused ?? provocation.ran, `${code} is not provoked through GraphQL`).toBeDefined();
        if (provocation.refused) expectAnswer(await provocation.refused(), code, status, row.retryAfter, `${code} refused by GraphQL`);
        if (provocation.ran) expectAnswer(await provocation.ran(), code, row.ranStatus, row.ranStatus === 200 ? undefined : row.ranRetryAfter, `${code} met by a running operation`);
        expectAnswer(await provocation.route(), code, status, row.retryAfter, `${code} from a route`);
      }, 90_000);
    }
  }
});
