import DataLoader from 'dataloader';
import { describe, expect, it } from 'vitest';
import { Pacer, TURN_ITEMS } from '../../server/dist/graph/pacing.js';

/**
 * The pacing of an answer's building (server/src/graph/pacing.ts): values handed to resolvers within an allowance
 * of items per turn of the event loop, the rest in later turns with other work in between, and the batches asked
 * for meanwhile sent once, after every value was handed over. Driven with real DataLoaders, as the hub's loaders
 * make them, and the real event loop.
 */

/** Counts the turns of the event loop that other work got while `work` ran: a check every turn. */
async function turnsBeside<T>(work: () => Promise<T>): Promise<{ value: T; otherTurns: number }> {
  let otherTurns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    otherTurns += 1;
    setImmediate(tick);
  };
  setImmediate(tick);
  try {
    return { value: await work(), otherTurns };
  } finally {
    running = false;
  }
}

/** A loader of `size`-item lists by key, through the pacer, recording each batch it was sent. */
function listLoader(pacer: Pacer, size: number) {
  const batches: string[][] = [];
  const loader = new DataLoader<string, string[]>(
    async (keys) => {
      batches.push([...keys]);
      return keys.map((key) => Array.from({ length: size }, (_, index) => `${key}.${index}`));
    },
    { batchScheduleFn: pacer.schedule },
  );
  return { batches, load: (key: string) => pacer.paced(loader.load(key)) };
}

describe('Pacer', () => {
  it('hands a small value over at once, without a turn of its own', async () => {
    const pacer = new Pacer();
    expect(pacer.handOver(['a', 'b'])).toEqual(['a', 'b']);
    expect(pacer.handOver({ id: 1 })).toEqual({ id: 1 });
    expect(pacer.turns).toBe(0);
  });

  it('past the allowance of a turn, hands values over in later turns, with other work between them', async () => {
    const pacer = new Pacer();
    const lists = listLoader(pacer, 100);
    const { value, otherTurns } = await turnsBeside(() => Promise.all(Array.from({ length: 30 }, (_, index) => lists.load(`k${index}`))));
    // Thirty lists of 100 items: all there, in order, from one batch.
    expect(value.map((list) => list.length)).toEqual(Array(30).fill(100));
    expect(value[29]![99]).toBe('k29.99');
    expect(lists.batches).toHaveLength(1);
    // At most TURN_ITEMS items a turn: 3,000 items, of which the first turn's allowance went at once.
    expect(pacer.turns).toBeGreaterThanOrEqual(Math.floor((3000 - TURN_ITEMS) / TURN_ITEMS));
    expect(otherTurns).toBeGreaterThanOrEqual(pacer.turns - 1);
  });

  it('counts each resolver that asks, not each value loaded: one list asked for fifteen times is paced', async () => {
    const pacer = new Pacer();
    const lists = listLoader(pacer, 500);
    const asked = await Promise.all(Array.from({ length: 15 }, () => lists.load('same')));
    expect(asked.every((list) => list.length === 500)).toBe(true);
    expect(lists.batches).toEqual([['same']]);
    expect(pacer.turns).toBeGreaterThanOrEqual(14);
  });

  it('sends a batch asked for while values wait only once all were handed over: one batch for the whole level', async () => {
    const pacer = new Pacer();
    const parents = listLoader(pacer, 100);
    const children = listLoader(pacer, 1);
    // Each parent's list, once handed over, asks for a child of its first item: the children's keys come over
    // many turns, and must still go out in one batch.
    const level = await Promise.all(
      Array.from({ length: 20 }, async (_, index) => {
        const list = await parents.load(`p${index}`);
        return children.load(list[0]!);
      }),
    );
    expect(pacer.turns).toBeGreaterThan(3);
    expect(children.batches).toHaveLength(1);
    expect(children.batches[0]).toHaveLength(20);
    expect(level.map((list) => list[0])).toEqual(Array.from({ length: 20 }, (_, index) => `p${index}.0.0`));
  });

  it('keeps batching as DataLoader does when nothing waits: keys asked in one turn go out together', async () => {
    const pacer = new Pacer();
    const small = listLoader(pacer, 1);
    await Promise.all([small.load('a'), small.load('b'), small.load('c')]);
    await small.load('d');
    expect(small.batches).toEqual([['a', 'b', 'c'], ['d']]);
    expect(pacer.turns).toBe(0);
  });
});
