import type { RedisLink } from './redis-link.js';

/** A counter after one more hit: its count and the milliseconds until it ends. */
export interface Count {
  count: number;
  msLeft: number;
}

/**
 * Counters that end after a while: the storage under the rate limits and the sign-in throttle, whose rules are
 * written once above it. `fixed`: the counter ends `ms` after its first hit (a window); `sliding`: `ms` after its
 * last hit (forgotten after a quiet spell). In memory for one hub, in Redis for several.
 */
export interface Counters {
  add(key: string, ms: number, mode: 'fixed' | 'sliding'): Promise<Count>;
  /** The counts now (0 for a counter that ended or never began). */
  read(keys: string[]): Promise<number[]>;
  remove(keys: string[]): Promise<void>;
}

/** Counters of this process only. */
export class MemoryCounters implements Counters {
  private readonly counters = new Map<string, { count: number; ends: number }>();

  constructor(private readonly maxEntries = 100_000) {}

  async add(key: string, ms: number, mode: 'fixed' | 'sliding'): Promise<Count> {
    const now = Date.now();
    const counter = this.counters.get(key);
    const fresh = !counter || counter.ends <= now;
    const next = { count: fresh ? 1 : counter.count + 1, ends: fresh || mode === 'sliding' ? now + ms : counter.ends };
    if (fresh && this.counters.size >= this.maxEntries) this.forgetEnded(now);
    this.counters.set(key, next);
    return { count: next.count, msLeft: next.ends - now };
  }

  async read(keys: string[]): Promise<number[]> {
    const now = Date.now();
    return keys.map((key) => {
      const counter = this.counters.get(key);
      return counter && counter.ends > now ? counter.count : 0;
    });
  }

  async remove(keys: string[]): Promise<void> {
    for (const key of keys) this.counters.delete(key);
  }

  private forgetEnded(now: number): void {
    for (const [key, counter] of this.counters) if (counter.ends <= now) this.counters.delete(key);
    // Still full of live counters (a flood of new keys): start over rather than grow without end.
    if (this.counters.size >= this.maxEntries) this.counters.clear();
  }
}

/** One more hit and the counter's expiry in one step, so that two hubs counting at once lose no hit. */
const ADD = `
local count = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if count == 1 or ARGV[2] == 'sliding' or left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return {count, left}
`;

/**
 * Counters in Redis, shared by every hub. While Redis is away each hub counts in its own memory: limits then
 * hold per hub (N hubs let through up to N times a quota) instead of not at all.
 */
export class RedisCounters implements Counters {
  constructor(
    private readonly link: RedisLink,
    private readonly fallback: Counters = new MemoryCounters(),
  ) {}

  add(key: string, ms: number, mode: 'fixed' | 'sliding'): Promise<Count> {
    return this.link.attempt(
      async (redis) => {
        const [count, msLeft] = (await redis.eval(ADD, 1, this.link.key('count', key), String(ms), mode)) as [number, number];
        return { count, msLeft };
      },
      () => this.fallback.add(key, ms, mode),
    );
  }

  read(keys: string[]): Promise<number[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.link.attempt(
      async (redis) => (await redis.mget(...keys.map((key) => this.link.key('count', key)))).map((value) => Number(value ?? 0)),
      () => this.fallback.read(keys),
    );
  }

  async remove(keys: string[]): Promise<void> {
    await this.fallback.remove(keys);
    if (keys.length > 0) await this.link.attempt(async (redis) => void (await redis.del(...keys.map((key) => this.link.key('count', key)))), () => undefined);
  }
}
