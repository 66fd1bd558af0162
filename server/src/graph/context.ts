import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../logger.js';
import type { SqlCount } from '../db/sql-counter.js';
import { Loaders } from './loaders.js';

/** What every resolver sees: a fork of the EntityManager for this request only, its loaders and logger. */
export interface RequestContext {
  requestId: string;
  em: EntityManager;
  loaders: Loaders;
  log: Logger;
  /** SQL statements sent for this request so far. */
  sqlCount?: SqlCount;
}

export function createRequestContext(em: EntityManager, requestId: string, log: Logger): RequestContext {
  const fork = em.fork();
  return { requestId, em: fork, loaders: new Loaders(fork), log };
}
