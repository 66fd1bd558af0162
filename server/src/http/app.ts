import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config.js';
import { repositoryRoot } from '../config.js';
import { databaseReadiness } from '../db/database.js';
import { sqlCountStorage, type SqlCount } from '../db/sql-counter.js';
import { formatError, httpErrorAnswer } from '../errors.js';
import { CompiledExecution } from '../graph/compiled-execution.js';
import { createRequestContext, type RequestContext } from '../graph/context.js';
import type { AuthService } from '../auth/auth.service.js';
import type { Viewer } from '../auth/viewer.js';
import type { Logger } from '../logger.js';
import type { SharedState } from '../shared/shared-state.js';
import { annualReportRouter } from '../stats/annual-report.router.js';
import { exportRouter, importRouter } from '../spreadsheets/spreadsheets.router.js';
import { widgetRoutes } from '../widgets/widgets.router.js';
import { graphiqlRoutes } from './graphiql.js';
import { anonymousGate } from './anonymous-gate.js';
import { graphqlGuard } from './graphql-guard.js';
import { replicaReadsForGets, replicaReadsForQueries } from './read-routing.js';
import { baseSecurityHeaders, pageSecurityHeaders } from './security-headers.js';
import { clearSessionCookie, readCookie, SESSION_COOKIE, setSessionCookie } from './session-cookie.js';

/** A request after `requestScope` and `authenticate`: its id, logger, SQL statement counter and viewer. */
type ScopedRequest = Request & { id: string; log: Logger; sqlCount: SqlCount; viewer?: Viewer };

/** The viewer from the session cookie or an `Authorization: Bearer` secret; a bad credential is simply no viewer. */
function authenticate(auth: AuthService) {
  return async (request: Request, _res: Response, next: NextFunction) => {
    const req = request as ScopedRequest;
    try {
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '')?.[1];
      const secret = bearer ?? readCookie(req, SESSION_COOKIE);
      req.viewer = secret ? await auth.authenticate(secret) : undefined;
      if (req.viewer) req.log = req.log.child({ user: req.viewer.username });
      next();
    } catch (error) {
      next(error);
    }
  };
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Every request gets an id (the caller's X-Request-Id when sane), a child logger and an SQL statement counter. */
function requestScope(log: Logger) {
  return (request: Request, res: Response, next: NextFunction) => {
    const req = request as ScopedRequest;
    const given = req.header('x-request-id');
    req.id = given && REQUEST_ID.test(given) ? given : randomUUID();
    req.log = log.child({ requestId: req.id });
    req.sqlCount = { statements: 0 };
    res.setHeader('X-Request-Id', req.id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      req.log.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10, sql: req.sqlCount.statements }, 'request');
    });
    sqlCountStorage.run(req.sqlCount, next);
  };
}

/**
 * The built admin: its files, and index.html for any other page path under /admin (the SPA routes itself).
 * Whether it is built is looked at per request, so a build made while the hub runs is served without a restart.
 */
function adminRoutes(folder: string) {
  const files = express.static(folder, { index: 'index.html', fallthrough: true });
  const router = express.Router();
  router.use((req, res, next) => {
    if (!existsSync(path.join(folder, 'index.html'))) {
      res.status(503).type('text/plain').send("/admin is not built yet: run the README's start command.");
      return;
    }
    files(req, res, next);
  });
  router.get(/.*/, (req, res, next) => {
    // A missing asset is a 404, not the page: only paths without a file extension are routes of the app.
    if (path.extname(req.path) !== '') {
      next();
      return;
    }
    res.sendFile(path.join(folder, 'index.html'));
  });
  return router;
}

export interface AmityApp {
  app: Express;
  apollo: ApolloServer<RequestContext>;
}

/** The one HTTP surface: GraphQL at /graphql, health at /healthz and /readyz, the admin at /admin, widgets at /widgets/. */
export async function createApp(config: Config, orm: MikroORM, schema: GraphQLSchema, auth: AuthService, log: Logger, shared: SharedState): Promise<AmityApp> {
  const execution = new CompiledExecution(schema);
  const apollo = new ApolloServer<RequestContext>({
    // The schema, with its operations run by compiled-execution.ts (queries compiled).
    gateway: execution.apolloGateway(),
    // Answers as compact JSON (Apollo's default indents them: more bytes and more time for every answer).
    stringifyResult: (value) => JSON.stringify(value),
    includeStacktraceInErrorResponses: false,
    // Apollo's defaults, stated: a cross-site form post (text/plain, no preflight) is refused, and so is a batch.
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: config.limits.tokens },
    formatError: (formatted, error) =>
      formatError(formatted, error, (cause, code) => (code ? log.warn({ err: cause, code }, 'database fault in a request') : log.error({ err: cause }, 'unexpected error in a request'))),
    // No field has a cache hint, so Apollo's cache-control plugin only ever answered `no-store`, at the cost of
    // wrapping every field's resolver; the guard sets that header instead.
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), graphqlGuard(config.limits, config.exposeSqlCount)],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  // No ETag computed over every answer: GraphQL answers to POST are never revalidated, and the widget API and the
  // admin's files set their own.
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  app.use(requestScope(log));
  app.use(baseSecurityHeaders);
  const replicas = config.databaseReplicaUrls.length > 0;
  if (replicas) app.use(replicaReadsForGets);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const readiness = await databaseReadiness(orm, config.readyTimeoutMs);
    // Redis away leaves the hub ready: it answers without it (README, "Deployment: more than one server").
    const redis = shared.redisState();
    res.status(readiness.ready ? 200 : 503).json({ status: readiness.ready ? 'ready' : 'unready', ...(readiness.reason ? { reason: readiness.reason } : {}), ...(redis !== 'off' ? { redis } : {}) });
  });

  app.use(graphiqlRoutes());
  app.use('/reports', authenticate(auth), annualReportRouter(orm));
  app.use('/imports', authenticate(auth), importRouter(orm, config.limits.importBytes));
  app.use('/exports', authenticate(auth), exportRouter(orm, schema));
  app.use(
    '/graphql',
    express.json({ limit: config.limits.bodyBytes }),
    ...(replicas ? [replicaReadsForQueries(config.limits.tokens)] : []),
    authenticate(auth),
    anonymousGate((req) => !!(req as ScopedRequest).viewer, config.limits.tokens, config.exposeSqlCount),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const scoped = req as ScopedRequest;
        return createRequestContext(orm.em, {
          requestId: scoped.id,
          log: scoped.log,
          viewer: scoped.viewer,
          auth,
          sqlCount: scoped.sqlCount,
          http: {
            address: scoped.ip ?? 'unknown',
            sessionCookie: readCookie(scoped, SESSION_COOKIE),
            setSessionCookie: (secret, expires) => setSessionCookie(res, secret, expires, config.auth.cookieSecure),
            clearSessionCookie: () => clearSessionCookie(res, config.auth.cookieSecure),
          },
        });
      },
    }),
  );

  app.use(widgetRoutes({ schema, execution, orm, log, maxAgeSeconds: config.widgets.maxAgeSeconds, exposeSqlCount: config.exposeSqlCount, cache: shared.widgetCache, counters: shared.counters }));

  app.use('/admin', pageSecurityHeaders, adminRoutes(path.join(repositoryRoot, 'admin/dist')));
  app.get('/', (_req, res) => res.redirect('/admin/'));

  app.use((_req: Request, res: Response) => {
    res.status(404).json({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
  });
  app.use((error: Error & { status?: number; type?: string }, req: Request, res: Response, _next: NextFunction) => {
    void _next;
    if (error.type === 'entity.too.large') {
      res.status(413).json({ errors: [{ message: 'Request body too large', extensions: { code: 'BAD_USER_INPUT' } }] });
      return;
    }
    if (error.status && error.status < 500) {
      res.status(error.status).json({ errors: [{ message: 'Malformed request', extensions: { code: 'BAD_USER_INPUT' } }] });
      return;
    }
    // Database faults (unreachable, timeout, busy, read-only) get their code and status, anything else is INTERNAL.
    const answer = httpErrorAnswer(error);
    if (answer.kind === 'unexpected') (req as ScopedRequest).log.error({ err: error }, 'unhandled error');
    if (answer.kind === 'database') (req as ScopedRequest).log.warn({ err: error, code: answer.body.errors[0].extensions?.code }, 'database fault in a request');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(answer.status).set(answer.headers).json(answer.body);
  });

  return { app, apollo };
}
