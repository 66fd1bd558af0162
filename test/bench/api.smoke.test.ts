import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBenchSession, type BenchSession } from './database.js';
import { statementsPerRequest } from './measure.js';
import type { BenchQuery } from './queries.js';

/**
 * The benchmark's smoke run: the S graph (10,000 nodes) and a five times smaller one (XS), the
 * benchmark's queries Q1–Q8 against each, and ONLY their SQL statement counts asserted: their goals (queries.ts), and
 * the same count at both sizes (no N+1). Counts are deterministic; times are not, and are never asserted.
 */
const sessions: Partial<Record<'XS' | 'S', BenchSession>> = {};

beforeAll(async () => {
  sessions.XS = await openBenchSession('XS');
  sessions.S = await openBenchSession('S');
}, 300_000);
afterAll(async () => {
  await sessions.XS?.close();
  await sessions.S?.close();
});

async function statements(session: BenchSession, query: BenchQuery): Promise<number> {
  await query.prepare?.();
  return statementsPerRequest(session.hub.url, query);
}

describe('SQL statements per request of the benchmark queries', () => {
  const ids = ['Q1', 'Q2', 'Q3', 'Q4', 'Q5p', 'Q5n', 'Q6', 'Q7miss', 'Q7hit', 'Q8'];
  for (const id of ids) {
    it(`${id}: meets its goal and is the same at 2,000 and 10,000 nodes`, async () => {
      const query = (size: 'XS' | 'S') => sessions[size]!.queries.find((candidate) => candidate.id === id)!;
      const small = await statements(sessions.XS!, query('XS'));
      const large = await statements(sessions.S!, query('S'));
      expect(large).toBe(small);
      const goal = query('S').goals.statements;
      if (goal?.exact) expect(large).toBe(goal.at);
      else if (goal) expect(large).toBeLessThanOrEqual(goal.at);
    });
  }
});
