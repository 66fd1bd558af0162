import { createHash } from 'node:crypto';

/** A seeded pseudo-random generator (mulberry32): the generated demo records are the same on every load. */
export function seededRandom(seed: string): () => number {
  let state = createHash('sha1').update(seed).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/**
 * `count` whole numbers, each at least `min`, that add up to exactly `total`, unevenly as real figures are:
 * shares follow random weights, and the units lost to rounding go to the largest remainders.
 */
export function spreadTotal(total: number, count: number, random: () => number, min = 1): number[] {
  if (count === 0) {
    if (total !== 0) throw new Error(`cannot spread ${total} over no records`);
    return [];
  }
  const spare = total - count * min;
  if (spare < 0) throw new Error(`cannot spread ${total} over ${count} records of at least ${min}`);
  const weights = Array.from({ length: count }, () => 0.25 + random() * random() * 3);
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((weight) => (spare * weight) / sum);
  const shares = exact.map(Math.floor);
  let left = spare - shares.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left === 0) break;
    shares[index] += 1;
    left -= 1;
  }
  return shares.map((share) => share + min);
}

const DAY = 86_400_000;

/** The calendar date `days` after `date` (both YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** `count` dates spread over the year, in order: one in each equal slice of the year, at a random day of it. */
export function datesOverYear(year: number, count: number, random: () => number): string[] {
  const first = `${year}-01-01`;
  const days = (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / DAY;
  return Array.from({ length: count }, (_, index) => addDays(first, Math.floor(((index + random()) * days) / count)));
}
