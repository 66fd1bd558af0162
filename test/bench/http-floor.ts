import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The HTTP floor's server (http-floor-server.mjs), running. */
export interface HttpFloor {
  url: string;
  stop(): Promise<void>;
}

const serverFile = fileURLToPath(new URL('./http-floor-server.mjs', import.meta.url));

/**
 * Starts the HTTP floor on a database: a plain Node.js HTTP server that runs a floor's statements and answers
 * their rows as JSON, in a process of its own as the hub is. Beside the SQL floor it shows what HTTP and JSON on
 * Node.js cost a query before any GraphQL: no API on this stack can be faster.
 */
export async function startHttpFloor(databaseUrl: string): Promise<HttpFloor> {
  const child = spawn('node', [serverFile], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the HTTP floor exited with ${code} before listening`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
