import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/dist/logger.js';
import { MemoryRateLimiters, RedisRateLimiters, type LimitRule, type RateLimiters } from '../../server/dist/shared/rate-limiters.js';
import { RedisLink } from '../../server/dist/shared/redis-link.js';
import { RedisSlidingCounters } from '../../server/dist/shared/sliding-counters.js';
import { closedPort, redisAnswers, removeKeys, testRedisClient, testRedisPrefix, TEST_REDIS_URL } from '../support/redis.js';

/**
 * The stores under the widget keys' rate limits (server/src/shared/rate-limiters.ts, rate-limiter-flexible):
 * fixed windows, the wait a refusal gives, one count across hubs in Redis, and each hub's own count while Redis
 * is away. The limits as the widget routes apply them are in api/widgets.test.ts and reliability/multi-server.test.ts.
 */

const log = createLogger('silent');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const useRedis = await redisAnswers();
const prefix = testRedisPrefix();
const links: RedisLink[] = [];

async function redisLimiters(url = TEST_REDIS_URL): Promise<{ limiters: RedisRateLimiters; link: RedisLink }> {
  const link = new RedisLink({ url, prefix, timeoutMs: 250 }, log);
  links.push(link);
  await link.connect(1_000);
  return { limiters: new RedisRateLimiters(link), link };
}

afterAll(async () => {
  for (const link of links) await link.close();
  if (useRedis) {
    const client = testRedisClient();
    await removeKeys(client, prefix);
    client.disconnect();
  }
});

const stores: Array<[string, () => Promise<RateLimiters>]> = [
  ['in memory', async () => new MemoryRateLimiters()],
  ...(useRedis ? ([['in Redis', async () => (await redisLimiters()).limiters]] as Array<[string, () => Promise<RateLimiters>]>) : []),
];

describe.each(stores)('rate limits %s', (_name, open) => {
  it('refuse past the points with the seconds left in the window, and count each key apart', async () => {
    const limiter = (await open()).limiter({ keyPrefix: `minute-${Math.random()}`, points: 2, durationSeconds: 60 });
    expect([await limiter.hit('a'), await limiter.hit('a')]).toEqual([0, 0]);
    // the window began a moment ago: a whole minute, rounded up, is left
    expect(await limiter.hit('a')).toBe(60);
    expect(await limiter.hit('b')).toBe(0);
  });

  it('count in fixed windows: a key kept busy is let through again when its window ends', async () => {
    const limiter = (await open()).limiter({ keyPrefix: `second-${Math.random()}`, points: 1, durationSeconds: 1 });
    expect(await limiter.hit('busy')).toBe(0);
    expect(await limiter.hit('busy')).toBe(1);
    await sleep(600);
    expect(await limiter.hit('busy')).toBe(1);
    // the refused hits did not move the window's end
    await sleep(600);
    expect(await limiter.hit('busy')).toBe(0);
  });
});

describe.skipIf(!useRedis)('rate limits in Redis', () => {
  const rule = (): LimitRule => ({ keyPrefix: `shared-${Math.random()}`, points: 3, durationSeconds: 60 });

  it('are one count across hubs, whatever rate each hub applies to it', async () => {
    const shared = rule();
    const a = (await redisLimiters()).limiters.limiter(shared);
    const b = (await redisLimiters()).limiters.limiter(shared);
    const higher = (await redisLimiters()).limiters.limiter({ ...shared, points: 5 });
    expect([await a.hit('k'), await b.hit('k'), await a.hit('k')]).toEqual([0, 0, 0]);
    expect(await b.hit('k')).toBeGreaterThan(0);
    // the fifth hit of the key, under a rate of five
    expect(await higher.hit('k')).toBe(0);
    expect(await higher.hit('k')).toBeGreaterThan(0);
  });

  it('keep fixed windows beside the sign-in throttle’s sliding counts on the same connection', async () => {
    const { limiters, link } = await redisLimiters();
    await new RedisSlidingCounters(link).add('neighbour', 60_000);
    const limiter = limiters.limiter({ keyPrefix: `beside-${Math.random()}`, points: 1, durationSeconds: 1 });
    expect([await limiter.hit('k'), await limiter.hit('k')]).toEqual([0, 1]);
    await sleep(1_100);
    expect(await limiter.hit('k')).toBe(0);
  });
});

describe('rate limits whose Redis does not answer', () => {
  it('hold per hub in its own memory, without waiting', async () => {
    const { limiters, link } = await redisLimiters(`redis://127.0.0.1:${await closedPort()}`);
    expect(link.state()).toBe('unavailable');
    const limiter = limiters.limiter({ keyPrefix: 'away', points: 2, durationSeconds: 60 });
    const started = performance.now();
    const waits = [await limiter.hit('k'), await limiter.hit('k'), await limiter.hit('k')];
    expect(waits).toEqual([0, 0, 60]);
    expect(performance.now() - started).toBeLessThan(100);
  });
});
