import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The server's modules load graphql as Node does (its CommonJS build); a test that builds the schema from them
  // must not load a second copy (the ES module build vite prefers): "another module or realm".
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    // Each test file starts its own hub process on its own database; two run at a time on two cores.
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', 'json'],
    outputFile: { json: '.results/vitest.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'amity',
          include: ['api/**/*.test.ts', 'unit/**/*.test.ts', 'browser/**/*.test.ts', 'reliability/**/*.test.ts', 'bench/**/*.smoke.test.ts'],
          globalSetup: ['./support/global-setup.ts'],
          testTimeout: 30_000,
          // A poll waits for what a busy machine may take a while to show (a list settling on its filter).
          expect: { poll: { timeout: 15_000, interval: 100 } },
          hookTimeout: 120_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        // After every other file has run and stopped its hubs: what all the hubs logged (support/log-check.ts).
        // A test file rather than a teardown, because a teardown's failure neither fails vitest nor reaches its report.
        extends: true,
        test: {
          name: 'after-run',
          include: ['after-run/**/*.test.ts'],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
