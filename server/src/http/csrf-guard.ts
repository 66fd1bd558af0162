import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from '../errors.js';
import { sendJson } from './http-answers.js';

/**
 * Headers a page of another site cannot put on a request without the browser first asking the hub (a CORS
 * preflight, which the hub never grants): a request carrying one comes from the hub's own pages or from a program.
 * The admin sends `X-Amity-CSRF`; Apollo's two are accepted too, so that /graphql and every other route take the same.
 */
export const PREFLIGHT_HEADERS = ['x-amity-csrf', 'x-apollo-operation-name', 'apollo-require-preflight'];

/** The content types an HTML form (or a script's request with no preflight) can send, with the cookie, from any site. */
const SIMPLE_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'];

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a request could have been sent by another site's page riding on the session cookie: it changes state
 * (not GET, HEAD or OPTIONS), its content type is a "simple" one or absent, and it carries none of the
 * PREFLIGHT_HEADERS. The rule of Apollo's csrfPrevention, for every route.
 */
export function mayBeCrossSite(req: IncomingMessage): boolean {
  if (READ_METHODS.has(req.method ?? 'GET')) return false;
  const type = req.headers['content-type'];
  const essence = (type ?? '').split(';')[0].trim().toLowerCase();
  if (essence !== '' && !SIMPLE_TYPES.includes(essence)) return false;
  return !PREFLIGHT_HEADERS.some((name) => {
    const value = req.headers[name];
    return typeof value === 'string' ? value !== '' : Array.isArray(value) && value.length > 0;
  });
}

/**
 * In front of every route (app.ts): a state-changing request that a cross-site form could have sent is refused
 * with 400 before it is read, whatever cookie it carries. SameSite cookies alone leave this to the browser.
 */
export function csrfGuard(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  if (!mayBeCrossSite(req)) {
    next();
    return;
  }
  const message = `Refused as a possible cross-site request: a ${req.method} must have a Content-Type other than ${SIMPLE_TYPES.join(', ')} (e.g. text/csv, application/json), or a non-empty X-Amity-CSRF header. Nothing was done.`;
  res.setHeader('Connection', 'close');
  sendJson(res, 400, { errors: [{ message, extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
}
