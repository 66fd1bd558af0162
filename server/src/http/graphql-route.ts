import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { AuthService } from '../auth/auth.service.js';
import { createRequestContext, type RequestContext } from '../graph/context.js';
import type { Logger } from '../logger.js';
import { ErrorCode, HTTP_STATUS } from '../errors.js';
import { anonymousMayPass, refuseAnonymous } from './anonymous-gate.js';
import { bodyError, sendJson } from './http-answers.js';
import { paramsFromSearch, type QueryAdmission, type RequestParams } from './query-admission.js';
import { clientAddress, ownPath, recogniseViewer, type ScopedMessage } from './request-scope.js';
import { clearSessionCookie, readCookie, SESSION_COOKIE, setSessionCookie } from './session-cookie.js';

export interface GraphQLRouteOptions {
  apollo: ApolloServer<RequestContext>;
  orm: MikroORM;
  auth: AuthService;
  log: Logger;
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

const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * Whether the API's own path answers this request: a POST of JSON (UTF-8, not compressed) to /graphql, what the
 * admin, the analysts' tools and the benchmark send. Every other request to /graphql (GraphQL over GET, another
 * content type, a compressed body, a read replica to route to) goes through Express as before.
 */
export function isPlainGraphQLPost(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const url = req.url ?? '';
  if (url !== '/graphql' && !url.startsWith('/graphql?')) return false;
  const type = req.headers['content-type'];
  const encoding = req.headers['content-encoding'];
  return !!type && JSON_TYPE.test(type) && (!encoding || encoding.toLowerCase() === 'identity');
}

/**
 * The API's own path for plain GraphQL POSTs, straight from Node's HTTP server to Apollo: the same steps as the
 * Express route (scope, security headers, body within the limit, viewer, anonymous gate, Apollo, the same error
 * answers) without Express's routing and body parsing in front, which cost a quarter of the hub's time for a small
 * query (test/bench/RESULTS.md).
 */
export function graphqlPost(options: GraphQLRouteOptions): RequestListener {
  const answer = async (req: ScopedMessage, res: ServerResponse) => {
    const body = await readJsonBody(req, options.bodyBytes);
    await recogniseViewer(req, options.auth);
    if (!req.viewer && !anonymousMayPass(body, 'POST', true, options.maxTokens)) {
      refuseAnonymous(res, options.exposeSqlCount);
      return;
    }
    await runApollo(options, req, res, 'POST', body);
  };
  return ownPath(options.log, answer);
}

/**
 * A request's JSON body, as Express's JSON parser reads it: at most `limit` bytes (413 beyond, told by the
 * declared length before reading when it can), an empty body is `{}`, and anything but an object or an array is
 * a malformed request (400).
 */
function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => bodyError(413, 'entity.too.large', 'request entity too large');
    if (Number(req.headers['content-length']) > limit) {
      req.resume();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stop();
        req.resume();
        reject(tooLarge());
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      const text = Buffer.concat(chunks, size).toString('utf8');
      const first = /\S/.exec(text)?.[0];
      if (first === undefined) return resolve({});
      if (first !== '{' && first !== '[') return reject(bodyError(400, 'entity.parse.failed', 'body is not a JSON object'));
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(bodyError(400, 'entity.parse.failed', 'body is not JSON'));
      }
    };
    const onError = () => {
      stop();
      reject(bodyError(400, 'request.aborted', 'request aborted'));
    };
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onError);
  });
}
