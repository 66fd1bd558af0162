import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';
import { formatSoakReport, runSoak } from '../support/soak.js';

/**
 * A short soak in every test run: the mixed workload of `npm run soak` for a few seconds at a
 * low rate. It asserts no errors and that the writes happened, never latency or memory (the machines are noisy);
 * `npm run soak` measures those.
 */

let hub: Hub;
beforeAll(async () => {
  hub = await startHub({ template: 'demo' });
});
afterAll(async () => hub?.stop());

it('serves reads, writes and widgets at a steady rate with no error, and every write lands', async () => {
  const report = await runSoak(hub, { seconds: 24, rate: 5, maxRequests: 150, warmupSeconds: 5 });
  process.stdout.write(`\n${formatSoakReport(report)}\n`);

  expect(report.errors).toEqual({});
  expect(report.ok).toBe(report.requests);
  expect(report.requests).toBeGreaterThan(100);
  expect(report.byCategory.read).toBeGreaterThan(report.byCategory.write);
  expect(report.byCategory.widget).toBeGreaterThan(15);
  expect(report.writes.created).toBeGreaterThan(4);
  expect(report.writes.updated).toBeGreaterThan(0);
  expect(report.writes.deleted).toBeGreaterThan(0);
  expect(report.writes.liveFound).toBe(report.writes.liveExpected);
  expect(report.writes.auditEntries).toBe(report.writes.created + report.writes.updated + report.writes.deleted);
}, 120_000);
