import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Lets the hub answer other requests during a long loop over a file's rows: awaiting a promise already settled (a
 * cached reference, a row without database work) gives nothing else a turn, so without this a 20,000-row file
 * holds the hub for a second or more. Called once a row; it yields after each slice of 10 ms.
 */
export class Breather {
  private since = performance.now();

  async breathe(): Promise<void> {
    if (performance.now() - this.since < 10) return;
    await nextTurn();
    this.since = performance.now();
  }
}
