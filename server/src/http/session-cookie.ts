import type { IncomingMessage, ServerResponse } from 'node:http';

export const SESSION_COOKIE = 'amity_session';

/** The value of one cookie of a request (no library needed for reading one name). */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      // A value that is not URI-encoded text is no credential (the request goes on without a viewer).
      return undefined;
    }
  }
  return undefined;
}

/**
 * The session cookie: HTTP-only (no script reads it), same-site strict (no other site's page sends it), the whole
 * hub's, ending with the session. Written as Express's `res.cookie` writes it, on any Node response (GraphQL's
 * answers are written on Node's own: graphql-route.ts).
 */
export function setSessionCookie(res: ServerResponse, secret: string, expires: Date, secure: boolean): void {
  res.appendHeader('Set-Cookie', sessionCookie(encodeURIComponent(secret), expires, secure));
}

/** Ends the session cookie in the browser (an empty value that expired in 1970). */
export function clearSessionCookie(res: ServerResponse, secure: boolean): void {
  res.appendHeader('Set-Cookie', sessionCookie('', new Date(1), secure));
}

function sessionCookie(value: string, expires: Date, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/; Expires=${expires.toUTCString()}; HttpOnly${secure ? '; Secure' : ''}; SameSite=Strict`;
}
