import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { Redis } from 'ioredis';

/** The Redis the tests use: REDIS_URL, or the machine's own on the default port. */
export const TEST_REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/**
 * Whether the tests' Redis answers. When REDIS_URL is set it must: the answer is then always true and a dead
 * Redis fails the tests instead of skipping them.
 */
export async function redisAnswers(): Promise<boolean> {
  if (process.env.REDIS_URL) return true;
  const client = new Redis(TEST_REDIS_URL, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** A key prefix of its own for one test file's hubs, so that runs sharing a Redis never see each other's keys. */
export function testRedisPrefix(): string {
  return `amity-test:${randomBytes(6).toString('hex')}:`;
}

/** A client on the tests' Redis, for checks and for removing a prefix's keys afterwards. */
export function testRedisClient(): Redis {
  return new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
}

/** Removes every key under a prefix. */
export async function removeKeys(client: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await client.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** A port nothing listens on: a Redis URL that does not answer. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
