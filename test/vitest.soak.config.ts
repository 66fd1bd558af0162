import { defineConfig } from 'vitest/config';

/** The soak (`npm run soak`): run on demand, never by `npm test`; reliability/soak.test.ts is its short form there. */
export default defineConfig({
  test: {
    include: ['reliability/soak.run.ts'],
    globalSetup: ['./support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    // Bounded by SOAK_MINUTES (at most 240) plus setup; the run stops itself long before.
    testTimeout: 250 * 60_000,
    hookTimeout: 120_000,
  },
});
