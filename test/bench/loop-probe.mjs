// Loaded into the hub by the limits benchmark (`node --import`): a timer every 5 ms notes each time it ran late,
// and how much CPU the hub's process used meanwhile. A late timer with the CPU used tells the hub's own work holding
// its event loop; a late timer without it, a machine whose cores were busy elsewhere (PostgreSQL, on two cores).
// Lines go to stderr, the hub's log, as {"loopProbe":{"lateMs":…,"cpuMs":…}}.
// Only in the hub's main thread: NODE_OPTIONS loads it into the spreadsheet worker too, whose loop is meant to be
// busy (and process.cpuUsage() counts every thread, so the CPU of a note is at most the hub's).
import { performance } from 'node:perf_hooks';
import { setInterval } from 'node:timers';
import { isMainThread } from 'node:worker_threads';

const EVERY_MS = 5;
const NOTED_FROM_MS = 20;
let last = performance.now();
let lastCpu = process.cpuUsage();
if (isMainThread) setInterval(() => {
  const now = performance.now();
  const cpu = process.cpuUsage(lastCpu);
  const lateMs = now - last - EVERY_MS;
  if (lateMs >= NOTED_FROM_MS) {
    process.stderr.write(`${JSON.stringify({ loopProbe: { lateMs: Math.round(lateMs), cpuMs: Math.round((cpu.user + cpu.system) / 1000) } })}\n`);
  }
  last = now;
  lastCpu = process.cpuUsage();
}, EVERY_MS).unref();
