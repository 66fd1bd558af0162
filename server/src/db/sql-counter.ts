import { AsyncLocalStorage } from 'node:async_hooks';

/** Counts the SQL statements a request sends, for tests and the benchmark (DESIGN §6: counts are asserted). */
export interface SqlCount {
  statements: number;
  /** The GraphQL operation's label for the metrics (metrics.ts, operationLabel), once the operation is known. */
  operation?: string;
}

/** Every statement this process sent, for the metrics. */
let sent = 0;

export function statementsSent(): number {
  return sent;
}

export const sqlCountStorage = new AsyncLocalStorage<SqlCount>();

export function countStatement(): void {
  sent += 1;
  const count = sqlCountStorage.getStore();
  if (count) count.statements += 1;
}
