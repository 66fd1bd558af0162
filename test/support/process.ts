import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { keepOutput } from './log-check.js';
import { hubNode } from './paths.js';

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Whether something listens on the port (on 127.0.0.1). */
export function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface Started {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first line containing `text`, or rejects when the process exits first. */
  waitFor(text: string, timeoutMs?: number): Promise<string>;
  exited: Promise<number | null>;
}

/** Runs `node args…` and keeps every line it prints, stdout and stderr (also in a file, for the check after the run). */
export function startProcess(args: string[], env: NodeJS.ProcessEnv): Started {
  const child = spawn(hubNode, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  const keep = keepOutput(child);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      keep(line);
      for (const listener of listeners) listener(line);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    exited,
    waitFor(text, timeoutMs = 90_000) {
      const found = lines.find((line) => line.includes(text));
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${text}" within ${timeoutMs} ms:\n${lines.join('\n')}`)), timeoutMs);
        const listener = (line: string) => {
          if (line.includes(text)) {
            clearTimeout(timer);
            listeners.delete(listener);
            resolve(line);
          }
        };
        listeners.add(listener);
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`exited with ${code} before "${text}":\n${lines.join('\n')}`));
        });
      });
    },
  };
}
