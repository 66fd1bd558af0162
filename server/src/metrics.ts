import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { statementsSent } from './db/sql-counter.js';

/**
 * What the hub tells Prometheus at /metrics (README, "Metrics"). The instruments live here, once per process, so
 * that the places that count reach them without passing a registry around; each count on a request's path is a
 * pre-bound child's `inc` or `observe`, and the rest is read only when Prometheus scrapes.
 */
export const registry = new Registry();

/** Seconds: requests are mostly milliseconds; a large import or export takes seconds. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const SPREADSHEET_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

const requestSeconds = new Histogram({
  name: 'amity_http_request_duration_seconds',
  help: 'HTTP requests by route, status and GraphQL operation name: their time from arrival to the last byte sent',
  labelNames: ['route', 'status', 'operation'],
  buckets: REQUEST_BUCKETS,
  registers: [registry],
});

const spreadsheetSeconds = new Histogram({
  name: 'amity_spreadsheet_duration_seconds',
  help: 'Imports (dry runs and commits) and exports: their time, whatever their outcome',
  labelNames: ['kind'],
  buckets: SPREADSHEET_BUCKETS,
  registers: [registry],
});

const widgetCacheLookups = new Counter({
  name: 'amity_widget_cache_lookups_total',
  help: 'Widget API answers looked for in the widget cache, by result',
  labelNames: ['result'],
  registers: [registry],
});
const widgetCacheHit = widgetCacheLookups.labels('hit');
const widgetCacheMiss = widgetCacheLookups.labels('miss');

let statementsReported = 0;
new Counter({
  name: 'amity_sql_statements_total',
  help: 'SQL statements the hub sent to PostgreSQL',
  registers: [registry],
  collect() {
    const sent = statementsSent();
    this.inc(sent - statementsReported);
    statementsReported = sent;
  },
});

/** The routes requests are counted under: a bounded set, never the path as sent. */
export type MetricsRoute = '/graphql' | '/imports' | '/exports' | '/reports' | '/widgets/api' | '/widgets' | '/admin' | '/healthz' | '/readyz' | '/metrics' | 'other';
const ROUTES: MetricsRoute[] = ['/graphql', '/imports', '/exports', '/reports', '/widgets/api', '/widgets', '/admin', '/healthz', '/readyz', '/metrics'];

export function metricsRoute(path: string): MetricsRoute {
  for (const route of ROUTES) if (path === route || path.startsWith(`${route}/`) || path.startsWith(`${route}?`)) return route;
  return 'other';
}

/** How many operation names are counted apart; later new names are counted together as `other`. */
const MAX_OPERATION_NAMES = 100;
const operationNames = new Set<string>();
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * The label of a GraphQL operation: its name while fewer than MAX_OPERATION_NAMES distinct names were seen (the
 * admin's, the widgets', an analyst's saved queries), `anonymous` without a name, `other` past the bound, so that
 * the series stay bounded whatever callers send. Never the query text.
 */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (operationNames.has(name)) return name;
  if (operationNames.size >= MAX_OPERATION_NAMES || !OPERATION_NAME.test(name)) return 'other';
  operationNames.add(name);
  return name;
}

type RequestSeries = ReturnType<typeof requestSeconds.labels>;
/**
 * Each series' child, by route, status and operation, kept: prom-client's `labels` makes a key of the labels on
 * every call (and its `observe` once more); the kept children spare the first, 5.4 → 3.9 µs an observation
 * measured on a busy two-core machine. Bounded like the labels themselves.
 */
const requestSeries = new Map<MetricsRoute, Map<number, Map<string, RequestSeries>>>();

/** Counts one answered request; `operation` is set for GraphQL requests that got as far as naming one. */
export function observeRequest(route: MetricsRoute, status: number, operation: string | undefined, seconds: number): void {
  const label = operation ?? (route === '/graphql' ? 'none' : '');
  let byStatus = requestSeries.get(route);
  if (!byStatus) requestSeries.set(route, (byStatus = new Map()));
  let byOperation = byStatus.get(status);
  if (!byOperation) byStatus.set(status, (byOperation = new Map()));
  let series = byOperation.get(label);
  if (!series) byOperation.set(label, (series = requestSeconds.labels(route, String(status), label)));
  series.observe(seconds);
}

export function observeSpreadsheet(kind: 'import' | 'export', seconds: number): void {
  spreadsheetSeconds.labels(kind).observe(seconds);
}

export function countWidgetCacheLookup(hit: boolean): void {
  (hit ? widgetCacheHit : widgetCacheMiss).inc();
}

/** What the metrics read from the rest of the hub when scraped. */
export interface MetricsSources {
  /** The primary database pool's connections: in use, free, and requests waiting for one. */
  pool(): { used: number; free: number; waiting: number; max: number } | undefined;
  redisState(): 'off' | 'ready' | 'unavailable';
}

/** Starts Node's own metrics (event-loop lag, garbage collection, heap, handles) and the gauges read on scrape. */
export function startMetrics(sources: MetricsSources): void {
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'amity_db_pool_connections',
    help: 'Database connections of the primary pool, by state (used, free) and the pool size (max)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const pool = sources.pool();
      if (!pool) return;
      this.set({ state: 'used' }, pool.used);
      this.set({ state: 'free' }, pool.free);
      this.set({ state: 'max' }, pool.max);
    },
  });
  new Gauge({
    name: 'amity_db_pool_waiting',
    help: 'Requests waiting for a database connection',
    registers: [registry],
    collect() {
      this.set(sources.pool()?.waiting ?? 0);
    },
  });
  if (sources.redisState() === 'off') return;
  new Gauge({
    name: 'amity_redis_up',
    help: 'Whether Redis answers (1) or is away (0); absent without REDIS_URL',
    registers: [registry],
    collect() {
      this.set(sources.redisState() === 'ready' ? 1 : 0);
    },
  });
}

/**
 * /metrics: the Prometheus text, for a caller with `Authorization: Bearer <AMITY_METRICS_TOKEN>`; 401 without it,
 * 404 when no token is configured (the endpoint does not exist then). The token is compared in constant time.
 */
export function metricsEndpoint(token: string | undefined): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const expected = token ? createHash('sha256').update(token).digest() : undefined;
  return async (req, res) => {
    const answer = (status: number, text: string) => {
      res.statusCode = status;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      res.end(text);
    };
    if (!expected) return answer(404, 'Not found');
    const given = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!given || !timingSafeEqual(createHash('sha256').update(given).digest(), expected)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="amity-metrics"');
      return answer(401, 'Send Authorization: Bearer <AMITY_METRICS_TOKEN>');
    }
    const text = await registry.metrics();
    res.statusCode = 200;
    res.setHeader('Content-Type', registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.end(text);
  };
}
