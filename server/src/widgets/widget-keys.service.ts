import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, ErrorCode } from '../errors.js';
import { newSecret, secretHash } from '../auth/secrets.js';
import { GenerationCache, MemoryGenerations, type Generations } from '../shared/generations.js';
import { WidgetKey } from './widget-key.entity.js';

/** What a widget request needs to know of its key, kept in memory so that a cached answer costs no SQL. */
export interface ActiveWidgetKey {
  id: string;
  name: string;
  allowedOrigins: string[];
  rateLimitPerMinute: number;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export function newWidgetKeySecret(): string {
  return newSecret('widgetKey');
}

/** An origin as browsers send it: scheme, host and port, nothing more; `null` when the text is not one. */
export function normalOrigin(text: string): string | null {
  try {
    const url = new URL(text.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.origin !== text.trim().replace(/\/$/, '')) return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** How long a key is trusted without asking the database again (a new or revoked key moves its generation on). */
const KEY_TTL_MS = 30_000;

/**
 * Looks keys up by their secret, remembering them briefly so that a cached widget answer costs no SQL. A new or
 * revoked key forgets them all, on this hub and (through the shared generation) on every other at once.
 */
export class WidgetKeyStore {
  private known!: GenerationCache<ActiveWidgetKey>;

  constructor(generations: Generations = new MemoryGenerations()) {
    this.shareThrough(generations);
  }

  /** Shares the forgetting with the other hubs (called once at start when Redis is configured). */
  shareThrough(generations: Generations): void {
    this.known = new GenerationCache(generations, 'widget-keys', KEY_TTL_MS);
  }

  forget(): Promise<void> {
    return this.known.invalidate();
  }

  async find(em: EntityManager, secret: string): Promise<ActiveWidgetKey | null> {
    const hash = secretHash(secret);
    const remembered = await this.known.lookup(hash);
    if (remembered.value) return remembered.value;
    // From the primary database, never a replica that may not have seen a revocation yet.
    const found = await em.fork().findOne(WidgetKey, { keyHash: hash }, { connectionType: 'write' });
    const key = found
      ? { id: found.id, name: found.name, allowedOrigins: [...found.allowedOrigins], rateLimitPerMinute: found.rateLimitPerMinute, expiresAt: found.expiresAt ?? null, revokedAt: found.revokedAt ?? null }
      : null;
    // Unknown secrets are not remembered: a stranger trying many must not fill the memory.
    if (key) remembered.keep(key);
    return key;
  }

  /** The key for a secret, whatever its state, or UNAUTHENTICATED when there is none. */
  async identify(em: EntityManager, secret: string | undefined): Promise<ActiveWidgetKey> {
    if (!secret) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'A widget key is needed: add ?key=… or the X-Amity-Key header');
    const key = secret.length <= 200 ? await this.find(em, secret) : null;
    if (!key) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Unknown widget key');
    return key;
  }

  /** FORBIDDEN for a revoked or expired key. */
  static checkState(key: ActiveWidgetKey): void {
    if (key.revokedAt) throw new DomainError(ErrorCode.FORBIDDEN, 'This widget key has been revoked; ask the office for a new one');
    if (key.expiresAt && key.expiresAt.getTime() <= Date.now()) throw new DomainError(ErrorCode.FORBIDDEN, 'This widget key has expired; ask the office for a new one');
  }

  /** The key for a secret, or the refusal: unknown (UNAUTHENTICATED), revoked or expired (FORBIDDEN). */
  async authorise(em: EntityManager, secret: string | undefined): Promise<ActiveWidgetKey> {
    const key = await this.identify(em, secret);
    WidgetKeyStore.checkState(key);
    return key;
  }
}

/** One store per process, shared by the widget routes and the key management that must reset it. */
export const widgetKeyStore = new WidgetKeyStore();
