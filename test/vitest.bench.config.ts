import { defineConfig } from 'vitest/config';

/** Benchmarks: run on demand (`npm run bench:import`), never by `npm test`; they report, they do not assert times. */
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.test.ts'],
    globalSetup: ['./support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 900_000,
    hookTimeout: 120_000,
  },
});
