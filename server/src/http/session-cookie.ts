import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse, serialize } from 'cookie';

export const SESSION_COOKIE = 'amity_session';

/** A cookie value that is not URI-encoded text is no credential: the request goes on without a viewer. */
function decodeOrNothing(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** The value of one cookie of a request. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  return header ? parse(header, { decode: decodeOrNothing })[name] : undefined;
}

/**
 * The session cookie: HTTP-only (no script reads it), same-site strict (no other site's page sends it), the whole
 * hub's, ending with the session. Written on any Node response (GraphQL's answers are written on Node's own:
 * graphql-route.ts).
 */
export function setSessionCookie(res: ServerResponse, secret: string, expires: Date, secure: boolean): void {
  res.appendHeader('Set-Cookie', sessionCookie(secret, expires, secure));
}

/** Ends the session cookie in the browser (an empty value that expired in 1970). */
export function clearSessionCookie(res: ServerResponse, secure: boolean): void {
  res.appendHeader('Set-Cookie', sessionCookie('', new Date(1), secure));
}

function sessionCookie(value: string, expires: Date, secure: boolean): string {
  return serialize(SESSION_COOKIE, value, { path: '/', expires, httpOnly: true, secure, sameSite: 'strict' });
}
