import type { Collection } from '@mikro-orm/core';

/** The number of items in a collection, counted in SQL when it is not loaded. */
export async function countOf(collection: Collection<object>): Promise<number> {
  return collection.isInitialized() ? collection.length : collection.loadCount();
}
