import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { Client, RoleName } from '../support/hub.js';
import { repositoryRoot } from '../support/paths.js';
import { openBenchSession, type BenchSession } from './database.js';
import { benchId, SIZES, type SizeName } from './generate.js';
import { startHttpFloor } from './http-floor.js';
import { memoryOf } from './measure.js';

/**
 * The limits on the generated data (`BENCH_SIZE=M npm run bench:limits`, S, M or L): a hub on the generated
 * database of that size is sent, as each role, the worst queries the limits let through (nested lists at their
 * largest `first`, the hub nodes of the skewed data, the largest pages, paths and neighbourhoods), one at a time
 * while /healthz is polled. It reports each query's time and outcome, the hub's peak RSS and the worst /healthz
 * latency against the goals (each query under the statement timeout, RSS below 600 MB, /healthz below 100 ms),
 * and writes test/.results/limits-<size>.json. It asserts only that the hub answered each request (an answer or a
 * refusal), not the goals: the figures are for reading.
 */
const size = (process.env.BENCH_SIZE ?? 'M').toUpperCase() as SizeName;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const log = (line: string) => process.stdout.write(`${line}\n`);
const GOALS = { queryMs: 15_000, rssMb: 600, healthMs: 100 };
const HEALTH_EVERY_MS = 20;
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
}

let session: BenchSession | undefined;
afterAll(async () => {
  await session?.close();
});

it(`the worst queries the limits let through, at ${size}`, async () => {
  session = await openBenchSession(size, log);
  const { hub } = session;
  const pid = hub.process.pid!;
  // A control beside /healthz: a plain Node.js HTTP server (the benchmark's HTTP floor, answering a request with no
  // statements at once) polled the same way. When it is slow too, the machine was busy (this one has two cores and
  // PostgreSQL on them), not the hub's event loop.
  const control = await startHttpFloor(session.database.url);
  /** The worst latencies since the last probe began, and of the whole run. */
  let healthProbe = 0;
  let healthWorst = 0;
  let controlProbe = 0;
  let polling = true;
  const pollOf = (url: string, note: (ms: number) => void) =>
    (async () => {
      while (polling) {
        const started = performance.now();
        await fetch(url).then((response) => response.arrayBuffer());
        note(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, HEALTH_EVERY_MS));
      }
    })();
  const polls = [
    pollOf(`${hub.url}/healthz`, (ms) => {
      healthProbe = Math.max(healthProbe, ms);
      healthWorst = Math.max(healthWorst, ms);
    }),
    pollOf(control.url, (ms) => {
      controlProbe = Math.max(controlProbe, ms);
    }),
  ];

  const outcomes: Outcome[] = [];
  let rssWorst = 0;
  const roles: RoleName[] = ['admin', 'analyst', 'viewer'];
  for (const role of roles) {
    const client: Client = await hub.as(role);
    for (const probe of probes().filter((probe) => only.test(probe.name))) {
      let ms = 0;
      let outcome = '';
      let bytes = 0;
      healthProbe = 0;
      controlProbe = 0;
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
      outcomes.push({ role, probe: probe.name, ms, outcome, bytes, healthMs: healthProbe, controlMs: controlProbe });
      log(
        `${size} ${role.padEnd(7)} ${probe.name.padEnd(52)} ${ms.toFixed(0).padStart(6)} ms  ${String(bytes).padStart(9)} B  ` +
          `/healthz ${healthProbe.toFixed(0).padStart(5)} ms (control ${controlProbe.toFixed(0).padStart(4)})  ${outcome}`,
      );
    }
  }
  polling = false;
  await Promise.all(polls);
  await control.stop();
  const peak = memoryOf(pid).peak;
  const slowest = Math.max(...outcomes.map((outcome) => outcome.ms));
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  log(`\n${size} (${SIZES[size]} nodes): slowest query ${slowest.toFixed(0)} ms (goal < ${GOALS.queryMs}: ${met(slowest < GOALS.queryMs)}), ` +
    `peak RSS ${peak.toFixed(0)} MB (goal < ${GOALS.rssMb}: ${met(peak < GOALS.rssMb)}), ` +
    `worst /healthz ${healthWorst.toFixed(1)} ms (goal < ${GOALS.healthMs}: ${met(healthWorst < GOALS.healthMs)})`);
  const folder = path.join(repositoryRoot, 'test/.results');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, `limits-${size}.json`), JSON.stringify({ size, outcomes, peakRssMb: peak, worstRssMb: rssWorst, worstHealthMs: healthWorst, goals: GOALS }, null, 2));
});
