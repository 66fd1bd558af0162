import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { repositoryRoot } from '../support/paths.js';
import { openBenchSession, type BenchSession } from './database.js';
import { SIZES, type SizeName } from './generate.js';
import { startHttpFloor, type HttpFloor } from './http-floor.js';
import { measureApi, measureFloor, measureHttpFloor, measureInTurns, memoryOf, statementsPerRequest, type Figures } from './measure.js';
import type { BenchQuery } from './queries.js';

/**
 * The API benchmark: `BENCH_SIZE=M npm run bench` (S, M or L). On the generated database of that
 * size it measures Q1–Q8 through the API at 1 and 16 connections, the same work in plain SQL (the floor), the
 * SQL statements per request and the hub's memory, prints a table with the goals met or not, and writes
 * test/.results/bench-<size>.json. It asserts nothing about times: the figures are for reading.
 */
const size = (process.env.BENCH_SIZE ?? 'M').toUpperCase() as SizeName;
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
/**
 * Seconds each query runs before it is measured, through the API and as the floor alike (BENCH_WARMUP, as long as
 * a measurement unless set). A hub runs a query it has just started slower for some seconds while V8 compiles its
 * hot code: on a freshly started hub, Q2's p50 went from 1.3 ms in its first seconds to 0.95 ms after about 4 s,
 * and Q6's from 4.4 to 3.5 ms after about 7 s (test/bench/RESULTS.md, seventh session). A hub serving users runs
 * warm, so the figures are of a warm hub.
 */
const warmup = Number(process.env.BENCH_WARMUP ?? seconds);
const log = (line: string) => process.stdout.write(`${line}\n`);
/** Turns of the API, its floor and the HTTP floor one after the other at one connection, within the measurement's seconds (measureInTurns). */
const TURNS = 3;
/** More requests than one measurement sends: where the n of each measurement starts (see the measurements). */
const ROUND_REQUESTS = 100_000;
/** Identical rounds of the reads at 16 connections after the measurements, for the hub's memory. */
const MEMORY_ROUNDS = 3;

interface Row {
  id: string;
  title: string;
  statements: number;
  api1: Figures;
  api16: Figures;
  floor1: Figures | null;
  floor16: Figures | null;
  /** The HTTP floor at one connection (http-floor.ts): the floor's statements behind a plain Node.js HTTP server. */
  httpFloor1: Figures | null;
  ratio: number | null;
  /** API p50 ÷ HTTP floor p50: what the hub adds to HTTP and the statements. */
  httpRatio: number | null;
  statementsGoal: boolean | null;
  ratioGoal: boolean | null;
  rssAfter: number;
}

let session: BenchSession | undefined;
let pool: pg.Pool | undefined;
let httpFloor: HttpFloor | undefined;
afterAll(async () => {
  await httpFloor?.stop();
  await pool?.end();
  await session?.close();
});

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const goalText = (query: BenchQuery) => (query.goals.statements ? `${query.goals.statements.exact ? '=' : '≤'} ${query.goals.statements.at}` : '');
const mark = (met: boolean | null) => (met === null ? '–' : met ? 'met' : 'NOT met');

it(`benchmarks the API at size ${size}`, async () => {
  if (!(size in SIZES)) throw new Error(`BENCH_SIZE must be one of ${Object.keys(SIZES).join(', ')} (got ${size})`);
  session = await openBenchSession(size, log);
  // The floor's sessions are set up as the hub's are (mikro-orm.config.ts): no JIT, which would add its compile
  // time to the floor's larger plans and flatter the ratios.
  pool = new pg.Pool({ connectionString: session.database.url, max: 16, options: '-c jit=off' });
  httpFloor = await startHttpFloor(session.database.url);
  const { hub } = session;
  const pid = hub.process.pid!;
  const baseline = memoryOf(pid);
  log(`\nhub started on ${size} (${SIZES[size]} nodes), RSS ${fixed(baseline.rss)} MB; ${seconds} s a measurement after ${warmup} s of warm-up\n`);

  const rows: Row[] = [];
  const queries = [...session.queries.filter((query) => !query.writes), ...session.queries.filter((query) => query.writes)];
  for (const query of queries) {
    await query.prepare?.();
    const statements = await statementsPerRequest(hub.url, query);
    // Warm up (compiled code, plans, caches) before timing, the API and both floors alike.
    await measureApi(hub.url, query, 1, warmup);
    await measureFloor(pool, query, 1, warmup);
    await measureHttpFloor(httpFloor.url, query, warmup);
    // Each measurement asks requests of its own (from its own n): a widget answer, once computed, is cached, so an
    // uncached measurement must not repeat the requests of the one before.
    const { api: api1, floor: floor1, httpFloor: httpFloor1 } = await measureInTurns(hub.url, pool, query, seconds, TURNS, ROUND_REQUESTS, httpFloor.url);
    const api16 = await measureApi(hub.url, query, 16, seconds, 2 * ROUND_REQUESTS);
    const floor16 = await measureFloor(pool, query, 16, seconds, 2 * ROUND_REQUESTS);
    const ratio = floor1 ? api1.p50 / floor1.p50 : null;
    const goal = query.goals.statements;
    const row: Row = {
      id: query.id,
      title: query.title,
      statements,
      api1,
      api16,
      floor1,
      floor16,
      httpFloor1,
      ratio,
      httpRatio: httpFloor1 ? api1.p50 / httpFloor1.p50 : null,
      statementsGoal: goal ? (goal.exact ? statements === goal.at : statements <= goal.at) : null,
      ratioGoal: query.goals.ratio !== null && ratio !== null && size === 'M' ? ratio <= query.goals.ratio : null,
      rssAfter: memoryOf(pid).rss,
    };
    rows.push(row);
    log(
      `${query.id.padEnd(7)} ${fixed(api1.rps, 0).padStart(6)} rps  p50 ${fixed(api1.p50, 2)} ms  (floor ${floor1 ? fixed(floor1.p50, 2) : '–'} ms, ` +
        `HTTP floor ${httpFloor1 ? fixed(httpFloor1.p50, 2) : '–'} ms)  ${statements} SQL`,
    );
  }

  // Memory: identical rounds of the reads at 16 connections, the hub's RSS after each. The measurement round above
  // is no baseline for them: it ends with the writes (Q8) at 16 connections, another load, after which the hub's
  // heap stands lower than after reads. Each memory round asks the same queries in the same order and ends with the
  // same one, so what the hub keeps from round to round (a leak, a cache without bound) shows as growth between the
  // first round and the last.
  const afterMeasurements = memoryOf(pid);
  const afterRounds: Array<ReturnType<typeof memoryOf>> = [];
  for (let round = 1; round <= MEMORY_ROUNDS; round += 1) {
    for (const query of queries.filter((candidate) => !candidate.writes)) {
      await query.prepare?.();
      await measureApi(hub.url, query, 16, seconds, (2 + round) * ROUND_REQUESTS);
    }
    afterRounds.push(memoryOf(pid));
  }
  const firstRound = afterRounds[0];
  const lastRound = afterRounds[afterRounds.length - 1];
  const growth = (lastRound.rss - firstRound.rss) / firstRound.rss;

  const hit = rows.find((row) => row.id === 'Q7hit')!;
  const miss = rows.find((row) => row.id === 'Q7miss')!;
  const cacheGain = hit.api16.rps / miss.api16.rps;
  const goals = [
    `cached widget ≥ 5× uncached throughput (16 connections): ${fixed(cacheGain)}× — ${mark(cacheGain >= 5)}`,
    `peak RSS < 300 MB: ${fixed(lastRound.peak)} MB — ${mark(lastRound.peak < 300)}`,
    `RSS growth across ${MEMORY_ROUNDS} rounds of the reads < 10%: ${fixed(growth * 100)}% (after each: ${afterRounds.map((memory) => fixed(memory.rss)).join(' → ')} MB; ` +
      `${fixed(afterMeasurements.rss)} MB after the measurements) — ${mark(growth < 0.1)}`,
  ];

  const table = [
    `| query | 1 conn rps | p50 ms | p99 ms | 16 conn rps | p50 ms | p99 ms | floor p50 ms (1) | floor rps (16) | API ÷ floor p50 | HTTP floor p50 ms (1) | API ÷ HTTP floor | SQL/request | statements goal | time goal (M) |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|`,
    ...rows.map((row) =>
      [
        `${row.id} ${row.title}`,
        fixed(row.api1.rps, 0),
        fixed(row.api1.p50, 2),
        fixed(row.api1.p99, 2),
        fixed(row.api16.rps, 0),
        fixed(row.api16.p50),
        fixed(row.api16.p99),
        row.floor1 ? fixed(row.floor1.p50, 2) : '–',
        row.floor16 ? fixed(row.floor16.rps, 0) : '–',
        row.ratio !== null ? `${fixed(row.ratio, 2)}×` : '–',
        row.httpFloor1 ? fixed(row.httpFloor1.p50, 2) : '–',
        row.httpRatio !== null ? `${fixed(row.httpRatio, 2)}×` : '–',
        String(row.statements),
        `${mark(row.statementsGoal)}${row.statementsGoal === false ? ` (goal ${goalText(queries.find((query) => query.id === row.id)!)})` : ''}`,
        mark(row.ratioGoal),
      ].join(' | '),
    ).map((line) => `| ${line} |`),
  ];
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${fixed(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${
    ((await pool.query<{ version: string }>('select version()')).rows[0].version.match(/PostgreSQL [\d.]+/) ?? ['PostgreSQL'])[0]
  }`;
  const errors = rows.reduce((sum, row) => sum + row.api1.errors + row.api16.errors + (row.floor1?.errors ?? 0) + (row.floor16?.errors ?? 0) + (row.httpFloor1?.errors ?? 0), 0);
  log(
    `\nAmity API benchmark, size ${size} (${SIZES[size]} nodes), ${new Date().toISOString()}\n${machine}\n` +
      `${session.database.generatedIn !== null ? `generated in ${fixed(session.database.generatedIn)} s\n` : 'generated database reused from the cache\n'}\n` +
      `${table.join('\n')}\n\n${goals.map((line) => `- ${line}`).join('\n')}\n- failed requests: ${errors}\n`,
  );

  const folder = path.join(repositoryRoot, 'test/.results');
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `bench-${size}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      { size, nodes: SIZES[size], at: new Date().toISOString(), machine, seconds, generatedIn: session.database.generatedIn, generationSteps: session.database.steps, rows, memory: { baseline, afterMeasurements, afterRounds, growth }, cacheGain, errors },
      null,
      2,
    ),
  );
  log(`written to ${path.relative(repositoryRoot, file)}`);
  expect(rows.length).toBe(queries.length);
});
