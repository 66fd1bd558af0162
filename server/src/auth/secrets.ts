import { createHash, randomBytes } from 'node:crypto';

const SECRET_PREFIXES = { session: 'amity_s_', token: 'amity_pat_', widgetKey: 'amity_wk_' } as const;

/** A new secret for a session, a personal access token or a widget key; its prefix says which. */
export function newSecret(kind: keyof typeof SECRET_PREFIXES): string {
  return `${SECRET_PREFIXES[kind]}${randomBytes(32).toString('base64url')}`;
}

/** What is stored instead of a secret. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

