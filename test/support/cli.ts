import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { keptLogFile } from './log-check.js';
import { serverCli } from './paths.js';

/** What one run of the server's CLI did. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node server/dist/cli.js …args` with the test's environment plus `env` (a key set to undefined is removed,
 * e.g. DATABASE_URL to use the embedded PostgreSQL), and returns its exit code and output whatever they are.
 */
export function runCli(args: string[], env: Record<string, string | undefined>): Promise<CliRun> {
  const merged: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return new Promise((resolve) => {
    execFile('node', [serverCli, ...args], { env: merged, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      // Kept for the check after the run, as a hub's output is.
      writeFileSync(keptLogFile(), `${stdout}${stdout.endsWith('\n') || !stdout ? '' : '\n'}${stderr}`);
      resolve({ code, stdout, stderr });
    });
  });
}
