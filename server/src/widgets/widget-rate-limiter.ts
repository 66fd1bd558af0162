import type { RateLimiter, RateLimiters } from '../shared/rate-limiters.js';

/**
 * Requests per widget key per minute, counted in fixed one-minute windows: per hub in memory, across hubs in
 * Redis. Each key has its own rate, and a limiter has one: there is a limiter per rate in use (a handful; all
 * of them count a key under the same name, so a new rate goes on from the key's count in Redis).
 */
export class WidgetRateLimiter {
  private readonly byRate = new Map<number, RateLimiter>();

  constructor(private readonly limiters: RateLimiters) {}

  /** Seconds to wait when over the limit, otherwise 0. */
  hit(keyId: string, perMinute: number): Promise<number> {
    let limiter = this.byRate.get(perMinute);
    if (!limiter) {
      limiter = this.limiters.limiter({ keyPrefix: 'widget-rate', points: perMinute, durationSeconds: 60 });
      this.byRate.set(perMinute, limiter);
    }
    return limiter.hit(keyId);
  }
}
