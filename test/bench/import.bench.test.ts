import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';
import { loopProbeEnv, watchLatency, type LatencyWatch } from './latency-watch.js';

/**
 * Times a 10,000-row spreadsheet import (dry run, commit, undo) and a 10,000-row export on this machine, with the
 * worst /healthz latency during each step beside a control server's and the hub's own longest hold of its event
 * loop (latency-watch.ts), and prints them: figures to compare between changes, not limits (these machines are
 * shared and noisy).
 */
const ROWS = Number(process.env.AMITY_BENCH_ROWS ?? 10_000);

let hub: Hub;
let token: string;
let watch: LatencyWatch;
beforeAll(async () => {
  hub = await startHub({ template: 'empty', env: loopProbeEnv() });
  token = await hub.login('editor');
  watch = await watchLatency(hub, hub.databaseUrl);
});
afterAll(async () => {
  await watch?.stop();
  await hub?.stop();
});

async function timed<T>(label: string, work: () => Promise<T>, results: string[]): Promise<T> {
  watch.stretch();
  const started = performance.now();
  const value = await work();
  const seconds = (performance.now() - started) / 1000;
  const seen = watch.stretch();
  results.push(`| ${label} | ${seconds.toFixed(1)} s | ${Math.round(ROWS / seconds)} rows/s | ${seen.health.toFixed(0)} ms | ${seen.control.toFixed(0)} ms | ${seen.own} ms |`);
  return value;
}

it(`imports and exports ${ROWS} rows`, async () => {
  const lines = ['中文名,英文名,国家'];
  for (let row = 0; row < ROWS; row += 1) lines.push(`基准城市${row},Bench city ${row},DE`);
  const file = `${lines.join('\r\n')}\r\n`;
  const send = (path: string) =>
    fetch(`${hub.url}/imports/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: file });

  const results = ['| step | time | rate | worst /healthz | control | hub\'s own hold |', '|---|---|---|---|---|---|'];
  const dry = (await timed('dry run', async () => (await send('cities/dry-run')).json(), results)) as { report: { create: number } };
  expect(dry.report.create).toBe(ROWS);
  const commit = (await timed('commit', async () => (await send('cities/commit')).json(), results)) as { batch: { id: string; created: number } };
  expect(commit.batch.created).toBe(ROWS);
  await timed(
    'export (CSV)',
    async () => (await fetch(`${hub.url}/exports/cities.csv?perPage=500`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer(),
    results,
  );
  await timed(
    'undo',
    async () => (await fetch(`${hub.url}/imports/batches/${commit.batch.id}/undo`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'x-amity-csrf': '1' } })).json(),
    results,
  );
  process.stdout.write(`\nSpreadsheet import of ${ROWS} rows (${new Date().toISOString()}):\n${results.join('\n')}\n\n`);
});
