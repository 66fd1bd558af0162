import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { MemoryWidgetCache, RedisWidgetCache, type WidgetCache } from '../widgets/widget-cache.js';
import { MemoryCounters, RedisCounters, type Counters } from './counters.js';
import { MemoryGenerations, RedisGenerations, type Generations } from './generations.js';
import { RedisLink } from './redis-link.js';

/** How long a starting hub waits for Redis before it starts without it. */
const CONNECT_WAIT_MS = 3_000;

/**
 * What the copies of the hub must share (DESIGN §7): counters under the rate limits and the sign-in throttle,
 * the generations that invalidate each hub's copies of credentials and widget keys, and the widget answers.
 * Chosen once at start: Redis when REDIS_URL is set, this process's memory otherwise.
 */
export interface SharedState {
  counters: Counters;
  generations: Generations;
  widgetCache: WidgetCache;
  /** For /readyz: `off` without REDIS_URL; `unavailable` while the hub goes on without Redis. */
  redisState(): 'off' | 'ready' | 'unavailable';
  close(): Promise<void>;
}

export async function openSharedState(config: Config, log: Logger): Promise<SharedState> {
  if (!config.redis) {
    return { counters: new MemoryCounters(), generations: new MemoryGenerations(), widgetCache: new MemoryWidgetCache(config.widgets.cacheMegabytes), redisState: () => 'off', close: async () => undefined };
  }
  const link = new RedisLink(config.redis, log.child({ phase: 'background' }));
  await link.connect(CONNECT_WAIT_MS);
  if (link.state() === 'ready') log.info({ prefix: config.redis.prefix }, 'sharing rate limits, widget cache and invalidations through Redis');
  const generations = new RedisGenerations(link);
  return {
    counters: new RedisCounters(link),
    generations,
    widgetCache: new RedisWidgetCache(link, generations, config.widgets.cacheMegabytes),
    redisState: () => link.state(),
    close: () => link.close(),
  };
}
