import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * The most list items of a request's answer that execution builds on in one turn of the event loop. Building the
 * answer for a record costs 10–50 µs of JavaScript (graphql-jit or graphql-js, and the garbage it leaves), so a
 * turn holds the hub for a few milliseconds: a health check or another caller's request waits about that long,
 * not the hundreds of milliseconds that thousands of records held it in one piece. At L (test/bench/RESULTS.md,
 * 2026-12-08) 250 items a turn still let the collector's work pile up to 100 ms holds; 100 kept them near 50 ms.
 */
export const TURN_ITEMS = 100;

/** What a loaded value stands for in the answer: a list its items, anything else one. */
const itemsOf = (value: unknown): number => (Array.isArray(value) ? Math.max(1, value.length) : 1);

/** DataLoader's own scheduling of a batch: once the promise jobs already queued have run. */
function afterPromiseJobs(run: () => void): void {
  void Promise.resolve().then(() => process.nextTick(run));
}

/**
 * Paces the building of one request's answer. A level of a query loads in one statement per loader; when its
 * rows come, GraphQL execution builds that level's part of the answer for every parent at once, in one piece of
 * JavaScript, which for thousands of records held the event loop for hundreds of milliseconds. Through the Pacer,
 * each resolver gets its loaded value (`handOver`) within an allowance of TURN_ITEMS items per turn; past it, the
 * values wait and are handed over in later turns, so that other work (a /healthz probe, other callers) runs in
 * between. Each resolver that asks counts, not each value loaded: fifteen aliases of one list are fifteen lists
 * to build.
 *
 * The next level must still load in one statement per loader. Its batches are therefore sent only once every
 * waiting value has been handed over and built on (`schedule`, DataLoader's batchScheduleFn): the keys that the
 * parts built in later turns ask for join the same batch.
 */
export class Pacer {
  /** Values waiting to be handed over, in the order they were asked for. */
  private readonly waiting: Array<{ release: () => void; items: number }> = [];
  /** Batches to send once the waiting values have been handed over. */
  private readonly batches: Array<() => void> = [];
  /** Items handed over in this turn of the event loop. */
  private turnItems = 0;
  private turnMarked = false;
  private pumping = false;
  /** Turns the pump has taken (tests and benchmarks). */
  turns = 0;

  /** A loaded value for its resolver: at once within this turn's allowance, else in a later turn. */
  handOver<T>(value: T): T | Promise<T> {
    const items = itemsOf(value);
    if (!this.pumping && this.turnItems + items <= TURN_ITEMS) {
      this.count(items);
      return value;
    }
    const later = new Promise<T>((resolve) => this.waiting.push({ release: () => resolve(value), items }));
    if (!this.pumping) void this.pump();
    return later;
  }

  /** A value on its way, handed over when it comes (handOver). */
  paced<T>(value: Promise<T>): Promise<T> {
    return value.then((loaded) => this.handOver(loaded));
  }

  /**
   * DataLoader's batchScheduleFn: a batch is sent once the promise jobs queued before it have run, as DataLoader
   * does by itself; but while values wait to be handed over, only after them.
   */
  readonly schedule = (dispatch: () => void): void => {
    afterPromiseJobs(() => (this.pumping ? this.batches.push(dispatch) : dispatch()));
  };

  /** Counts items handed over in this turn; the count starts again at the next turn. */
  private count(items: number): void {
    this.turnItems += items;
    if (this.turnMarked) return;
    this.turnMarked = true;
    setImmediate(() => {
      this.turnMarked = false;
      this.turnItems = 0;
    });
  }

  /**
   * Hands the waiting values over, TURN_ITEMS items a turn (at least one value), from the next turn on. Execution
   * builds on each in the promise jobs that follow, within the same turn; the next turn starts after them, and
   * after whatever else the event loop had waiting.
   */
  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      // Each turn hands over what its allowance holds; the turn after the last one lets what those values'
      // resolvers asked for join the batches before they are sent.
      for (;;) {
        await nextTurn();
        if (this.waiting.length === 0) break;
        this.turns += 1;
        let items = 0;
        while (this.waiting.length > 0 && (items === 0 || items + this.waiting[0]!.items <= TURN_ITEMS)) {
          const next = this.waiting.shift()!;
          items += next.items;
          next.release();
        }
      }
    } finally {
      this.pumping = false;
      for (const dispatch of this.batches.splice(0)) dispatch();
    }
  }
}
