import type { RedisLink } from './redis-link.js';

/**
 * Counters forgotten after a quiet spell: each hit pushes the counter's end `ms` further. The sign-in throttle
 * counts failures in them ("forgotten after 15 minutes without another"). In memory for one hub, in Redis for
 * several.
 *
 * Written here rather than taken from rate-limiter-flexible, which counts the widget keys' rates: its stores
 * count in fixed windows only (its Redis script sets the expiry only on a new key, its memory store keeps the
 * first expiry), and its one way to change that, `customIncrTtlLuaScript`, redefines the script every limiter
 * on the same ioredis connection runs (`defineCommand('rlflxIncr')`). Tried with rate-limiter-flexible 11.4.0,
 * hits 0.9 s apart on a limit of 2 per 2 s: let through, let through, refused, let through, let through alone;
 * refused from the third on once a sliding limiter was made on the same connection (a busy key never recovers).
 */
export interface SlidingCounters {
  add(key: string, ms: number): Promise<void>;
  /** The counts now (0 for a counter that ended or never began). */
  read(keys: string[]): Promise<number[]>;
  remove(keys: string[]): Promise<void>;
}

/** Counters of this process only. */
export class MemorySlidingCounters implements SlidingCounters {
  private readonly counters = new Map<string, { count: number; ends: number }>();

  constructor(private readonly maxEntries = 100_000) {}

  async add(key: string, ms: number): Promise<void> {
    const now = Date.now();
    const counter = this.counters.get(key);
    const fresh = !counter || counter.ends <= now;
    if (fresh && this.counters.size >= this.maxEntries) this.forgetEnded(now);
    this.counters.set(key, { count: fresh ? 1 : counter.count + 1, ends: now + ms });
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

/**
 * Counters in Redis, shared by every hub: one more hit and the new end in one transaction, so that two hubs
 * counting at once lose no hit. While Redis is away each hub counts in its own memory: limits then hold per hub
 * instead of not at all.
 */
export class RedisSlidingCounters implements SlidingCounters {
  constructor(
    private readonly link: RedisLink,
    private readonly fallback: SlidingCounters = new MemorySlidingCounters(),
  ) {}

  add(key: string, ms: number): Promise<void> {
    const name = this.link.key('count', key);
    return this.link.attempt(
      async (redis) => void (await redis.multi().incr(name).pexpire(name, ms).exec()),
      () => this.fallback.add(key, ms),
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
