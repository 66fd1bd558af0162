/**
 * Failed sign-ins slow down per account and per address: after a few free tries each further failure doubles
 * the wait before the next attempt is even checked, up to a cap. Kept in memory for one server; the
 * interface lets a shared store (Redis) take its place for several.
 */
export interface LoginThrottle {
  /** Milliseconds to wait before this attempt may be checked (0 when none). */
  delayFor(keys: string[]): number;
  failed(keys: string[]): void;
  succeeded(keys: string[]): void;
}

interface Failures {
  count: number;
  last: number;
}

export class MemoryLoginThrottle implements LoginThrottle {
  private readonly failures = new Map<string, Failures>();

  /**
   * An account gets `freeTries` failures before slowing down; an address (which many colleagues may share
   * behind one gateway) gets `freeTriesPerAddress`.
   */
  constructor(
    private readonly freeTries = 3,
    private readonly freeTriesPerAddress = 20,
    private readonly baseDelayMs = 250,
    private readonly maxDelayMs = 30_000,
    private readonly forgetAfterMs = 15 * 60_000,
  ) {}

  delayFor(keys: string[]): number {
    const now = Date.now();
    let delay = 0;
    for (const key of keys) {
      const entry = this.failures.get(key);
      if (!entry || now - entry.last > this.forgetAfterMs) continue;
      const over = entry.count - (key.startsWith('address:') ? this.freeTriesPerAddress : this.freeTries);
      if (over >= 0) delay = Math.max(delay, Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** over));
    }
    return delay;
  }

  failed(keys: string[]): void {
    const now = Date.now();
    for (const key of keys) {
      const entry = this.failures.get(key);
      const fresh = !entry || now - entry.last > this.forgetAfterMs;
      this.failures.set(key, { count: fresh ? 1 : entry.count + 1, last: now });
    }
    if (this.failures.size > 100_000) this.forgetOld(now);
  }

  succeeded(keys: string[]): void {
    for (const key of keys) if (key.startsWith('user:')) this.failures.delete(key);
  }

  private forgetOld(now: number): void {
    for (const [key, entry] of this.failures) if (now - entry.last > this.forgetAfterMs) this.failures.delete(key);
  }
}
