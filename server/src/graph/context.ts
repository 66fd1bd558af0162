import type { EntityManager } from '@mikro-orm/postgresql';
import { PersonalDataReads } from '../audit/audit.service.js';
import type { AuthService } from '../auth/auth.service.js';
import { visibilitiesFor } from '../auth/role.js';
import type { Viewer } from '../auth/viewer.js';
import type { SqlCount } from '../db/sql-counter.js';
import type { Logger } from '../logger.js';
import { Loaders } from './loaders.js';
import type { SelectedFields } from './projection.js';
import type { Visibility } from './visibility.js';
import { readOnlyVisible } from './visible.js';

/** The HTTP side of a request, for the resolvers that set or read the session cookie. */
export interface HttpScope {
  address: string;
  /** The session secret the browser sent in its cookie, if any. */
  sessionCookie?: string;
  setSessionCookie(secret: string, expires: Date): void;
  clearSessionCookie(): void;
}

/** What every resolver sees: who asks, a fork of the EntityManager for this request only, its loaders and logger. */
export interface RequestContext {
  requestId: string;
  viewer?: Viewer;
  /** The visibilities the viewer reads; every ORM query of this request is limited to them. */
  visibilities: Visibility[];
  em: EntityManager;
  loaders: Loaders;
  log: Logger;
  auth?: AuthService;
  http?: HttpScope;
  personalDataReads: PersonalDataReads;
  /** SQL statements sent for this request so far. */
  sqlCount?: SqlCount;
  /** A widget API key running a persisted operation (no viewer: PUBLIC records only). */
  widgetKey?: { id: string };
  /** The fields the operation asks of each type, once it is known: records are read with only their columns. */
  selection?: SelectedFields;
}

export interface RequestScope {
  requestId: string;
  log: Logger;
  viewer?: Viewer;
  auth?: AuthService;
  http?: HttpScope;
  sqlCount?: SqlCount;
}

/**
 * From now on, records of this request are read with only the columns the operation asks of their types
 * (projection.ts): the resolvers read `selection`, the loaders keep their own copy.
 */
export function readOnlyWhatIsAsked(context: RequestContext, selection: SelectedFields): void {
  context.selection = selection;
  context.loaders.select(selection);
}

export function createRequestContext(em: EntityManager, scope: RequestScope): RequestContext {
  const fork = em.fork();
  const visibilities = visibilitiesFor(scope.viewer?.role);
  readOnlyVisible(fork, visibilities);
  return { ...scope, visibilities, em: fork, loaders: new Loaders(fork, visibilities), personalDataReads: new PersonalDataReads() };
}
