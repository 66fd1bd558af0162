import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RedisLink } from './redis-link.js';

/** A limit of `points` hits per key in fixed windows of `durationSeconds`, its keys named `keyPrefix:key`. */
export interface LimitRule {
  keyPrefix: string;
  points: number;
  durationSeconds: number;
}

/** One hit on a key: 0 when within the limit, else the whole seconds until its window ends (at least 1). */
export interface RateLimiter {
  hit(key: string): Promise<number>;
}

/** Where the rate limits count: chosen once at start, like the rest of the shared state. */
export interface RateLimiters {
  limiter(rule: LimitRule): RateLimiter;
}

interface Consumer {
  consume(key: string): Promise<RateLimiterRes>;
}

function memoryLimiter(rule: LimitRule): RateLimiterMemory {
  return new RateLimiterMemory({ keyPrefix: rule.keyPrefix, points: rule.points, duration: rule.durationSeconds });
}

/** The library refuses a hit over the limit by rejecting with its result; anything else is a fault. */
async function secondsToWait(choose: () => Consumer, key: string): Promise<number> {
  try {
    await choose().consume(key);
    return 0;
  } catch (refusal) {
    if (!(refusal instanceof RateLimiterRes)) throw refusal;
    return Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
  }
}

/** Limits of this process only. */
export class MemoryRateLimiters implements RateLimiters {
  limiter(rule: LimitRule): RateLimiter {
    const limiter = memoryLimiter(rule);
    return { hit: (key) => secondsToWait(() => limiter, key) };
  }
}

/**
 * Limits counted in Redis, shared by every hub (the library's script counts and sets the window in one step, so
 * two hubs counting at once lose no hit). While Redis is away each hub counts in its own memory, the library's
 * "insurance" limiter: limits then hold per hub (N hubs let through up to N times a quota) instead of not at all.
 * The insurance takes over from a command that fails, and `rejectIfRedisNotReady` from a connection that is
 * down. The link's state is asked first because a Redis that stops answering keeps its connection: measured
 * with a relay that stopped forwarding, each hit then waited for the command timeout (252, 250, 254, 250 ms)
 * with the insurance alone, and none while the link left Redis alone after a failure (0, 0, 0, then 251 ms
 * when the second was over). The failure the insurance hides is seen by the link's other users in the same
 * request (the widget cache and the generations).
 */
export class RedisRateLimiters implements RateLimiters {
  constructor(private readonly link: RedisLink) {}

  limiter(rule: LimitRule): RateLimiter {
    const insurance = memoryLimiter(rule);
    const shared = new RateLimiterRedis({
      storeClient: this.link.client,
      keyPrefix: this.link.key(rule.keyPrefix),
      points: rule.points,
      duration: rule.durationSeconds,
      rejectIfRedisNotReady: true,
      insuranceLimiter: insurance,
    });
    return { hit: (key) => secondsToWait(() => (this.link.state() === 'ready' ? shared : insurance), key) };
  }
}
