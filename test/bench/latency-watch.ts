import path from 'node:path';
import type { Hub } from '../support/hub.js';
import { repositoryRoot } from '../support/paths.js';
import { startHttpFloor } from './http-floor.js';

const POLL_EVERY_MS = 20;

/** The hub's environment that loads the loop probe (loop-probe.mjs) into it. */
export function loopProbeEnv(): Record<string, string> {
  return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${path.join(repositoryRoot, 'test/bench/loop-probe.mjs')}`.trim() };
}

/** The worst latencies seen over a stretch of a benchmark, ms. */
export interface Latencies {
  /** /healthz of the hub. */
  health: number;
  /** The control server beside it: when it is slow too, the machine was busy, not the hub. */
  control: number;
  /** The most CPU the hub spent in one hold of its event loop (the loop probe's notes in its log). */
  own: number;
}

export interface LatencyWatch {
  /** The worst latencies since the last call (or the start), and a new stretch begins. */
  stretch(): Latencies;
  /** The worst of the whole watch. */
  worst(): Latencies;
  stop(): Promise<void>;
}

/**
 * Polls the hub's /healthz and, as a control, a plain Node.js HTTP server (the benchmark's HTTP floor, answering
 * at once) every 20 ms, and reads the loop probe's notes from the hub's log (a hub started with loopProbeEnv()).
 * On two cores shared with PostgreSQL a slow /healthz alone does not tell the hub's event loop from a busy
 * machine; the control and the hub's own holds do.
 */
export async function watchLatency(hub: Hub, databaseUrl: string): Promise<LatencyWatch> {
  const control = await startHttpFloor(databaseUrl);
  const fresh = (): Latencies => ({ health: 0, control: 0, own: 0 });
  let current = fresh();
  const whole = fresh();
  let logFrom = hub.logs.length;
  let polling = true;
  const note = (key: 'health' | 'control', ms: number) => {
    current[key] = Math.max(current[key], ms);
    whole[key] = Math.max(whole[key], ms);
  };
  const pollOf = (url: string, key: 'health' | 'control') =>
    (async () => {
      while (polling) {
        const started = performance.now();
        await fetch(url).then((response) => response.arrayBuffer());
        note(key, performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
      }
    })();
  const polls = [pollOf(`${hub.url}/healthz`, 'health'), pollOf(control.url, 'control')];
  /** The loop probe's notes since the last look: a late timer counts the CPU the hub spent meanwhile, at most. */
  const readOwn = () => {
    const lines = hub.logs;
    for (const line of lines.slice(logFrom)) {
      if (!line.includes('"loopProbe"')) continue;
      const { loopProbe } = JSON.parse(line) as { loopProbe: { lateMs: number; cpuMs: number } };
      const own = Math.min(loopProbe.cpuMs, loopProbe.lateMs);
      current.own = Math.max(current.own, own);
      whole.own = Math.max(whole.own, own);
    }
    logFrom = lines.length;
  };
  return {
    stretch() {
      readOwn();
      const seen = current;
      current = fresh();
      return seen;
    },
    worst() {
      readOwn();
      return { ...whole };
    },
    async stop() {
      polling = false;
      await Promise.all(polls);
      await control.stop();
    },
  };
}
