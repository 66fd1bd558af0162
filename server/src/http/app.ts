import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config.js';
import { repositoryRoot } from '../config.js';
import { databaseReadiness } from '../db/database.js';
import { sqlCountStorage, type SqlCount } from '../db/sql-counter.js';
import { formatError } from '../errors.js';
import { createRequestContext, type RequestContext } from '../graph/context.js';
import type { Logger } from '../logger.js';

/** A request after `requestScope`: its id, logger and SQL statement counter. */
type ScopedRequest = Request & { id: string; log: Logger; sqlCount: SqlCount };

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

function sqlCountPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind === 'single') {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, sqlStatements: contextValue.sqlCount?.statements };
          }
        },
      };
    },
  };
}

export interface AmityApp {
  app: Express;
  apollo: ApolloServer<RequestContext>;
}

/** The one HTTP surface: GraphQL at /graphql, health at /healthz and /readyz, the admin at /admin, widgets at /widgets/. */
export async function createApp(config: Config, orm: MikroORM, schema: GraphQLSchema, log: Logger): Promise<AmityApp> {
  const apollo = new ApolloServer<RequestContext>({
    schema,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatError(formatted, error, (unexpected) => log.error({ err: unexpected }, 'unexpected error in a request')),
    plugins: [ApolloServerPluginLandingPageDisabled(), ...(config.exposeSqlCount ? [sqlCountPlugin()] : [])],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.use(requestScope(log));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const readiness = await databaseReadiness(orm);
    res.status(readiness.ready ? 200 : 503).json({ status: readiness.ready ? 'ready' : 'unready', ...(readiness.reason ? { reason: readiness.reason } : {}) });
  });

  app.use(
    '/graphql',
    express.json({ limit: '100kb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const scoped = req as ScopedRequest;
        return { ...createRequestContext(orm.em, scoped.id, scoped.log), sqlCount: scoped.sqlCount };
      },
    }),
  );

  for (const [route, folder] of [
    ['/admin', path.join(repositoryRoot, 'admin/dist')],
    ['/widgets', path.join(repositoryRoot, 'admin/dist-widgets')],
  ] as const) {
    if (existsSync(folder)) {
      app.use(route, express.static(folder, { index: 'index.html', fallthrough: true }));
    } else {
      app.get(route, (_req, res) => {
        res.status(503).type('text/plain').send(`${route} is not built yet: run the README's start command.`);
      });
    }
  }
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
    (req as ScopedRequest).log.error({ err: error }, 'unhandled error');
    res.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL' } }] });
  });

  return { app, apollo };
}
