import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['api/**/*.test.ts', 'unit/**/*.test.ts', 'browser/**/*.test.ts', 'reliability/**/*.test.ts', 'bench/**/*.smoke.test.ts'],
    globalSetup: ['./support/global-setup.ts'],
    // Each test file starts its own hub process on its own database; two run at a time on two cores.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    // A poll waits for what a busy machine may take a while to show (a list settling on its filter).
    expect: { poll: { timeout: 15_000, interval: 100 } },
    hookTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.results/vitest.json' },
  },
});
