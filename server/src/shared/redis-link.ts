import { Redis } from 'ioredis';
import type { RedisConfig } from '../config.js';
import type { Logger } from '../logger.js';

/** After a failed command, how long the hub goes on without Redis before trying it again. */
const PAUSE_AFTER_FAILURE_MS = 1_000;

/**
 * The hub's one connection to Redis, made at start and closed at shutdown. Every use goes through `attempt`
 * (the rate limiters' library, which has a fallback of its own, asks `state()` instead), which gives the fallback instead when Redis is away, slow (a command longer than AMITY_REDIS_TIMEOUT_MS) or
 * failing: Redis is a help to the hub, never a condition of its answering. Commands are not queued while it is
 * away, and after a failure it is left alone for a second, so that a dead Redis costs requests no waiting.
 */
export class RedisLink {
  /**
   * The connection, for a library that sends its own commands (the rate limiters): they get its options (no
   * queueing while Redis is away, the command timeout) and must ask `state()` before using it.
   */
  readonly client: Redis;
  private pausedUntil = 0;
  private away = false;
  private closing = false;
  private readonly onReadyCallbacks: Array<() => void> = [];

  constructor(
    private readonly config: RedisConfig,
    private readonly log: Logger,
  ) {
    this.client = new Redis(config.url, {
      commandTimeout: config.timeoutMs,
      connectTimeout: Math.max(1_000, config.timeoutMs * 4),
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      // Keep trying to reconnect, at most every two seconds, for as long as the hub runs.
      retryStrategy: (times) => Math.min(times * 100, 2_000),
      lazyConnect: true,
      // Commands of concurrent requests issued in the same tick go to Redis in one write.
      enableAutoPipelining: true,
    });
    this.client.on('error', (error: Error) => this.wentAway(error));
    // A dropped connection is an outage at once, not only when the first reconnection fails.
    this.client.on('close', () => {
      if (!this.closing) this.wentAway(new Error('the connection closed'));
    });
    this.client.on('ready', () => this.back());
  }

  /** Connects, waiting at most `waitMs`; a hub starts without Redis rather than not at all. */
  async connect(waitMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
    await Promise.race([this.client.connect().catch((error: Error) => this.wentAway(error)), gaveUp]);
    clearTimeout(timer);
    if (this.state() !== 'ready') this.wentAway(new Error(`no answer within ${waitMs} ms`));
  }

  /** A key in this installation's namespace (AMITY_REDIS_PREFIX). */
  key(...parts: string[]): string {
    return `${this.config.prefix}${parts.join(':')}`;
  }

  /** `ready`, or `unavailable` while the hub goes on without Redis. */
  state(): 'ready' | 'unavailable' {
    return this.client.status === 'ready' && Date.now() >= this.pausedUntil ? 'ready' : 'unavailable';
  }

  /** Runs a command on Redis, or the fallback when Redis is away, slow or failing. */
  async attempt<T>(command: (client: Redis) => Promise<T>, fallback: () => T | Promise<T>): Promise<T> {
    if (this.state() !== 'ready') return fallback();
    try {
      const result = await command(this.client);
      if (this.away) this.back();
      return result;
    } catch (error) {
      this.wentAway(error as Error);
      return fallback();
    }
  }

  /** Called each time the connection is (again) ready: for work that could not be done while it was away. */
  onReady(callback: () => void): void {
    this.onReadyCallbacks.push(callback);
  }

  async close(): Promise<void> {
    this.closing = true;
    this.onReadyCallbacks.length = 0;
    if (this.client.status === 'ready') await this.client.quit().catch(() => undefined);
    this.client.disconnect();
  }

  private back(): void {
    if (this.away) this.log.info('Redis is back: shared rate limits, widget cache and invalidations resume');
    this.away = false;
    this.pausedUntil = 0;
    for (const callback of this.onReadyCallbacks) callback();
  }

  private wentAway(error: Error): void {
    this.pausedUntil = Date.now() + PAUSE_AFTER_FAILURE_MS;
    if (this.away) return;
    this.away = true;
    // Logged once per outage, not per request; the URL may hold a password and is not logged.
    this.log.warn({ reason: error.message }, 'Redis is unavailable: going on with this hub’s own memory until it is back');
  }
}
