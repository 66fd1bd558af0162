import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { MemoryWidgetCache, RedisWidgetCache, type WidgetCache } from '../widgets/widget-cache.js';
import { MemoryGenerations, RedisGenerations, type Generations } from './generations.js';
import { MemoryRateLimiters, RedisRateLimiters, type RateLimiters } from './rate-limiters.js';
import { RedisLink } from './redis-link.js';
import { MemorySlidingCounters, RedisSlidingCounters, type SlidingCounters } from './sliding-counters.js';

/** How long a starting hub waits for Redis before it starts without it. */
const CONNECT_WAIT_MS = 3_000;

/**
 * What the copies of the hub must share: the widget keys' rate limits, the sign-in throttle's counts of failures,
 * the generations that invalidate each hub's copies of credentials and widget keys, and the widget answers.
 * Chosen once at start: Redis when REDIS_URL is set, this process's memory otherwise.
 */
export interface SharedState {
  rateLimiters: RateLimiters;
  signInFailures: SlidingCounters;
  generations: Generations;
  widgetCache: WidgetCache;
  /** For /readyz: `off` without REDIS_URL; `unavailable` while the hub goes on without Redis. */
  redisState(): 'off' | 'ready' | 'unavailable';
  close(): Promise<void>;
}

export async function openSharedState(config: Config, log: Logger): Promise<SharedState> {
  if (!config.redis) {
    return { rateLimiters: new MemoryRateLimiters(), signInFailures: new MemorySlidingCounters(), generations: new MemoryGenerations(), widgetCache: new MemoryWidgetCache(config.widgets.cacheMegabytes), redisState: () => 'off', close: async () => undefined };
  }
  const link = new RedisLink(config.redis, log.child({ phase: 'background' }));
  await link.connect(CONNECT_WAIT_MS);
  if (link.state() === 'ready') log.info({ prefix: config.redis.prefix }, 'sharing rate limits, widget cache and invalidations through Redis');
  const generations = new RedisGenerations(link);
  return {
    rateLimiters: new RedisRateLimiters(link),
    signInFailures: new RedisSlidingCounters(link),
    generations,
    widgetCache: new RedisWidgetCache(link, generations, config.widgets.cacheMegabytes),
    redisState: () => link.state(),
    close: () => link.close(),
  };
}
