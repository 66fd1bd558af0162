import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type pg from 'pg';
import type { ApiRequest, BenchQuery } from './queries.js';

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

/** The API under load: `connections` clients sending the query's requests back to back for `seconds` (autocannon). */
export async function measureApi(baseUrl: string, query: BenchQuery, connections: number, seconds: number, first = 0): Promise<Figures> {
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

/** The floor under load: `connections` workers running the query's plain SQL back to back for `seconds`. */
export async function measureFloor(pool: pg.Pool, query: BenchQuery, connections: number, seconds: number): Promise<Figures | null> {
  const floor = query.floor;
  if (!floor) return null;
  const latencies: number[] = [];
  let n = 0;
  let errors = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = await pool.connect();
      try {
        while (performance.now() < until) {
          const begun = performance.now();
          try {
            await floor(client, n++);
          } catch {
            errors += 1;
          }
          latencies.push(performance.now() - begun);
        }
      } finally {
        client.release();
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / elapsed, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), errors };
}

/** A process's resident memory in MB, now (VmRSS) and at its peak (VmHWM), from /proc (Linux). */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}
