import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type pg from 'pg';
import { HttpConnection, requestBytes } from './http-connection.js';
import type { ApiRequest, BenchQuery, Statement } from './queries.js';

/** Throughput and latency of one measurement. */
export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  /** Requests that failed (HTTP status not 2xx/304, socket errors, GraphQL errors in the checked request). */
  errors: number;
}

/**
 * Sends one request and returns the SQL statements the hub reports for it (`extensions.sqlStatements` of a
 * GraphQL answer, the X-Amity-Sql-Statements header of a widget answer); fails on any error in the answer.
 */
export async function statementsOf(baseUrl: string, request: ApiRequest): Promise<number> {
  const response = await fetch(`${baseUrl}${request.path}`, { method: request.method, headers: request.headers, body: request.body });
  const text = await response.text();
  const answer = JSON.parse(text) as { errors?: unknown[]; extensions?: { sqlStatements?: number } };
  if (!response.ok || answer.errors?.length) throw new Error(`${request.method} ${request.path.slice(0, 60)} failed (${response.status}): ${text.slice(0, 500)}`);
  const header = response.headers.get('x-amity-sql-statements');
  const count = header !== null ? Number(header) : answer.extensions?.sqlStatements;
  if (typeof count !== 'number' || Number.isNaN(count)) throw new Error(`no SQL statement count in the answer to ${request.path.slice(0, 60)}`);
  return count;
}

/**
 * The SQL statements of one request of a query, in the steady state: a first request warms what the hub keeps
 * (a widget key, a cached answer), then the next one is counted. A cached query (`Q7hit`) repeats the first
 * request; every other query asks the next one (for a widget, new parameters: a cache miss).
 */
export async function statementsPerRequest(baseUrl: string, query: BenchQuery): Promise<number> {
  await statementsOf(baseUrl, query.request(0));
  return statementsOf(baseUrl, query.request(query.id === 'Q7hit' ? 0 : 1));
}

/**
 * HTTP at one connection: one keep-alive connection (HttpConnection) sending the n-th request (from `first`) back to
 * back for `seconds`, each timed to the microsecond. (autocannon reports whole milliseconds, too coarse beside
 * floors under one millisecond.) An answer with another status than 200, or with GraphQL errors, counts as an error.
 */
async function httpAlone(baseUrl: string, request: (n: number) => ApiRequest, seconds: number, first: number): Promise<Sample> {
  const url = new URL(baseUrl);
  const connection = new HttpConnection(url);
  try {
    let n = first;
    return await timedLoop(
      1,
      seconds,
      () => requestBytes(url, request(n++)),
      async (_, bytes) => {
        const answer = await connection.send(bytes);
        if (answer.status !== 200 || answer.body.toString('utf8', 0, 16).startsWith('{"errors"')) throw new Error('failed');
      },
    );
  } finally {
    connection.close();
  }
}

/**
 * The API: at one connection timed by httpAlone; under load, `connections` clients sending the query's requests
 * back to back for `seconds` (autocannon).
 */
export async function measureApi(baseUrl: string, query: BenchQuery, connections: number, seconds: number, first = 0): Promise<Figures> {
  if (connections === 1) return figuresOf(await httpAlone(baseUrl, query.request, seconds, first));
  let n = first;
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    requests: [{ setupRequest: (request) => ({ ...request, ...query.request(n++) }) }],
  });
  // No answer within the measurement: its latency is unknown (longer than the measurement), not 0.
  const answered = result.requests.total > 0;
  return {
    rps: result.requests.average,
    p50: answered ? result.latency.p50 : Number.POSITIVE_INFINITY,
    p99: answered ? result.latency.p99 : Number.POSITIVE_INFINITY,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

/** Requests timed one by one: each one's latency in ms (failed ones included), how many failed, and the time taken. */
interface Sample {
  latencies: number[];
  errors: number;
  seconds: number;
}

const emptySample = (): Sample => ({ latencies: [], errors: 0, seconds: 0 });

/** Adds a sample's requests to another's (`into`): their latencies pooled, as if measured in one go. */
function addTo(into: Sample, more: Sample): void {
  for (const latency of more.latencies) into.latencies.push(latency);
  into.errors += more.errors;
  into.seconds += more.seconds;
}

function figuresOf(sample: Sample): Figures {
  const latencies = [...sample.latencies].sort((a, b) => a - b);
  const answered = latencies.length - sample.errors > 0;
  return {
    rps: (latencies.length - sample.errors) / sample.seconds,
    p50: answered ? percentile(latencies, 0.5) : Number.POSITIVE_INFINITY,
    p99: answered ? percentile(latencies, 0.99) : Number.POSITIVE_INFINITY,
    errors: sample.errors,
  };
}

/**
 * `workers` loops running `step` back to back for `seconds`, each step timed; a step that throws is an error. What a
 * step sends (a request, a statement's parameters) is made by `prepare` before its timing starts: making fifty ids
 * took 0.08 ms, a sixth of Q2's floor, and is no part of the API's work or the floor's.
 */
async function timedLoop<T>(workers: number, seconds: number, prepare: (worker: number) => T, step: (worker: number, prepared: T) => Promise<void>): Promise<Sample> {
  const sample = emptySample();
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (performance.now() < until) {
        const prepared = prepare(worker);
        const begun = performance.now();
        try {
          await step(worker, prepared);
        } catch {
          sample.errors += 1;
        }
        sample.latencies.push(performance.now() - begun);
      }
    }),
  );
  sample.seconds = (performance.now() - started) / 1000;
  return sample;
}

/** `connections` workers running the query's plain SQL back to back for `seconds`, the n-th call from `first`. */
async function floorLoop(pool: pg.Pool, floor: NonNullable<BenchQuery['floor']>, connections: number, seconds: number, first: number): Promise<Sample> {
  const clients = await Promise.all(Array.from({ length: connections }, () => pool.connect()));
  try {
    let n = first;
    return await timedLoop(
      connections,
      seconds,
      () => floor(n++),
      async (worker, statements) => {
        for (const statement of statements) await clients[worker].query(statement.text, statement.values);
      },
    );
  } finally {
    for (const client of clients) client.release();
  }
}

/**
 * The floor: `connections` workers running the query's plain SQL back to back for `seconds`, the n-th call from
 * `first`. Give it the `first` of the API measurement it stands beside: the floor then does the work of the same
 * requests (an uncached widget's dates from 2010 count three times the events of dates from 2021).
 */
export async function measureFloor(pool: pg.Pool, query: BenchQuery, connections: number, seconds: number, first = 0): Promise<Figures | null> {
  return query.floor ? figuresOf(await floorLoop(pool, query.floor, connections, seconds, first)) : null;
}

/** The HTTP floor (http-floor.ts) running a floor's statements at one connection for `seconds`, the n-th call from `first`. */
function httpFloorLoop(httpFloorUrl: string, floor: NonNullable<BenchQuery['floor']>, seconds: number, first: number): Promise<Sample> {
  return httpAlone(httpFloorUrl, (n) => httpFloorRequest(floor(n)), seconds, first);
}

/** The HTTP floor at one connection for `seconds` (see httpFloorLoop). */
export async function measureHttpFloor(httpFloorUrl: string, query: BenchQuery, seconds: number, first = 0): Promise<Figures | null> {
  return query.floor ? figuresOf(await httpFloorLoop(httpFloorUrl, query.floor, seconds, first)) : null;
}

/** Requests one turn of measureInTurns may send at most: each turn asks requests of its own (new widget parameters). */
const TURN_REQUESTS = 20_000;

/** The request that has the HTTP floor (http-floor-server.mjs) run a floor's statements. */
const httpFloorRequest = (statements: Statement[]): ApiRequest => ({
  method: 'POST',
  path: '/',
  body: JSON.stringify({ statements }),
  headers: { 'content-type': 'application/json' },
});

/**
 * The API, its floor and the HTTP floor at one connection, measured in turns: `turns` slices of `seconds / turns`
 * each, the three sides one after the other, and each side's latencies pooled. On a shared machine a slow moment
 * then falls on every side alike, and their ratios measure the hub rather than the moment (measured one after the
 * other, a slow minute once made Q4 3.9× its floor and the next run 2.3×). The n-th request of each side counts
 * from `first`, so that all do the work of the same requests.
 */
export async function measureInTurns(
  baseUrl: string,
  pool: pg.Pool,
  query: BenchQuery,
  seconds: number,
  turns: number,
  first: number,
  httpFloorUrl: string,
): Promise<{ api: Figures; floor: Figures | null; httpFloor: Figures | null }> {
  const api = emptySample();
  const floor = query.floor ? emptySample() : null;
  const httpFloor = query.floor ? emptySample() : null;
  for (let turn = 0; turn < turns; turn += 1) {
    const from = first + turn * TURN_REQUESTS;
    addTo(api, await httpAlone(baseUrl, query.request, seconds / turns, from));
    if (query.floor && floor && httpFloor) {
      addTo(floor, await floorLoop(pool, query.floor, 1, seconds / turns, from));
      addTo(httpFloor, await httpFloorLoop(httpFloorUrl, query.floor, seconds / turns, from));
    }
  }
  return { api: figuresOf(api), floor: floor && figuresOf(floor), httpFloor: httpFloor && figuresOf(httpFloor) };
}

/** A process's resident memory in MB, now (VmRSS) and at its peak (VmHWM), from /proc (Linux). */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}
