import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import proxyaddr from 'proxy-addr';
import type { AuthService } from '../auth/auth.service.js';
import type { Viewer } from '../auth/viewer.js';
import { requestStorage, type SqlCount } from '../db/sql-counter.js';
import type { Logger } from '../logger.js';
import { metricsRoute, observeRequest } from '../metrics.js';
import { readCookie, SESSION_COOKIE } from './session-cookie.js';

/** What every request carries once scoped: its id, its logger, its SQL statement counter, and then its viewer. */
export interface RequestMarks {
  id: string;
  log: Logger;
  sqlCount: SqlCount;
  viewer?: Viewer;
}

export type ScopedMessage = IncomingMessage & RequestMarks;

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Scopes a request: an id (the caller's X-Request-Id when sane, answered in X-Request-Id), a child logger and an
 * SQL statement counter, kept on the request itself; when the answer is sent, one log line with its status, time
 * and statements.
 */
function openRequestScope(request: IncomingMessage, res: ServerResponse, log: Logger): ScopedMessage {
  const req = request as ScopedMessage;
  const given = req.headers['x-request-id'];
  req.id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  req.log = log.child({ requestId: req.id });
  req.sqlCount = { statements: 0, requestId: req.id };
  res.setHeader('X-Request-Id', req.id);
  const method = req.method;
  const path = (req.url ?? '').split('?', 1)[0];
  const route = metricsRoute(path);
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    observeRequest(route, res.statusCode, req.sqlCount.operation, ms / 1000);
    req.log.info({ method, path, status: res.statusCode, ms: Math.round(ms * 10) / 10, sql: req.sqlCount.statements }, 'request');
  });
  return req;
}

/** openRequestScope as Express's first middleware: everything after it runs in the request's async context. */
export function requestScope(log: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const scoped = openRequestScope(req, res, log);
    requestStorage.run(scoped.sqlCount, next);
  };
}

/** A request after `requestScope` and `authenticate`: its id, logger, SQL statement counter and viewer. */
export type ScopedRequest = Request & RequestMarks;

/** recogniseViewer as a middleware; a database fault goes to the error answer. */
export function authenticate(auth: AuthService) {
  return (req: Request, _res: Response, next: NextFunction) => {
    recogniseViewer(req as ScopedRequest, auth).then(() => next(), next);
  };
}

/**
 * The viewer from an `Authorization: Bearer` secret or the session cookie, kept on the request (and named in its
 * log lines); a bad credential is simply no viewer.
 */
export async function recogniseViewer(req: ScopedMessage, auth: AuthService): Promise<void> {
  const header = req.headers.authorization;
  const bearer = header ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
  const secret = bearer ?? readCookie(req, SESSION_COOKIE);
  req.viewer = secret ? await auth.authenticate(secret) : undefined;
  if (req.viewer) req.log = req.log.child({ user: req.viewer.username });
}

/** Proxies whose X-Forwarded-For is believed: only one on this machine (a reverse proxy in front of the hub). */
const TRUSTED_PROXIES = proxyaddr.compile('loopback');

/** The caller's address: the socket's, or what a proxy on this machine says it forwarded for. */
export function clientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ? proxyaddr(req, TRUSTED_PROXIES) : 'unknown';
}
