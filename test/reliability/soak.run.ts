import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';
import { repositoryRoot } from '../support/paths.js';
import { formatSoakReport, runSoak } from '../support/soak.js';

/**
 * The soak, on demand: `npm run soak -- --minutes 5 --rate 50` (or SOAK_MINUTES, SOAK_RATE, SOAK_MAX_REQUESTS,
 * SOAK_WARMUP_SECONDS with `vitest run --config vitest.soak.config.ts`). One hub on a fresh copy of the demo data
 * (embedded PostgreSQL, or DATABASE_URL's server), loaded on 127.0.0.1; prints the report, writes it to
 * test/.results/soak-<time>.json, and fails when a goal is not met (any error; memory growth of 10% or more).
 */

function setting(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`${name} must be a number from ${min} to ${max} (got "${raw}")`);
  return value;
}

const minutes = setting('SOAK_MINUTES', 5, 0.1, 240);
const rate = setting('SOAK_RATE', 50, 1, 2000);
const maxRequests = Math.round(setting('SOAK_MAX_REQUESTS', Math.ceil(minutes * 60 * rate), 1, 50_000_000));
const warmupSeconds = setting('SOAK_WARMUP_SECONDS', Math.min(60, Math.round(minutes * 60 * 0.2)), 0, 3600);

let hub: Hub;
beforeAll(async () => {
  hub = await startHub({ template: 'demo' });
});
afterAll(async () => hub?.stop());

it(`soaks the hub for ${minutes} minutes at ${rate} requests a second`, async () => {
  const report = await runSoak(hub, { seconds: minutes * 60, rate, maxRequests, warmupSeconds });
  const folder = path.join(repositoryRoot, 'test/.results');
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `soak-${report.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\n${formatSoakReport(report)}  report: ${file}\n\n`);
  expect(report.goals).toEqual({ noErrors: true, memoryGrowthUnder10Percent: true, met: true });
});
