import type { Role } from './role.js';

/** Who is asking: a signed-in user, through a session (cookie or its Bearer token) or a personal access token. */
export interface Viewer {
  userId: string;
  username: string;
  role: Role;
  via: 'session' | 'token';
  /** SHA-256 of the secret presented: the session's key or the token's hash. */
  credentialHash: string;
}
