import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Hub } from './hub.js';

/**
 * The soak: a mixed workload at a fixed rate against one hub on loopback — GraphQL reads as the
 * demo accounts, record writes as editor, widget API requests with a key of its own — bounded by time and by a
 * request count. Open loop: requests start on schedule whether or not earlier ones have answered, so a slow hub
 * shows as latency and errors, not as a lower rate. Reports errors by kind, latency per kind, the hub's memory,
 * and checks that the writes happened. `npm run soak` (reliability/soak.run.ts) and the short soak of the test
 * suite (reliability/soak.test.ts) both run this.
 */

export interface SoakOptions {
  /** How long the load runs after setup. */
  seconds: number;
  /** Requests started per second. */
  rate: number;
  /** The most requests sent, whatever the time. */
  maxRequests: number;
  /** Load before the memory baseline is taken (the hub's caches and JIT settle). */
  warmupSeconds: number;
  /** Requests in flight beyond which a due request is not sent and counts as an `overload` error. */
  maxInFlight?: number;
  /** A request not answered in this time is aborted and counts as a `timeout` error. */
  timeoutMs?: number;
}

type Category = 'read' | 'write' | 'widget';

export interface Latency {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export interface SoakReport {
  startedAt: string;
  options: Required<SoakOptions>;
  seconds: number;
  /** Requests sent, and of them answered correctly. */
  requests: number;
  ok: number;
  byCategory: Record<Category, number>;
  /** Errors by kind (`http:500`, `graphql:INTERNAL`, `timeout`, `network:ECONNRESET`, `overload`, …); goal: none. */
  errors: Record<string, number>;
  errorCount: number;
  /** The first three errors of each kind, to find their cause. */
  errorSamples: string[];
  /** The first error lines of the hub's log during the run (its side of the story). */
  hubLogErrors: string[];
  /** Milliseconds, per category and per operation. */
  latency: Record<string, Latency>;
  /** The hub's resident memory in MiB: before the load, after the warm-up (median of 5 s) and at the end (median of the last 5 s). */
  memory: { beforeMiB: number; afterWarmupMiB: number; endMiB: number; peakMiB: number; growthPercent: number };
  /** Writes that succeeded, and what the database holds afterwards. */
  writes: { created: number; updated: number; deleted: number; failed: number; liveExpected: number; liveFound: number; auditEntries: number };
  goals: { noErrors: boolean; memoryGrowthUnder10Percent: boolean; met: boolean };
}

interface Operation {
  name: string;
  category: Category;
  /** Sends the request and throws a SoakError when the answer is not what it should be. */
  send(signal: AbortSignal): Promise<void>;
}

class SoakError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}

const WIDGET_ORIGIN = 'http://soak.example.org';

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

function summarise(values: number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 10) / 10;
  return { count: sorted.length, p50: round(percentile(sorted, 0.5)), p99: round(percentile(sorted, 0.99)), max: round(sorted.at(-1) ?? 0) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)];
}

/** The resident memory of a process in MiB, from /proc (Linux). */
export function residentMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) / 1024;
}

async function graphql(url: string, token: string, query: string, variables: Record<string, unknown>, signal: AbortSignal): Promise<Record<string, any>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal,
  });
  const text = await response.text();
  if (!response.ok) throw new SoakError(`http:${response.status}`, text.slice(0, 300));
  const body = JSON.parse(text) as { data?: Record<string, any>; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  if (body.errors?.length) throw new SoakError(`graphql:${body.errors[0].extensions?.code ?? 'UNKNOWN'}`, body.errors[0].message);
  if (!body.data) throw new SoakError('no-data', text.slice(0, 300));
  return body.data;
}

const READS: Array<{ name: string; role: 'analyst' | 'viewer' | 'editor'; query: string; variables: (n: number, ids: SoakIds) => Record<string, unknown> }> = [
  {
    name: 'list',
    role: 'viewer',
    query: `query ($page: Int!) { delegations(filter: { direction: [INBOUND] }, sort: [{ field: startDate, order: DESC }], page: $page, perPage: 25) {
      total items { id names { zh en } startDate headcount channel originCountry { code } } } }`,
    variables: (n) => ({ page: 1 + (n % 5) }),
  },
  {
    name: 'search-list',
    role: 'analyst',
    query: `query ($q: String!) { cities(filter: { q: $q }) { total items { id names { zh en } country { code } } } }`,
    variables: (n) => ({ q: ['Peine', '高松', 'kragero', 'Nan', 'Skopje'][n % 5] }),
  },
  {
    name: 'record',
    role: 'editor',
    query: `query ($id: ID!) { delegation(id: $id) { id version names { zh en } headcount members { names { en } } sendingOrganisation { names { zh } }
      events { names { en } } relationships { kind other { displayName(lang: en) } } history { action at } } }`,
    variables: (n, ids) => ({ id: ids.delegations[n % ids.delegations.length] }),
  },
  {
    name: 'chain',
    role: 'analyst',
    query: `{ partnerships(filter: { q: "Peine" }, perPage: 1) { items { exchanges(first: 5) { participants(first: 5) { organisation { names { zh en }
      delegations(first: 100) { names { zh } startDate members(first: 10) { names { zh en } } } } } } } } }`,
    variables: () => ({}),
  },
  {
    name: 'stats',
    role: 'analyst',
    query: `query ($from: LocalDate!, $to: LocalDate!) { stats { delegations(filter: { direction: [INBOUND], startDateFrom: $from, startDateTo: $to }, groupBy: [CHANNEL]) {
      channel count personTimes } } }`,
    variables: () => ({ from: '2011-01-01', to: '2011-12-31' }),
  },
  {
    name: 'annual-report',
    role: 'analyst',
    query: `{ annualReport(year: 2011, compareTo: 2010) { lines { key figures { key value compareValue change } } } }`,
    variables: () => ({}),
  },
];

const WIDGETS: Array<{ name: string; variables: (n: number, ids: SoakIds) => Record<string, unknown> }> = [
  { name: 'SisterCities', variables: () => ({}) },
  { name: 'DelegationStats', variables: () => ({ year: 2011 }) },
  { name: 'UpcomingEvents', variables: () => ({ from: '2011-01-01' }) },
  { name: 'NodeCard', variables: (n, ids) => ({ id: ids.publicNodes[n % ids.publicNodes.length] }) },
];

interface SoakIds {
  delegations: string[];
  publicNodes: string[];
}

/** Which category the n-th request is: 14 reads, 3 writes and 3 widget requests in every 20, spread out. */
function categoryOf(n: number): Category {
  const slot = n % 20;
  if (slot === 3 || slot === 10 || slot === 16) return 'write';
  if (slot === 6 || slot === 13 || slot === 19) return 'widget';
  return 'read';
}

/** Runs the soak against `hub` and reports; never throws for the hub's errors, which it counts. */
export async function runSoak(hub: Hub, options: SoakOptions): Promise<SoakReport> {
  const settings: Required<SoakOptions> = { maxInFlight: 256, timeoutMs: 30_000, ...options };
  const pid = hub.process.pid;
  if (!pid) throw new Error('the hub has no process id');
  const tag = `Soak ${randomBytes(3).toString('hex')}`;
  const startedAt = new Date().toISOString();

  // Setup: a session per role, a widget key, ids to read.
  const tokens = {
    analyst: await hub.login('analyst'),
    viewer: await hub.login('viewer'),
    editor: await hub.login('editor'),
  };
  const made = await hub.query<{ createWidgetKey: { key: string } }>(
    `mutation ($input: WidgetKeyInput!) { createWidgetKey(input: $input) { key } }`,
    { input: { name: `${tag} key`, office: 'Soak test', allowedOrigins: [WIDGET_ORIGIN], rateLimitPerMinute: 100_000 } },
  );
  const widgetKey = made.createWidgetKey.key;
  const found = await hub.query<{ delegations: { items: Array<{ id: string }> }; partnerships: { items: Array<{ id: string; visibility: string; partnerCity: { id: string; visibility: string } }> } }>(
    `{ delegations(perPage: 100) { items { id } } partnerships(perPage: 100) { items { id visibility partnerCity { id visibility } } } }`,
  );
  const ids: SoakIds = {
    delegations: found.delegations.items.map((item) => item.id),
    publicNodes: found.partnerships.items.flatMap((item) => [
      ...(item.visibility === 'PUBLIC' ? [item.id] : []),
      ...(item.partnerCity.visibility === 'PUBLIC' ? [item.partnerCity.id] : []),
    ]),
  };
  if (ids.delegations.length === 0 || ids.publicNodes.length === 0) throw new Error('the soak needs delegations and PUBLIC partnerships: start the hub on the demo data');

  // Writes: organisations of this run, created, renamed and deleted by the editor; a record is never written twice at once.
  const live = new Map<string, number>();
  const busy = new Set<string>();
  const writes = { created: 0, updated: 0, deleted: 0 };
  let writeNumber = 0;
  /** Writes that failed: their records may or may not hold the change, so the database's count cannot be exact. */
  let failedWrites = 0;
  const idleRecord = () => [...live.keys()].find((id) => !busy.has(id));

  const writeOperation = (): Operation => {
    const number = writeNumber++;
    const step = number % 5;
    const target = step === 0 || step === 2 ? undefined : idleRecord();
    if (target === undefined) {
      return {
        name: 'create',
        category: 'write',
        async send(signal) {
          const data = await graphql(hub.url, tokens.editor, `mutation ($input: OrganisationInput!) { createOrganisation(input: $input) { id version } }`,
            { input: { names: { en: `${tag} school ${number}`, zh: `压力测试学校${number}` }, kind: 'SCHOOL', visibility: 'INTERNAL' } }, signal);
          live.set(data.createOrganisation.id, data.createOrganisation.version);
          writes.created += 1;
        },
      };
    }
    busy.add(target);
    const version = live.get(target)!;
    if (step === 4) {
      return {
        name: 'delete',
        category: 'write',
        async send(signal) {
          // Whatever the answer, the record is done with: deleted, or in a state this run no longer knows.
          live.delete(target);
          try {
            await graphql(hub.url, tokens.editor, `mutation ($id: ID!, $v: Int!) { deleteOrganisation(id: $id, expectedVersion: $v) { deleted } }`, { id: target, v: version }, signal);
            writes.deleted += 1;
          } finally {
            busy.delete(target);
          }
        },
      };
    }
    return {
      name: 'update',
      category: 'write',
      async send(signal) {
        try {
          const data = await graphql(hub.url, tokens.editor, `mutation ($id: ID!, $input: OrganisationPatch!, $v: Int!) { updateOrganisation(id: $id, input: $input, expectedVersion: $v) { version } }`,
            { id: target, v: version, input: { notes: `renamed at ${Date.now()}`, website: `https://school${number}.example.org` } }, signal);
          live.set(target, data.updateOrganisation.version);
          writes.updated += 1;
        } catch (error) {
          // Not answered is not undone: the change may have landed, so this run leaves the record alone from now on.
          live.delete(target);
          throw error;
        } finally {
          busy.delete(target);
        }
      },
    };
  };

  const operation = (n: number): Operation => {
    const category = categoryOf(n);
    if (category === 'write') return writeOperation();
    if (category === 'widget') {
      const widget = WIDGETS[Math.floor(n / 20) % WIDGETS.length];
      return {
        name: widget.name,
        category,
        async send(signal) {
          const params = new URLSearchParams({ variables: JSON.stringify(widget.variables(n, ids)), key: widgetKey });
          const response = await fetch(`${hub.url}/widgets/api/${widget.name}?${params}`, { headers: { origin: WIDGET_ORIGIN }, signal });
          const text = await response.text();
          if (response.status !== 200) throw new SoakError(`http:${response.status}`, text.slice(0, 300));
          const body = JSON.parse(text) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
          if (body.errors?.length) throw new SoakError(`graphql:${body.errors[0].extensions?.code ?? 'UNKNOWN'}`, body.errors[0].message);
          if (!body.data) throw new SoakError('no-data', text.slice(0, 300));
        },
      };
    }
    const read = READS[Math.floor(n / 20 + n) % READS.length];
    return { name: read.name, category, send: (signal) => graphql(hub.url, tokens[read.role], read.query, read.variables(n, ids), signal).then(() => undefined) };
  };

  // Measurements.
  const latencies = new Map<string, number[]>();
  const errors: Record<string, number> = {};
  const errorSamples: string[] = [];
  const byCategory: Record<Category, number> = { read: 0, write: 0, widget: 0 };
  let ok = 0;
  const fail = (name: string, kind: string, message: string) => {
    errors[kind] = (errors[kind] ?? 0) + 1;
    if (errors[kind] <= 3) errorSamples.push(`${name}: ${kind}: ${message}`);
  };
  const memory: Array<{ at: number; mib: number }> = [];
  const beforeMiB = residentMiB(pid);

  const logsBefore = hub.logs.length;
  const inFlight = new Set<Promise<void>>();
  const launch = (n: number) => {
    const op = operation(n);
    byCategory[op.category] += 1;
    const started = performance.now();
    const promise = op
      .send(AbortSignal.timeout(settings.timeoutMs))
      .then(
        () => {
          ok += 1;
          const elapsed = performance.now() - started;
          for (const key of [op.category, `${op.category}:${op.name}`]) {
            let list = latencies.get(key);
            if (!list) latencies.set(key, (list = []));
            list.push(elapsed);
          }
        },
        (error: unknown) => {
          if (op.category === 'write') failedWrites += 1;
          if (error instanceof SoakError) fail(op.name, error.kind, error.message);
          else if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) fail(op.name, 'timeout', `no answer in ${settings.timeoutMs} ms`);
          else {
            const cause = (error as { cause?: { code?: string } }).cause;
            fail(op.name, `network:${cause?.code ?? (error as Error).name}`, String((error as Error).message));
          }
        },
      )
      .finally(() => inFlight.delete(promise));
    inFlight.add(promise);
  };

  const interval = 1000 / settings.rate;
  const durationMs = settings.seconds * 1000;
  const start = performance.now();
  let nextSample = start;
  let sent = 0;
  for (;;) {
    const elapsed = performance.now() - start;
    if (elapsed >= durationMs || sent >= settings.maxRequests) break;
    const due = Math.min(settings.maxRequests, Math.floor(elapsed / interval) + 1);
    while (sent < due) {
      if (inFlight.size >= settings.maxInFlight) {
        byCategory[categoryOf(sent)] += 1;
        fail('scheduler', 'overload', `${inFlight.size} requests in flight`);
      } else {
        launch(sent);
      }
      sent += 1;
    }
    if (performance.now() >= nextSample) {
      memory.push({ at: performance.now() - start, mib: residentMiB(pid) });
      nextSample += 1000;
    }
    await sleep(Math.max(1, Math.min(interval, nextSample - performance.now(), start + (sent * interval) - performance.now())));
  }
  const loadMs = performance.now() - start;
  await Promise.race([Promise.allSettled([...inFlight]), sleep(settings.timeoutMs + 1000)]);
  memory.push({ at: performance.now() - start, mib: residentMiB(pid) });

  // The writes, as the database has them.
  const { rows: liveRows } = await hub.db.query<{ count: number }>(`select count(*)::int as count from organisation where name_en like $1`, [`${tag} school %`]);
  const { rows: auditRows } = await hub.db.query<{ count: number }>(
    `select count(*)::int as count from audit_entry where record_type = 'Organisation' and actor_username = 'editor' and at >= $1`,
    [startedAt],
  );

  const warmupMs = settings.warmupSeconds * 1000;
  const afterWarmup = memory.filter((sample) => sample.at >= warmupMs && sample.at < warmupMs + 5000).map((sample) => sample.mib);
  const end = memory.slice(-5).map((sample) => sample.mib);
  const afterWarmupMiB = median(afterWarmup.length > 0 ? afterWarmup : memory.map((sample) => sample.mib));
  const endMiB = median(end);
  const growthPercent = afterWarmupMiB > 0 ? ((endMiB - afterWarmupMiB) / afterWarmupMiB) * 100 : 0;
  const errorCount = Object.values(errors).reduce((sum, count) => sum + count, 0);
  const round = (value: number) => Math.round(value * 10) / 10;

  const report: SoakReport = {
    startedAt,
    options: settings,
    seconds: round(loadMs / 1000),
    requests: sent,
    ok,
    byCategory,
    errors,
    errorCount,
    errorSamples,
    hubLogErrors: hub.logs.slice(logsBefore).filter((line) => /"level":(50|60)/.test(line)).slice(0, 5).map((line) => line.slice(0, 500)),
    latency: Object.fromEntries([...latencies.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, values]) => [key, summarise(values)])),
    memory: {
      beforeMiB: round(beforeMiB),
      afterWarmupMiB: round(afterWarmupMiB),
      endMiB: round(endMiB),
      peakMiB: round(Math.max(...memory.map((sample) => sample.mib))),
      growthPercent: round(growthPercent),
    },
    writes: { ...writes, failed: failedWrites, liveExpected: writes.created - writes.deleted, liveFound: liveRows[0].count, auditEntries: auditRows[0].count },
    goals: { noErrors: errorCount === 0, memoryGrowthUnder10Percent: growthPercent < 10, met: false },
  };
  report.goals.met = report.goals.noErrors && report.goals.memoryGrowthUnder10Percent;
  return report;
}

/** The report for people: a few lines and a table of latencies. */
export function formatSoakReport(report: SoakReport): string {
  const mark = (met: boolean) => (met ? 'met' : 'NOT MET');
  const lines = [
    `Soak of ${report.seconds} s at ${report.options.rate}/s (${report.startedAt}): ${report.requests} requests — ${report.byCategory.read} reads, ${report.byCategory.write} writes, ${report.byCategory.widget} widget requests`,
    `  errors        ${report.errorCount}${report.errorCount ? ` ${JSON.stringify(report.errors)}` : ''}  (goal 0: ${mark(report.goals.noErrors)})`,
    `  memory (RSS)  ${report.memory.beforeMiB} MiB before, ${report.memory.afterWarmupMiB} after the ${report.options.warmupSeconds} s warm-up, ${report.memory.endMiB} at the end (peak ${report.memory.peakMiB}): ${report.memory.growthPercent >= 0 ? '+' : ''}${report.memory.growthPercent}%  (goal under 10%: ${mark(report.goals.memoryGrowthUnder10Percent)})`,
    `  writes        ${report.writes.created} created, ${report.writes.updated} updated, ${report.writes.deleted} deleted; ${report.writes.liveFound} of ${report.writes.liveExpected} expected in the database; ${report.writes.auditEntries} audit entries${report.writes.failed ? ` (${report.writes.failed} writes failed: these counts cannot agree)` : ''}`,
    '',
    '  | requests | count | p50 ms | p99 ms | max ms |',
    '  |---|---:|---:|---:|---:|',
    ...Object.entries(report.latency).map(([key, latency]) => `  | ${key} | ${latency.count} | ${latency.p50} | ${latency.p99} | ${latency.max} |`),
  ];
  if (report.errorSamples.length > 0) lines.push('', '  first errors:', ...report.errorSamples.map((sample) => `    ${sample}`));
  if (report.hubLogErrors.length > 0) lines.push('', '  the hub logged:', ...report.hubLogErrors.map((line) => `    ${line}`));
  lines.push('', `  goals ${mark(report.goals.met)}`);
  return `${lines.join('\n')}\n`;
}
