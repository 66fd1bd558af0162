import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the hub keeps of the request being served, wherever its work runs: its SQL statements, counted for tests
 * and the benchmark, and its id, which every warning or error logged while serving
 * it carries (logger.ts), also from code that has only the hub's logger at hand (Apollo's formatError).
 */
export interface SqlCount {
  statements: number;
  requestId?: string;
}

export const requestStorage = new AsyncLocalStorage<SqlCount>();

export function countStatement(): void {
  const count = requestStorage.getStore();
  if (count) count.statements += 1;
}
