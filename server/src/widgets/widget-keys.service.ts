import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, ErrorCode } from '../errors.js';
import { newSecret, secretHash } from '../auth/secrets.js';
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

// Revocation reaches this hub at once (it goes through here); other copies of the hub see it after the TTL.
const KEY_TTL_MS = 30_000;

/** Looks keys up by their secret, remembering them briefly; a revocation or a new key forgets them all. */
export class WidgetKeyStore {
  private readonly known = new Map<string, { key: ActiveWidgetKey | null; until: number }>();

  forget(): void {
    this.known.clear();
  }

  async find(em: EntityManager, secret: string): Promise<ActiveWidgetKey | null> {
    const hash = secretHash(secret);
    const remembered = this.known.get(hash);
    if (remembered && remembered.until > Date.now()) return remembered.key;
    const found = await em.fork().findOne(WidgetKey, { keyHash: hash });
    const key = found
      ? { id: found.id, name: found.name, allowedOrigins: [...found.allowedOrigins], rateLimitPerMinute: found.rateLimitPerMinute, expiresAt: found.expiresAt ?? null, revokedAt: found.revokedAt ?? null }
      : null;
    // Unknown secrets are not remembered: a stranger trying many must not fill the memory.
    if (key) this.known.set(hash, { key, until: Date.now() + KEY_TTL_MS });
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

/** Requests per key per minute, counted in fixed one-minute windows in this process (Redis can take this over). */
export class WidgetRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  /** Seconds to wait when over the limit, otherwise 0. */
  hit(keyId: string, perMinute: number, now = Date.now()): number {
    const window = this.windows.get(keyId);
    if (!window || now - window.start >= 60_000) {
      if (this.windows.size > 10_000) this.windows.clear();
      this.windows.set(keyId, { start: now, count: 1 });
      return 0;
    }
    window.count += 1;
    return window.count > perMinute ? Math.max(1, Math.ceil((window.start + 60_000 - now) / 1000)) : 0;
  }
}
