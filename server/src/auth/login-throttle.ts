import type { SlidingCounters } from '../shared/sliding-counters.js';

/** How failed sign-ins slow down; the defaults suit an office. */
export interface ThrottleSettings {
  /** Failures of an account before each further one doubles the wait. */
  freeTries: number;
  /** Failures from an address (which many colleagues may share behind one gateway) before the same. */
  freeTriesPerAddress: number;
  baseDelayMs: number;
  /** The longest wait an account's failures impose. */
  maxDelayMs: number;
  /**
   * The longest wait an address's failures impose. Low, because one address is often a whole office behind its
   * gateway: a guesser there must not keep colleagues from signing in. Guessing one account is slowed by that
   * account's own failures, up to `maxDelayMs`, whichever address the guesses come from.
   */
  maxAddressDelayMs: number;
  /** Failures are forgotten after this long without another. */
  forgetAfterMs: number;
  /**
   * Sign-in attempts on one account that may be checked or wait their turn at once (on one hub); one more is
   * refused at once. Without a bound, guesses sent side by side would queue for minutes behind one another.
   */
  attemptsAtOnce: number;
}

const DEFAULTS: ThrottleSettings = { freeTries: 3, freeTriesPerAddress: 20, baseDelayMs: 250, maxDelayMs: 30_000, maxAddressDelayMs: 1_000, forgetAfterMs: 15 * 60_000, attemptsAtOnce: 3 };

/**
 * Failed sign-ins slow down per account and per address: after a few free tries each further failure doubles
 * the wait before the next attempt is even checked, up to a cap (30 s for an account, 1 s for an address). The
 * failures are counted in `SlidingCounters`: this hub's memory, or Redis so that the count holds across every hub
 * behind the load balancer.
 */
export class LoginThrottle {
  private readonly settings: ThrottleSettings;

  constructor(
    private readonly counters: SlidingCounters,
    settings: Partial<ThrottleSettings> = {},
  ) {
    this.settings = { ...DEFAULTS, ...settings };
  }

  /** Milliseconds to wait before this attempt may be checked (0 when none). */
  async delayFor(keys: string[]): Promise<number> {
    const counts = await this.counters.read(keys.map((key) => `login:${key}`));
    let delay = 0;
    keys.forEach((key, index) => {
      const address = key.startsWith('address:');
      const over = counts[index] - (address ? this.settings.freeTriesPerAddress : this.settings.freeTries);
      const cap = address ? this.settings.maxAddressDelayMs : this.settings.maxDelayMs;
      if (counts[index] > 0 && over >= 0) delay = Math.max(delay, Math.min(cap, this.settings.baseDelayMs * 2 ** over));
    });
    return delay;
  }

  get attemptsAtOnce(): number {
    return this.settings.attemptsAtOnce;
  }

  /** Seconds until an attempt on the account, refused while `waiting` attempts are ahead of it, may expect its turn. */
  async retryAfterSeconds(accountKey: string, waiting: number): Promise<number> {
    const delay = await this.delayFor([accountKey]);
    return Math.max(1, Math.ceil((delay * waiting) / 1000));
  }

  async failed(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.counters.add(`login:${key}`, this.settings.forgetAfterMs)));
  }

  /** A right password clears the account's failures (not the address's: one colleague's success says nothing of a guesser's). */
  async succeeded(keys: string[]): Promise<void> {
    await this.counters.remove(keys.filter((key) => key.startsWith('user:')).map((key) => `login:${key}`));
  }
}
