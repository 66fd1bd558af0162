import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the hub keeps of the request being served, wherever its work runs: its SQL statements, counted for tests
 * and the benchmark, and its id, which every warning or error logged while serving
 * it carries (logger.ts), also from code that has only the hub's logger at hand (Apollo's formatError).
 */
export interface SqlCount {
  statements: number;
  requestId?: string;
  /** The GraphQL operation's label for the metrics (metrics.ts, operationLabel), once the operation is known. */
  operation?: string;
  /** Its reads on the pool's connections now, those waiting for their turn, and the most it had at once. */
  reads?: { inFlight: number; waiting: Array<() => void>; most: number };
}

/** Every statement this process sent, for the metrics. */
let sent = 0;

export function statementsSent(): number {
  return sent;
}

export const requestStorage = new AsyncLocalStorage<SqlCount>();

export function countStatement(): void {
  sent += 1;
  const count = requestStorage.getStore();
  if (count) count.statements += 1;
}

/**
 * The most read statements one request runs at once (readSql). A query asks for many lists at a level, and fifteen
 * aliases of a page each want a statement: unchecked, one request took every connection of the pool (10), so that
 * every other caller waited for one, and its statements took both cores from everything else, the hub included.
 * Three keep a request's independent reads in parallel (a level's loaders, a page and its total) and leave the
 * pool to others.
 */
export const READS_AT_ONCE = 3;

/** Waits until the request may start another read; the function returned ends it. Outside a request, at once. */
export async function readTurn(): Promise<() => void> {
  const request = requestStorage.getStore();
  if (!request) return () => {};
  const reads = (request.reads ??= { inFlight: 0, waiting: [], most: 0 });
  if (reads.inFlight < READS_AT_ONCE) reads.inFlight += 1;
  // The read that ends hands its place over, so inFlight stays as it is.
  else await new Promise<void>((resolve) => reads.waiting.push(resolve));
  reads.most = Math.max(reads.most, reads.inFlight);
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    const next = reads.waiting.shift();
    if (next) next();
    else reads.inFlight -= 1;
  };
}
