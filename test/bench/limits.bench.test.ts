import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { Client, RoleName } from '../support/hub.js';
import { repositoryRoot } from '../support/paths.js';
import { openBenchSession, type BenchSession } from './database.js';
import { benchId, SIZES, type SizeName } from './generate.js';
import { loopProbeEnv, watchLatency } from './latency-watch.js';
import { memoryOf } from './measure.js';

/**
 * The limits on the generated data (`BENCH_SIZE=M npm run bench:limits`, S, M or L): a hub on the generated
 * database of that size is sent, as each role, the worst queries the limits let through (nested lists at their
 * largest `first`, the hub nodes of the skewed data, the largest pages, paths and neighbourhoods), one at a time
 * while /healthz is polled. It reports each query's time and outcome, the hub's peak RSS and the worst /healthz
 * latency against the goals (each query under the statement timeout, RSS below 600 MB, /healthz below 100 ms),
 * beside a control server's latency and the most CPU the hub spent in one hold of its event loop (loop-probe.mjs):
 * on two cores shared with PostgreSQL, a slow /healthz with a fast control and a short hold is a busy machine,
 * not the hub's event loop. It writes test/.results/limits-<size>.json, and asserts only that the hub answered each request (an answer or a
 * refusal), not the goals: the figures are for reading.
 */
const size = (process.env.BENCH_SIZE ?? 'M').toUpperCase() as SizeName;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const log = (line: string) => process.stdout.write(`${line}\n`);
const GOALS = { queryMs: 15_000, rssMb: 600, healthMs: 100 };
/** Only the probes whose name matches this pattern (`BENCH_PROBES=aliases`), to study one; all by default. */
const only = new RegExp(process.env.BENCH_PROBES ?? '', 'i');

/** `depth` levels of `neighbours(first: first)` under `id`. */
const neighbours = (depth: number, first: number): string => (depth === 0 ? 'id' : `id neighbours(first: ${first}) { ${neighbours(depth - 1, first)} }`);

interface Probe {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

function probes(): Probe[] {
  const hubCity = benchId('city', 0);
  const hubOrganisation = benchId('organisation', 0);
  const aliases = (count: number, body: string) => Array.from({ length: count }, (_, i) => `a${i}: ${body}`).join(' ');
  return [
    { name: 'audit shape, 6 deep, first 500', query: `{ cities(perPage: 1) { items { ${neighbours(6, 500)} } } }` },
    { name: 'audit shape, 6 deep, default first', query: `{ cities(perPage: 1) { items { ${neighbours(6, 50).replace(/\(first: 50\)/g, '')} } } }` },
    { name: 'hub city, neighbours 2 deep, first 500', query: `query($id: ID!) { city(id: $id) { ${neighbours(2, 500)} } }`, variables: { id: hubCity } },
    { name: 'hub city, neighbours 3 deep, first 20', query: `query($id: ID!) { city(id: $id) { ${neighbours(3, 20)} } }`, variables: { id: hubCity } },
    {
      name: 'hub city, 15 aliases of relationships(first: 500)',
      query: `query($id: ID!) { city(id: $id) { ${aliases(15, 'relationships(first: 500) { kind field other { id names { zh en } } }')} } }`,
      variables: { id: hubCity },
    },
    {
      name: 'hub organisation, delegations 500 × members 500',
      query: `query($id: ID!) { organisation(id: $id) { delegations(first: 500) { id names { zh en } members(first: 500) { id names { zh en } } } } }`,
      variables: { id: hubOrganisation },
    },
    // The most the records budget lets an answer hold: 500 people and 39 neighbours of each, 20,000 records.
    { name: 'people page 500 × neighbours 39, names', query: `{ people(perPage: 500) { items { id names { zh en } neighbours(first: 39) { id names { zh en } } } } }` },
    // Up to the records budget (140 + 140 × 140 = 19,740 records) and past it (300 + 300 × 300).
    { name: 'hub city, neighbours 2 deep, first 140', query: `query($id: ID!) { city(id: $id) { ${neighbours(2, 140)} } }`, variables: { id: hubCity } },
    { name: 'hub city, neighbours 2 deep, first 300', query: `query($id: ID!) { city(id: $id) { ${neighbours(2, 300)} } }`, variables: { id: hubCity } },
    { name: 'people page 500 × neighbours 500', query: `{ people(perPage: 500) { items { id neighbours(first: 500) { id } } } }` },
    { name: 'delegations page 500 × members 500 × history 500', query: `{ delegations(perPage: 500) { items { id members(first: 500) { id names { zh en } } history(first: 500) { action } } } }` },
    {
      name: 'chain from the hub city (Q4), default first',
      query: `query($id: ID!) { city(id: $id) { names { zh en } partnerships { names { zh en } exchanges { names { zh en } participants { role organisation { names { zh en }
        delegations { names { zh en } startDate members { names { zh en } } } } } } } } }`,
      variables: { id: hubCity },
    },
    { name: 'neighbourhood of the hub city, depth 3', query: `query($id: ID!) { neighbourhood(id: $id, depth: 3) { truncated nodes { id } edges { field kind } } }`, variables: { id: hubCity } },
    { name: '15 list pages of 500', query: `{ ${aliases(15, 'people(perPage: 500) { total items { id names { zh en } } }')} }` },
  ];
}

interface Outcome {
  role: RoleName;
  probe: string;
  /** The slowest of the repeats, ms. */
  ms: number;
  outcome: string;
  bytes: number;
  /** The worst /healthz latency while it ran, ms. */
  healthMs: number;
  /** The worst latency of the control server while it ran, ms. */
  controlMs: number;
  /** The most CPU the hub spent in one stretch of its event loop while it ran (loop-probe.mjs), ms. */
  ownMs: number;
}

let session: BenchSession | undefined;
afterAll(async () => {
  await session?.close();
});

it(`the worst queries the limits let through, at ${size}`, async () => {
  // The loop probe in the hub tells how long its own work held its event loop, apart from a busy machine.
  session = await openBenchSession(size, log, loopProbeEnv());
  const { hub } = session;
  const pid = hub.process.pid!;
  const watch = await watchLatency(hub, session.database.url);

  const outcomes: Outcome[] = [];
  let rssWorst = 0;
  const roles: RoleName[] = ['admin', 'analyst', 'viewer'];
  for (const role of roles) {
    const client: Client = await hub.as(role);
    for (const probe of probes().filter((probe) => only.test(probe.name))) {
      let ms = 0;
      let outcome = '';
      let bytes = 0;
      watch.stretch();
      for (let repeat = 0; repeat < REPEATS; repeat += 1) {
        const started = performance.now();
        const answer = await client.request(probe.query, probe.variables);
        ms = Math.max(ms, performance.now() - started);
        bytes = JSON.stringify(answer).length;
        // Which limit refused it: the cost estimated before any SQL, or the records read or answered.
        const limit = (message: string) => (/estimated cost/.test(message) ? ' (cost)' : /records/.test(message) ? ' (records)' : '');
        const codes = [...new Set((answer.errors ?? []).map((error) => `${String(error.extensions?.code)}${limit(error.message)}`))];
        const cut = (answer.extensions as { truncated?: unknown[] } | undefined)?.truncated?.length ?? 0;
        outcome = codes.length > 0 ? codes.join(',') : `answered${cut ? `, ${cut} lists cut` : ''}`;
        expect(answer.data !== undefined || answer.errors !== undefined).toBe(true);
        rssWorst = Math.max(rssWorst, memoryOf(pid).rss);
      }
      const seen = watch.stretch();
      outcomes.push({ role, probe: probe.name, ms, outcome, bytes, healthMs: seen.health, controlMs: seen.control, ownMs: seen.own });
      log(
        `${size} ${role.padEnd(7)} ${probe.name.padEnd(52)} ${ms.toFixed(0).padStart(6)} ms  ${String(bytes).padStart(9)} B  ` +
          `/healthz ${seen.health.toFixed(0).padStart(5)} ms (control ${seen.control.toFixed(0).padStart(4)}, hub's own ${seen.own.toFixed(0).padStart(4)})  ${outcome}`,
      );
    }
  }
  const worst = watch.worst();
  await watch.stop();
  const peak = memoryOf(pid).peak;
  const slowest = Math.max(...outcomes.map((outcome) => outcome.ms));
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  log(`\n${size} (${SIZES[size]} nodes): slowest query ${slowest.toFixed(0)} ms (goal < ${GOALS.queryMs}: ${met(slowest < GOALS.queryMs)}), ` +
    `peak RSS ${peak.toFixed(0)} MB (goal < ${GOALS.rssMb}: ${met(peak < GOALS.rssMb)}), ` +
    `worst /healthz ${worst.health.toFixed(1)} ms (goal < ${GOALS.healthMs}: ${met(worst.health < GOALS.healthMs)}; control ${worst.control.toFixed(0)} ms), ` +
    `the hub's own longest hold of its event loop ${worst.own} ms of CPU`);
  const folder = path.join(repositoryRoot, 'test/.results');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, `limits-${size}.json`), JSON.stringify({ size, outcomes, peakRssMb: peak, worstRssMb: rssWorst, worstHealthMs: worst.health, worstControlMs: worst.control, ownWorstMs: worst.own, goals: GOALS }, null, 2));
});
