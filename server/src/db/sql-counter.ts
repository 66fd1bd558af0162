import { AsyncLocalStorage } from 'node:async_hooks';

/** Counts the SQL statements a request sends, for tests and the benchmark (DESIGN §6: counts are asserted). */
export interface SqlCount {
  statements: number;
}

export const sqlCountStorage = new AsyncLocalStorage<SqlCount>();

export function countStatement(): void {
  const count = sqlCountStorage.getStore();
  if (count) count.statements += 1;
}
