import { LRUCache } from 'lru-cache';
import type { RedisLink } from './redis-link.js';

/**
 * Numbered generations of something hubs keep copies of (credentials, widget keys, widget answers): a change
 * anywhere moves its generation on, and a copy made under an older generation is no longer used. In memory for
 * one hub; in Redis for several, where reading the generation per request is what makes a sign-out or a
 * revocation on one hub hold on every other at once.
 */
export interface Generations {
  /** The generation now, or undefined when it cannot be known (Redis away): then no copy may be trusted. */
  current(name: string): Promise<number | undefined>;
  /** Moves a generation on: every copy made before is stale, on every hub. */
  bump(name: string): Promise<void>;
}

/** Generations of this process only. */
export class MemoryGenerations implements Generations {
  private readonly numbers = new Map<string, number>();

  async current(name: string): Promise<number> {
    return this.numbers.get(name) ?? 0;
  }

  async bump(name: string): Promise<void> {
    this.numbers.set(name, (this.numbers.get(name) ?? 0) + 1);
  }
}

/**
 * Generations in Redis. A bump that could not reach Redis is sent again as soon as Redis is back, so that a
 * change made during an outage still reaches the copies other hubs made before it.
 */
export class RedisGenerations implements Generations {
  private readonly unsent = new Set<string>();

  constructor(private readonly link: RedisLink) {
    link.onReady(() => {
      for (const name of [...this.unsent]) void this.bump(name);
    });
  }

  /** The Redis key holding a generation (for scripts that read it together with what it guards). */
  key(name: string): string {
    return this.link.key('generation', name);
  }

  current(name: string): Promise<number | undefined> {
    return this.link.attempt(async (redis) => Number((await redis.get(this.key(name))) ?? 0), () => undefined);
  }

  async bump(name: string): Promise<void> {
    this.unsent.delete(name);
    await this.link.attempt(
      async (redis) => void (await redis.incr(this.key(name))),
      () => void this.unsent.add(name),
    );
  }
}

/** What a lookup in a `GenerationCache` found, and how to keep a value computed now. */
export interface CacheLookup<V> {
  value?: V;
  /** Keeps a value computed after this lookup; it is dropped if its generation moved on meanwhile. */
  keep(value: V, until?: number): void;
}

/** How much a `GenerationCache` keeps at most; past either bound, the copies used longest ago go first. */
export interface CacheBounds<V> {
  /** Copies at most (10,000 unless said). */
  maxEntries?: number;
  /** Bytes at most in all, as `sizeOf` measures a copy (no bound unless said); a copy larger than this is not kept. */
  maxBytes?: number;
  sizeOf?: (value: V) => number;
}

/** A copy kept: its value, when it stops being trusted, and the generation it was made under. */
interface Kept<V> {
  value: V;
  until: number;
  generation: number;
}

/**
 * A copy in this process's memory of what the database says (a credential, a widget key), trusted only for
 * `ttlMs` and only while its generation has not moved on. When the generation cannot be known (Redis away), the
 * copies are all dropped and nothing is kept, so every request asks the database: slower, never wrong. The copies
 * sit in an LRU cache bounded in number and, when asked, in bytes.
 */
export class GenerationCache<V> {
  private readonly entries: LRUCache<string, Kept<V>>;

  constructor(
    private readonly generations: Generations,
    private readonly name: string,
    private readonly ttlMs: number,
    bounds: CacheBounds<V> = {},
  ) {
    const { maxBytes, sizeOf } = bounds;
    this.entries = new LRUCache<string, Kept<V>>({
      max: bounds.maxEntries ?? 10_000,
      // lru-cache counts sizes in whole units of at least 1; a copy larger than maxBytes is not kept.
      ...(maxBytes !== undefined && sizeOf ? { maxSize: maxBytes, sizeCalculation: (kept: Kept<V>) => Math.max(1, Math.ceil(sizeOf(kept.value))) } : {}),
    });
  }

  async lookup(key: string): Promise<CacheLookup<V>> {
    const generation = await this.generations.current(this.name);
    if (generation === undefined) {
      this.entries.clear();
      return { keep: () => undefined };
    }
    const now = Date.now();
    const keep = (value: V, until = now + this.ttlMs) => {
      this.entries.set(key, { value, until: Math.min(until, now + this.ttlMs), generation });
    };
    const entry = this.entries.get(key);
    if (entry && entry.generation === generation && entry.until > Date.now()) return { value: entry.value, keep };
    if (entry) this.entries.delete(key);
    return { keep };
  }

  /** Drops every copy here at once, and on every other hub by moving the generation on. */
  async invalidate(): Promise<void> {
    this.entries.clear();
    await this.generations.bump(this.name);
  }
}
