import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { AuthService } from '../auth/auth.service.js';
import { requestStorage } from '../db/sql-counter.js';
import { createRequestContext, type RequestContext } from '../graph/context.js';
import { ErrorCode, HTTP_STATUS } from '../errors.js';
import { anonymousGate } from './anonymous-gate.js';
import { sendJson } from './http-answers.js';
import { jsonBody } from './json-body.js';
import { paramsFromSearch, type QueryAdmission, type RequestParams } from './query-admission.js';
import { replicaReadsForQueries } from './read-routing.js';
import { authenticate, clientAddress, type ScopedMessage, type ScopedRequest } from './request-scope.js';
import { clearSessionCookie, readCookie, SESSION_COOKIE, setSessionCookie } from './session-cookie.js';

export interface GraphQLRouteOptions {
  apollo: ApolloServer<RequestContext>;
  orm: MikroORM;
  auth: AuthService;
  cookieSecure: boolean;
  bodyBytes: number;
  maxTokens: number;
  exposeSqlCount: boolean;
  admission: QueryAdmission;
}

/** The context GraphQL resolvers see for a scoped request. */
function graphqlContext(options: Pick<GraphQLRouteOptions, 'orm' | 'auth' | 'cookieSecure'>, req: ScopedMessage, res: ServerResponse): RequestContext {
  return createRequestContext(options.orm.em, {
    requestId: req.id,
    log: req.log,
    viewer: req.viewer,
    auth: options.auth,
    sqlCount: req.sqlCount,
    http: {
      address: clientAddress(req),
      sessionCookie: readCookie(req, SESSION_COOKIE),
      setSessionCookie: (secret, expires) => setSessionCookie(res, secret, expires, options.cookieSecure),
      clearSessionCookie: () => clearSessionCookie(res, options.cookieSecure),
    },
  });
}

/** Runs a scoped request's operation through Apollo (its plugins: graphql-guard.ts) and writes the answer. */
export async function runApollo(options: GraphQLRouteOptions, req: ScopedMessage, res: ServerResponse, method: string, body: unknown): Promise<void> {
  const url = req.url ?? '';
  const query = url.indexOf('?');
  const search = query < 0 ? '' : url.slice(query);
  const params: RequestParams | undefined = method.toUpperCase() === 'GET' ? paramsFromSearch(search) : body && typeof body === 'object' && !Array.isArray(body) ? body : undefined;
  const refusal = params && options.admission.refusal(params);
  if (refusal) {
    // A stranger learns nothing of the limits (it may only sign in, and the gate before has let only that through).
    sendJson(res, HTTP_STATUS.QUERY_TOO_COMPLEX, {
      errors: [{ message: req.viewer ? `Query too complex: ${refusal}` : 'Query too complex', extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } }],
      ...(options.exposeSqlCount ? { extensions: { sqlStatements: 0 } } : {}),
    });
    return;
  }
  let context: RequestContext | undefined;
  try {
    const answer = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: method.toUpperCase(), headers: apolloHeaders(req), search, body },
      context: async () => (context = graphqlContext(options, req, res)),
    });
    await sendApolloAnswer(res, answer);
  } finally {
    // What the request read, let go of once it is answered (Loaders.release).
    context?.loaders.release();
  }
}

/** A request's headers as Apollo takes them. */
function apolloHeaders(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/** Writes Apollo's answer: its status, headers and body (whole, or chunk by chunk for an incremental one). */
async function sendApolloAnswer(res: ServerResponse, answer: HTTPGraphQLResponse): Promise<void> {
  for (const [name, value] of answer.headers) res.setHeader(name, value);
  res.statusCode = answer.status ?? 200;
  if (answer.body.kind === 'complete') {
    // The text itself goes to the socket, which encodes it outside the JavaScript heap: a Buffer of it first cost
    // the chain query's answer 90 kB more for the collector to reclaim, every request.
    const body = answer.body.string;
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
    return;
  }
  for await (const chunk of answer.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * GraphQL at /graphql, as one Express route: every middleware in front of it in app.ts (request scope and log line,
 * security headers, charset, CSRF guard, and whatever is added there) applies to every GraphQL request, POST or
 * GET. Then the body (jsonBody), the read replica for a query, the viewer, the anonymous gate and Apollo.
 *
 * It used to be answered beside Express, from Node's HTTP server straight to Apollo, because Express's routing,
 * body-parser and Apollo's Express integration cost a quarter of a small query's time. Mounted early, with its own
 * body reader and without the integration, it costs no measurable time more: `BENCH_SIZE=S` p50 at one connection,
 * beside Express → through it (API ÷ SQL floor), Q1 1.89 → 1.61 ms (3.63× → 3.16×), Q2 1.44 → 1.65 ms
 * (3.44× → 3.11×), on a shared two-core machine whose noise is larger than either difference.
 */
export function graphqlRoute(options: GraphQLRouteOptions, replicas: boolean): Router {
  const route = express.Router();
  route.use(
    jsonBody(options.bodyBytes),
    ...(replicas ? [replicaReadsForQueries(options.maxTokens)] : []),
    authenticate(options.auth),
    anonymousGate((req) => !!(req as ScopedRequest).viewer, options.maxTokens, options.exposeSqlCount),
    (req: Request, res: Response, next: NextFunction) => {
      // Within the request's async context again: a body parser's callback may run outside it.
      const scoped = req as ScopedRequest;
      requestStorage.run(scoped.sqlCount, () => runApollo(options, scoped, res, req.method, req.body as unknown).catch(next));
    },
  );
  return route;
}
