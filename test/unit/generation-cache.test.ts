import { describe, expect, it } from 'vitest';
import { GenerationCache, MemoryGenerations } from '../../server/dist/shared/generations.js';

/**
 * The bounds of the hub's in-memory copies (server/src/shared/generations.ts): at most so many copies and, where
 * a size is given, so many bytes of them; past either, the copies used longest ago go first. The widget cache
 * keeps answers under both (api/widgets.test.ts checks it through a hub).
 */
const cacheOf = (bounds: ConstructorParameters<typeof GenerationCache<string>>[3]) => new GenerationCache<string>(new MemoryGenerations(), 'test', Number.POSITIVE_INFINITY, bounds);

const keep = async (cache: GenerationCache<string>, key: string, value: string) => (await cache.lookup(key)).keep(value);
const kept = async (cache: GenerationCache<string>, keys: string[]) => {
  const found: string[] = [];
  for (const key of keys) if ((await cache.lookup(key)).value !== undefined) found.push(key);
  return found;
};

describe('GenerationCache bounds', () => {
  it('keeps at most maxEntries copies, dropping the oldest first', async () => {
    const cache = cacheOf({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c', 'd']) await keep(cache, key, key);
    expect(await kept(cache, ['a', 'b', 'c', 'd'])).toEqual(['b', 'c', 'd']);
  });

  it('drops the copy used longest ago: a copy read since it was kept outlives older ones', async () => {
    const cache = cacheOf({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) await keep(cache, key, key);
    expect((await cache.lookup('a')).value).toBe('a');
    await keep(cache, 'd', 'd');
    expect(await kept(cache, ['a', 'b', 'c', 'd'])).toEqual(['a', 'c', 'd']);
  });

  it('keeps at most maxBytes of copies as sizeOf measures them, dropping the oldest first', async () => {
    const cache = cacheOf({ maxEntries: 100, maxBytes: 10, sizeOf: (value) => value.length });
    await keep(cache, 'a', 'xxxx');
    await keep(cache, 'b', 'xxxx');
    expect(await kept(cache, ['a', 'b'])).toEqual(['a', 'b']);
    // 4 + 4 + 3 > 10: the oldest makes room.
    await keep(cache, 'c', 'xxx');
    expect(await kept(cache, ['a', 'b', 'c'])).toEqual(['b', 'c']);
    // Room for 7 bytes means both others go.
    await keep(cache, 'd', 'xxxxxxxxx');
    expect(await kept(cache, ['a', 'b', 'c', 'd'])).toEqual(['d']);
  });

  it('does not keep a copy larger than maxBytes, and keeps what it had', async () => {
    const cache = cacheOf({ maxBytes: 5, sizeOf: (value) => value.length });
    await keep(cache, 'small', 'xx');
    await keep(cache, 'large', 'xxxxxx');
    expect(await kept(cache, ['small', 'large'])).toEqual(['small']);
  });

  it('counts a key kept again once, at its new size', async () => {
    const cache = cacheOf({ maxBytes: 10, sizeOf: (value) => value.length });
    await keep(cache, 'a', 'xxxxxxxx');
    await keep(cache, 'a', 'xx');
    await keep(cache, 'b', 'xxxxxxxx');
    expect(await kept(cache, ['a', 'b'])).toEqual(['a', 'b']);
    expect((await cache.lookup('a')).value).toBe('xx');
  });

  it('frees the bytes of what an invalidation drops', async () => {
    const cache = cacheOf({ maxBytes: 10, sizeOf: (value) => value.length });
    await keep(cache, 'a', 'xxxxxxxx');
    await cache.invalidate();
    expect(await kept(cache, ['a'])).toEqual([]);
    await keep(cache, 'b', 'xxxxxxxxxx');
    expect(await kept(cache, ['b'])).toEqual(['b']);
  });
});
