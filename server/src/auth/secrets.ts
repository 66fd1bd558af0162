import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new secret for a session or token; the prefix says which (amity_s_… or amity_pat_…). */
export function newSecret(kind: 'session' | 'token'): string {
  return `${kind === 'session' ? 'amity_s_' : 'amity_pat_'}${randomBytes(32).toString('base64url')}`;
}

/** What is stored instead of a secret. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
