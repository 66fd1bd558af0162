import type { EntityManager, FlushMode } from '@mikro-orm/postgresql';
import type { AuditScope } from '../../audit/audit.service.js';
import { readOnlyVisible } from '../../graph/visible.js';

/** Who imports: the request's EntityManager, the visibilities the viewer may read, and what the audit records. */
export interface ImportScope extends AuditScope {
  em: EntityManager;
  visibilities: readonly string[];
}

/** A fork of the request's EntityManager that keeps reading only what the viewer may see. */
export function forkFor(scope: { em: EntityManager; visibilities: readonly string[] }, options: { flushMode?: FlushMode } = {}): EntityManager {
  const fork = scope.em.fork(options);
  readOnlyVisible(fork, scope.visibilities);
  return fork;
}
