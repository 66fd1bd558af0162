import type { Counters } from '../shared/counters.js';

/** How failed sign-ins slow down; the defaults suit an office. */
export interface ThrottleSettings {
  /** Failures of an account before each further one doubles the wait. */
  freeTries: number;
  /** Failures from an address (which many colleagues may share behind one gateway) before the same. */
  freeTriesPerAddress: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Failures are forgotten after this long without another. */
  forgetAfterMs: number;
}

const DEFAULTS: ThrottleSettings = { freeTries: 3, freeTriesPerAddress: 20, baseDelayMs: 250, maxDelayMs: 30_000, forgetAfterMs: 15 * 60_000 };

/**
 * Failed sign-ins slow down per account and per address: after a few free tries each further failure doubles
 * the wait before the next attempt is even checked, up to a cap. The failures are counted in `Counters`: this
 * hub's memory, or Redis so that the count holds across every hub behind the load balancer.
 */
export class LoginThrottle {
  private readonly settings: ThrottleSettings;

  constructor(
    private readonly counters: Counters,
    settings: Partial<ThrottleSettings> = {},
  ) {
    this.settings = { ...DEFAULTS, ...settings };
  }

  /** Milliseconds to wait before this attempt may be checked (0 when none). */
  async delayFor(keys: string[]): Promise<number> {
    const counts = await this.counters.read(keys.map((key) => `login:${key}`));
    let delay = 0;
    keys.forEach((key, index) => {
      const over = counts[index] - (key.startsWith('address:') ? this.settings.freeTriesPerAddress : this.settings.freeTries);
      if (counts[index] > 0 && over >= 0) delay = Math.max(delay, Math.min(this.settings.maxDelayMs, this.settings.baseDelayMs * 2 ** over));
    });
    return delay;
  }

  async failed(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.counters.add(`login:${key}`, this.settings.forgetAfterMs, 'sliding')));
  }

  /** A right password clears the account's failures (not the address's: one colleague's success says nothing of a guesser's). */
  async succeeded(keys: string[]): Promise<void> {
    await this.counters.remove(keys.filter((key) => key.startsWith('user:')).map((key) => `login:${key}`));
  }
}
