import pg from 'pg';

/** One answer of the hub over HTTP, whatever its status: GraphQL's `{ data, errors }` or a route's `{ errors }`. */
export interface Answer {
  status: number;
  headers: Headers;
  body: { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
}

/** The error code of an answer, `OK` when it has none. */
export function codeOf(answer: Answer): string {
  return answer.body.errors?.[0]?.extensions?.code ?? 'OK';
}

/**
 * Sends one GraphQL operation and gives up after `boundMs`: a hub that has not answered by then hangs, and the
 * answer says so (status 0, code HUNG) instead of the test waiting for it.
 */
/** An HTTP answer as a test reads it: its status, headers and JSON body (a body that is not JSON as one error). */
export async function readAnswer(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: Answer['body'];
  try {
    body = JSON.parse(text) as Answer['body'];
  } catch {
    body = { errors: [{ message: text, extensions: { code: `HTTP_${response.status}` } }] };
  }
  return { status: response.status, headers: response.headers, body };
}

/** Runs one statement from the `postgres` database of the server that holds `databaseUrl` (which may be read-only then). */
export async function onServerOf(databaseUrl: string, sql: string, params: unknown[] = []): Promise<void> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

export async function ask(url: string, token: string, query: string, variables: Record<string, unknown> = {}, boundMs = 30_000): Promise<Answer> {
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(boundMs),
    });
    return await readAnswer(response);
  } catch (error) {
    const hung = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return { status: 0, headers: new Headers(), body: { errors: [{ message: String(error), extensions: { code: hung ? 'HUNG' : 'NO_ANSWER' } }] } };
  }
}

/** /readyz's status, bounded like `ask`. */
export async function readiness(url: string, boundMs = 30_000): Promise<number> {
  try {
    return (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(boundMs) })).status;
  } catch {
    return 0;
  }
}

/** Waits until `check` holds, asking every `everyMs`; fails with `what` after `withinMs`. */
export async function waitUntil(what: string, check: () => Promise<boolean> | boolean, withinMs = 60_000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`waited ${withinMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** A table locked by a transaction of the test's own until `release`: whoever touches it waits (lock waits count toward statement_timeout). */
export async function lockTable(databaseUrl: string, table: string): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'amity-test-lock' });
  await client.connect();
  await client.query('begin');
  await client.query(`lock table "${table}" in access exclusive mode`);
  return {
    async release() {
      await client.query('commit');
      await client.end();
    },
  };
}

/** How many of the hub's connections wait for a lock right now. */
export async function hubBackendsWaitingForLocks(db: pg.Pool, databaseUrl: string): Promise<number> {
  const database = new URL(databaseUrl).pathname.slice(1);
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity where datname = $1 and application_name = 'amity' and wait_event_type = 'Lock'`,
    [database],
  );
  return rows[0].n;
}
