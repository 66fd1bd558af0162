import { createHash } from 'node:crypto';
import { GenerationCache, MemoryGenerations, type CacheLookup, type RedisGenerations } from '../shared/generations.js';
import type { RedisLink } from '../shared/redis-link.js';

/** A widget answer as sent: its JSON text and ETag. */
export interface CachedWidgetAnswer {
  body: string;
  etag: string;
}

/**
 * Where widget answers are kept between requests: in memory for one hub, in Redis for several behind one address.
 * A committed change anywhere clears it; an answer computed while a change committed is not kept.
 */
export interface WidgetCache {
  /** The answer kept for a key (`value`), or how to keep the one computed now (`keep`). */
  lookup(key: string): Promise<WidgetCacheLookup>;
  /** Drops every answer, on every hub. */
  clear(): Promise<void>;
}

export interface WidgetCacheLookup {
  value?: CachedWidgetAnswer;
  keep(answer: CachedWidgetAnswer): void | Promise<void>;
}

const GENERATION = 'widget-answers';

/** How many answers a hub keeps in its memory at most (and at most AMITY_WIDGET_CACHE_MB megabytes of them). */
const MAX_ANSWERS = 1000;

/**
 * What an answer takes of the hub's memory, about: V8 keeps a string with any character past Latin-1 (a Chinese
 * name) at two bytes a character.
 */
const answerBytes = (answer: CachedWidgetAnswer) => 2 * (answer.body.length + answer.etag.length);

/**
 * Answers in this process's memory, dropped by a change made through this process. They are bounded in number
 * and in bytes: a widget key is public, and a thousand large pages (`first: 500`) asked under it would otherwise
 * be a thousand large answers kept for good.
 */
export class MemoryWidgetCache implements WidgetCache {
  private readonly answers: GenerationCache<CachedWidgetAnswer>;

  /** `ttlMs`: how long an answer is kept at most (forever by default: only a change drops it). */
  constructor(maxMegabytes: number, ttlMs = Number.POSITIVE_INFINITY) {
    this.answers = new GenerationCache(new MemoryGenerations(), GENERATION, ttlMs, { maxEntries: MAX_ANSWERS, maxBytes: maxMegabytes * 2 ** 20, sizeOf: answerBytes });
  }

  lookup(key: string): Promise<CacheLookup<CachedWidgetAnswer>> {
    return this.answers.lookup(key);
  }

  clear(): Promise<void> {
    return this.answers.invalidate();
  }
}

/** The generation and the answer kept under it, in one round trip. */
const LOOKUP = `
local generation = redis.call('GET', KEYS[1]) or '0'
return {generation, redis.call('GET', ARGV[1] .. generation .. ':' .. ARGV[2])}
`;

/** Keeps an answer only when the generation it was computed under is still the current one. */
const KEEP = `
if (redis.call('GET', KEYS[1]) or '0') == ARGV[1] then
  redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
end
return 0
`;

/** How long an answer stays in Redis at most; a change makes it unreachable at once, this only frees the memory. */
const REDIS_TTL_MS = 10 * 60_000;
/** While Redis is away, answers are kept in the hub's own memory this long, so a change on another hub shows soon. */
const FALLBACK_TTL_MS = 5_000;

/**
 * Answers in Redis, shared by every hub, under a shared generation: a change committed through any hub moves it
 * on, and every hub's next lookup misses. While Redis is away, each hub keeps answers in its own memory for a few
 * seconds only (a change through another hub cannot reach it then).
 */
export class RedisWidgetCache implements WidgetCache {
  private readonly fallback: MemoryWidgetCache;

  constructor(
    private readonly link: RedisLink,
    private readonly generations: RedisGenerations,
    fallbackMegabytes: number,
  ) {
    this.fallback = new MemoryWidgetCache(fallbackMegabytes, FALLBACK_TTL_MS);
  }

  lookup(key: string): Promise<WidgetCacheLookup> {
    const hashed = createHash('sha256').update(key).digest('base64url');
    return this.link.attempt(
      async (redis) => {
        const [generation, stored] = (await redis.eval(LOOKUP, 1, this.generations.key(GENERATION), this.link.key('widget-answer', ''), hashed)) as [string, string | null];
        return {
          value: stored ? (JSON.parse(stored) as CachedWidgetAnswer) : undefined,
          keep: (answer: CachedWidgetAnswer) =>
            this.link.attempt(
              async (client) => void (await client.eval(KEEP, 2, this.generations.key(GENERATION), this.link.key('widget-answer', generation, hashed), generation, JSON.stringify(answer), String(REDIS_TTL_MS))),
              () => undefined,
            ),
        };
      },
      () => this.fallback.lookup(key),
    );
  }

  async clear(): Promise<void> {
    await this.fallback.clear();
    await this.generations.bump(GENERATION);
  }
}
