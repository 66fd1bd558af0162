import { existsSync } from 'node:fs';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config.js';
import { repositoryRoot } from '../config.js';
import { databaseReadiness } from '../db/database.js';
import { poolUsage } from '../db/knex-pool.js';
import { ErrorCode, formatError } from '../errors.js';
import { configureRecordBudget } from '../graph/bounded-lists.js';
import { CompiledExecution } from '../graph/compiled-execution.js';
import type { RequestContext } from '../graph/context.js';
import type { AuthService } from '../auth/auth.service.js';
import type { Logger } from '../logger.js';
import { metricsEndpoint, startMetrics } from '../metrics.js';
import type { SharedState } from '../shared/shared-state.js';
import { annualReportRouter } from '../stats/annual-report.router.js';
import { exportRouter, importRouter } from '../spreadsheets/spreadsheets.router.js';
import { widgetRoutes } from '../widgets/widgets.router.js';
import { graphiqlRoutes } from './graphiql.js';
import { boundedAnswers } from './bounded-answers.js';
import { csrfGuard, PREFLIGHT_HEADERS } from './csrf-guard.js';
import { graphqlGuard } from './graphql-guard.js';
import { graphqlRoute } from './graphql-route.js';
import { QueryAdmission } from './query-admission.js';
import { answerHttpError, type BodyError } from './http-answers.js';
import { replicaReadsForGets } from './read-routing.js';
import { authenticate, requestScope, type ScopedRequest } from './request-scope.js';
import { pageSecurityHeaders, setBaseSecurityHeaders } from './security-headers.js';

/** The charset a body names, when it names one. */
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;

/**
 * Bodies are read as UTF-8 only. Express's parsers decode any `utf-*` charset, UTF-7 among them, whose `+ADw-`
 * spells `<` past every filter that reads the bytes: another charset is refused with 415 before anything is read.
 */
function utf8BodiesOnly(req: Request, res: Response, next: NextFunction) {
  const charset = CHARSET.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset === undefined || charset === 'utf-8') return next();
  res.status(415).json({ errors: [{ message: `Unsupported charset "${charset.slice(0, 40)}": send the body as UTF-8`, extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
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
  /** What the HTTP server runs for every request. */
  app: Express;
  apollo: ApolloServer<RequestContext>;
}

/** The one HTTP surface: GraphQL at /graphql, health at /healthz and /readyz, the admin at /admin, widgets at /widgets/. */
export async function createApp(config: Config, orm: MikroORM, schema: GraphQLSchema, auth: AuthService, log: Logger, shared: SharedState): Promise<AmityApp> {
  configureRecordBudget(config.limits.records);
  const execution = new CompiledExecution(schema, { sayExecutor: config.exposeSqlCount });
  const apollo = new ApolloServer<RequestContext>({
    // The schema, with its operations run by compiled-execution.ts (queries compiled).
    gateway: execution.apolloGateway(),
    // Answers as compact JSON (Apollo's default indents them: more bytes and more time for every answer).
    stringifyResult: (value) => JSON.stringify(value),
    includeStacktraceInErrorResponses: false,
    // The hub stops it on SIGINT/SIGTERM once the HTTP server has drained (main.ts): stopped at the signal, as
    // Apollo does by default, it answered every request still coming over kept-alive connections with an error.
    stopOnTerminationSignals: false,
    // A cross-site form post (text/plain, no preflight) is refused, as by every other route (csrf-guard.ts, with the
    // same headers), and so is a batch.
    csrfPrevention: { requestHeaders: PREFLIGHT_HEADERS },
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: config.limits.tokens },
    // Apollo gives formatError no context: the hub's logger it is, and the request's id comes from the request's
    // async context (logger.ts).
    formatError: (formatted, error) => formatError(formatted, error, log),
    // No field has a cache hint, so Apollo's cache-control plugin only ever answered `no-store`, at the cost of
    // wrapping every field's resolver; the guard sets that header instead.
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), graphqlGuard(config.exposeSqlCount), boundedAnswers(config.exposeSqlCount)],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  // No ETag computed over every answer: GraphQL answers to POST are never revalidated, and the widget API and the
  // admin's files set their own.
  app.set('etag', false);
  // Every request, every route, GraphQL's included, passes the middleware below in this order.
  const https = config.auth.cookieSecure;
  app.use((req, res, next) => {
    setBaseSecurityHeaders(req, res, https);
    next();
  });
  app.use(requestScope(log));
  app.use(utf8BodiesOnly);
  // Every state-changing route behind this one rule: /imports (uploads, undo, mappings) and whatever comes next.
  app.use(csrfGuard);
  const replicas = config.databaseReplicaUrls.length > 0;
  if (replicas) app.use(replicaReadsForGets);

  // The two busiest routes early, so that a request to them passes few other routes' layers: GraphQL (after the
  // GraphiQL page, which a browser's GET of /graphql gets), and the widget API that other offices' pages call.
  // The widget API was answered beside Express too; through it, a cached answer measured 0.19 → 0.35 ms p50 at one
  // connection (`BENCH_SIZE=S`, a noisy run: Q8, which this does not touch, went 10.6 → 22.5 ms), and the cached ÷
  // uncached throughput at 16 connections 8.5× → 4.0× (goal 5×).
  app.use(graphiqlRoutes(auth));
  const route = { apollo, orm, auth, cookieSecure: config.auth.cookieSecure, bodyBytes: config.limits.bodyBytes, maxTokens: config.limits.tokens, exposeSqlCount: config.exposeSqlCount, admission: new QueryAdmission(schema, config.limits, config.limits.tokens) };
  app.use('/graphql', graphqlRoute(route, replicas));
  const widgets = widgetRoutes({ schema, execution, orm, log, maxAgeSeconds: config.widgets.maxAgeSeconds, exposeSqlCount: config.exposeSqlCount, cache: shared.widgetCache, rateLimiters: shared.rateLimiters });
  app.use(widgets);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const readiness = await databaseReadiness(orm, config.readyTimeoutMs);
    // Redis away leaves the hub ready: it answers without it (README, "Deployment: more than one server").
    const redis = shared.redisState();
    res.status(readiness.ready ? 200 : 503).json({ status: readiness.ready ? 'ready' : 'unready', ...(readiness.reason ? { reason: readiness.reason } : {}), ...(redis !== 'off' ? { redis } : {}) });
  });

  // Node's own metrics (an event-loop delay monitor, a garbage-collection observer) run only when someone may read them.
  if (config.metricsToken) startMetrics({ pool: () => poolUsage(orm), redisState: () => shared.redisState() });
  const metrics = metricsEndpoint(config.metricsToken);
  app.get('/metrics', (req, res, next) => {
    metrics(req, res).catch(next);
  });

  app.use('/reports', authenticate(auth), annualReportRouter(orm));
  app.use('/imports', authenticate(auth), importRouter(orm, config.limits.importBytes, config.importLimits));
  app.use('/exports', authenticate(auth), exportRouter(orm, schema));
  app.use('/admin', pageSecurityHeaders, adminRoutes(path.join(repositoryRoot, 'admin/dist')));
  app.get('/', (_req, res) => res.redirect('/admin/'));

  app.use((_req: Request, res: Response) => {
    res.status(404).json({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
  });
  app.use((error: BodyError, req: Request, res: Response, _next: NextFunction) => {
    void _next;
    answerHttpError(error, res, (req as ScopedRequest).log);
  });

  return { app, apollo };
}
