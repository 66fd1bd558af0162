import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';

/** /metrics (README, "Metrics"): behind its token, and its numbers move with what the hub does. */

const TOKEN = randomBytes(24).toString('hex');
const POOL = 4;
const ORIGIN = 'https://tourism.example.gov.cn';

let hub: Hub;
let admin: string;

/** One scrape, as Prometheus sees it: each sample's value by its series (name and labels as written). */
async function scrape(): Promise<Map<string, number>> {
  const response = await fetch(`${hub.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

const value = (samples: Map<string, number>, series: string) => samples.get(series) ?? 0;

/** Sends one operation; its status, and the statements the hub says it ran for it (AMITY_EXPOSE_SQL_COUNT). */
async function ask(query: string, token = admin): Promise<{ status: number; statements: number }> {
  const response = await fetch(`${hub.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
  const body = (await response.json()) as { extensions?: { sqlStatements?: number } };
  return { status: response.status, statements: body.extensions?.sqlStatements ?? 0 };
}
const graphql = async (query: string, token = admin) => (await ask(query, token)).status;

beforeAll(async () => {
  hub = await startHub({ env: { AMITY_METRICS_TOKEN: TOKEN, AMITY_POOL_SIZE: String(POOL), LOG_LEVEL: 'debug' } });
  admin = await hub.login('admin');
});

afterAll(async () => {
  await hub?.stop();
});

describe('/metrics', () => {
  it('answers 401 without the token or with another, and never logs the token', async () => {
    expect((await fetch(`${hub.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${hub.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN.slice(1)}x` } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await wrong.text()).not.toContain('amity_');
    await scrape();
    expect(hub.logs.join('\n')).not.toContain(TOKEN);
  });

  it('counts GraphQL requests by operation name and status, and the SQL statements they send', async () => {
    const before = await scrape();
    let statements = 0;
    for (let i = 0; i < 3; i += 1) {
      const answer = await ask('query MetricsCities { cities(perPage: 2) { total items { id names { en } } } }');
      expect(answer.status).toBe(200);
      statements += answer.statements;
    }
    expect(statements).toBeGreaterThanOrEqual(3);
    expect(await graphql('{ cities(perPage: 1) { total } }')).toBe(200);
    expect(await graphql('{ cities(perPage: 1) { total ')).toBe(400);
    expect(await graphql('query MetricsCities { cities(perPage: 1) { total } }', 'not-a-token')).toBe(401);
    const after = await scrape();
    const count = (status: number, operation: string) =>
      value(after, `amity_http_request_duration_seconds_count{route="/graphql",status="${status}",operation="${operation}"}`) -
      value(before, `amity_http_request_duration_seconds_count{route="/graphql",status="${status}",operation="${operation}"}`);
    expect(count(200, 'MetricsCities')).toBe(3);
    expect(count(200, 'anonymous')).toBe(1);
    // Refused before an operation was found: grouped, never the query text.
    expect(count(400, 'none')).toBe(1);
    expect(count(401, 'none')).toBe(1);
    expect(value(after, 'amity_http_request_duration_seconds_bucket{le="+Inf",route="/graphql",status="200",operation="MetricsCities"}')).toBe(
      value(after, 'amity_http_request_duration_seconds_count{route="/graphql",status="200",operation="MetricsCities"}'),
    );
    expect(value(after, 'amity_http_request_duration_seconds_sum{route="/graphql",status="200",operation="MetricsCities"}')).toBeGreaterThan(0);
    // At least what the three operations ran, and the others' (their callers' checks, the anonymous one).
    expect(value(after, 'amity_sql_statements_total') - value(before, 'amity_sql_statements_total')).toBeGreaterThan(statements);
    expect([...after.keys()].some((series) => series.includes('cities('))).toBe(false);
  });

  it('groups operation names past its bound as other', async () => {
    for (let i = 0; i < 110; i += 1) await graphql(`query Generated${i}_${randomBytes(3).toString('hex')} { cities(perPage: 1) { total } }`);
    const names = new Set([...(await scrape()).keys()].filter((series) => series.startsWith('amity_http_request_duration_seconds_count{route="/graphql"')).map((series) => /operation="([^"]*)"/.exec(series)?.[1]));
    expect(names.size).toBeLessThanOrEqual(103);
    expect(names.has('other')).toBe(true);
  });

  it('shows the pool, the event loop, garbage collection and Redis being off', async () => {
    const samples = await scrape();
    expect(value(samples, 'amity_db_pool_connections{state="max"}')).toBe(POOL);
    expect(samples.has('amity_db_pool_connections{state="used"}')).toBe(true);
    expect(value(samples, 'amity_db_pool_waiting')).toBe(0);
    expect(samples.get('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(samples.has('nodejs_eventloop_lag_p99_seconds')).toBe(true);
    expect([...samples.keys()].some((series) => series.startsWith('nodejs_gc_duration_seconds_count'))).toBe(true);
    expect([...samples.keys()].some((series) => series.startsWith('amity_redis_up'))).toBe(false);
  });

  it('counts widget cache misses and hits, and import and export times', async () => {
    const made = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({
        query: 'mutation ($input: WidgetKeyInput!) { createWidgetKey(input: $input) { key } }',
        variables: { input: { name: 'metrics', office: 'Tourism Bureau', allowedOrigins: [ORIGIN], rateLimitPerMinute: 1000 } },
      }),
    });
    const key = ((await made.json()) as { data: { createWidgetKey: { key: string } } }).data.createWidgetKey.key;
    const before = await scrape();
    const variables = JSON.stringify({ levels: ['SISTER_CITY'] });
    for (let i = 0; i < 2; i += 1) {
      const answer = await fetch(`${hub.url}/widgets/api/SisterCities?${new URLSearchParams({ key, variables })}`, { headers: { origin: ORIGIN } });
      expect(answer.status).toBe(200);
      await answer.arrayBuffer();
    }
    const dryRun = await fetch(`${hub.url}/imports/cities/dry-run`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' }, body: 'English name,Country\r\nMetrics Town,NO\r\n' });
    expect(dryRun.status).toBe(200);
    await dryRun.arrayBuffer();
    const exported = await fetch(`${hub.url}/exports/countries.csv`, { headers: { authorization: `Bearer ${admin}` } });
    expect(exported.status).toBe(200);
    await exported.arrayBuffer();
    const after = await scrape();
    const moved = (series: string) => value(after, series) - value(before, series);
    expect(moved('amity_widget_cache_lookups_total{result="miss"}')).toBe(1);
    expect(moved('amity_widget_cache_lookups_total{result="hit"}')).toBe(1);
    expect(moved('amity_http_request_duration_seconds_count{route="/widgets/api",status="200",operation=""}')).toBe(2);
    expect(moved('amity_spreadsheet_duration_seconds_count{kind="import"}')).toBe(1);
    expect(moved('amity_spreadsheet_duration_seconds_count{kind="export"}')).toBe(1);
    expect(moved('amity_http_request_duration_seconds_count{route="/imports",status="200",operation=""}')).toBe(1);
  });

  it('answers 404 on a hub without AMITY_METRICS_TOKEN', async () => {
    const plain = await startHub({ template: 'empty' });
    try {
      expect((await fetch(`${plain.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    } finally {
      await plain.stop();
    }
  });
});
