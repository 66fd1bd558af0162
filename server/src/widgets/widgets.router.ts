import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { Router, type Request, type Response } from 'express';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { repositoryRoot } from '../config.js';
import type { SqlCount } from '../db/sql-counter.js';
import { DomainError, ErrorCode, formatError, HTTP_STATUS, RETRY_AFTER_SECONDS } from '../errors.js';
import type { CompiledExecution } from '../graph/compiled-execution.js';
import { createRequestContext, readOnlyWhatIsAsked } from '../graph/context.js';
import { selectedFieldsOnce } from '../graph/projection.js';
import { onRecordChange } from '../graph/record-changes.js';
import type { Logger } from '../logger.js';
import type { Counters } from '../shared/counters.js';
import type { WidgetCache } from './widget-cache.js';
import { loadWidgetOperations } from './widget-operations.js';
import { widgetKeyStore, WidgetKeyStore, WidgetRateLimiter, type ActiveWidgetKey } from './widget-keys.service.js';

type ScopedRequest = Request & { id: string; log: Logger; sqlCount: SqlCount };

export interface WidgetOptions {
  schema: GraphQLSchema;
  /** How operations run: as /graphql runs them (compiled-execution.ts). */
  execution: CompiledExecution;
  orm: MikroORM;
  log: Logger;
  maxAgeSeconds: number;
  exposeSqlCount: boolean;
  /** Where answers are kept (memory or Redis) and the counters under the per-key rate limit. */
  cache: WidgetCache;
  counters: Counters;
  operationsFolder?: string;
  bundleFolder?: string;
}

/** Each error code's HTTP status (errors.ts, shared with every route). */
const STATUS: Partial<Record<string, number>> = HTTP_STATUS;

/** The custom elements, by the name the /embed pages use. */
export const WIDGETS = { 'sister-cities': 'amity-sister-cities', 'delegation-stats': 'amity-delegation-stats', events: 'amity-events', 'node-card': 'amity-node-card' } as const;
const EMBED_ATTRIBUTES = ['lang', 'theme', 'size', 'year', 'node', 'view', 'from', 'first', 'levels'];

function keyOf(req: Request): string | undefined {
  const header = req.header('x-amity-key');
  if (header) return header;
  return typeof req.query.key === 'string' ? req.query.key : undefined;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Sorted keys, so that the same variables in another order hit the same cache entry. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The widgets' HTTP surface: the persisted operations as cacheable GETs for API keys (/widgets/api/<name>),
 * the iframe pages (/embed/<widget>) and the script itself (/widgets/amity-widgets.js).
 */
export function widgetRoutes(options: WidgetOptions): Router {
  const operations = loadWidgetOperations(options.operationsFolder ?? path.join(repositoryRoot, 'schema/operations'), options.schema);
  const cache = options.cache;
  const limiter = new WidgetRateLimiter(options.counters);
  const bundleFolder = options.bundleFolder ?? path.join(repositoryRoot, 'admin/dist-widgets');
  // The simplest rule that is always right: any committed change empties the cache.
  onRecordChange(() => cache.clear());

  const router = Router();

  const refuse = (req: Request, res: Response, error: DomainError, extraHeaders: Record<string, string> = {}) => {
    res.status(STATUS[error.code] ?? 500);
    res.setHeader('Cache-Control', 'no-store');
    for (const [name, value] of Object.entries(extraHeaders)) res.setHeader(name, value);
    if (options.exposeSqlCount) res.setHeader('X-Amity-Sql-Statements', String((req as unknown as ScopedRequest).sqlCount.statements));
    res.json({ errors: [{ message: error.message, extensions: { code: error.code } }] });
  };

  /**
   * The key, checked for origin and state. CORS answers name the page's origin only when the key allows it, so
   * only a page of the key's own site can read the answer (a refusal for a revoked or expired key included, so
   * that its widget can say so).
   */
  const admit = async (req: Request, res: Response): Promise<ActiveWidgetKey> => {
    const key = await widgetKeyStore.identify(options.orm.em, keyOf(req));
    const origin = req.header('origin');
    if (origin !== undefined) {
      if (!key.allowedOrigins.includes(origin)) throw new DomainError(ErrorCode.FORBIDDEN, 'This widget key is not allowed on this web site');
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', 'ETag, Retry-After, X-Request-Id');
    }
    WidgetKeyStore.checkState(key);
    return key;
  };

  router.options('/widgets/api/:operation', async (req, res) => {
    res.setHeader('Vary', 'Origin');
    try {
      await admit(req, res);
      res.setHeader('Access-Control-Allow-Methods', 'GET');
      res.setHeader('Access-Control-Allow-Headers', 'X-Amity-Key, If-None-Match');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
    } catch {
      res.status(403).end();
    }
  });

  router.get('/widgets/api/:operation', async (req, res, next) => {
    const scoped = req as unknown as ScopedRequest;
    res.setHeader('Vary', 'Origin');
    try {
      const key = await admit(req, res);
      const wait = await limiter.hit(key.id, key.rateLimitPerMinute);
      if (wait > 0) {
        refuse(req, res, new DomainError(ErrorCode.RATE_LIMITED, `Too many requests for this widget key; try again in ${wait} s`), { 'Retry-After': String(wait) });
        return;
      }
      const operation = operations.get(String(req.params.operation));
      if (!operation) throw new DomainError(ErrorCode.NOT_FOUND, 'No such widget operation: widget keys run only the registered widget operations');
      let variables: Record<string, unknown> = {};
      if (typeof req.query.variables === 'string' && req.query.variables !== '') {
        try {
          variables = JSON.parse(req.query.variables) as Record<string, unknown>;
        } catch {
          throw new DomainError(ErrorCode.BAD_USER_INPUT, 'variables must be a JSON object');
        }
        if (!variables || typeof variables !== 'object' || Array.isArray(variables)) throw new DomainError(ErrorCode.BAD_USER_INPUT, 'variables must be a JSON object');
      }

      // Keyed by the variables the operation defines (the others change nothing in the answer), so that padding a
      // request with more makes no new answer to keep.
      const defined = (operation.definition.variableDefinitions ?? []).map((definition) => definition.variable.name.value).filter((name) => name in variables);
      const cacheKey = `${operation.name}:${canonical(Object.fromEntries(defined.map((name) => [name, variables[name]])))}`;
      const cached = await cache.lookup(cacheKey);
      let answer = cached.value;
      if (!answer) {
        const context = { ...createRequestContext(options.orm.em, { requestId: scoped.id, log: scoped.log, sqlCount: scoped.sqlCount }), widgetKey: { id: key.id } };
        readOnlyWhatIsAsked(context, selectedFieldsOnce(options.schema, operation.document, operation.definition));
        const result = await options.execution.run({ document: operation.document, operationName: operation.definition.name?.value, variables, context });
        // Errors before execution (graphql-js gives no data at all) are the variables' fault.
        if (result.errors?.length && !('data' in result)) throw new DomainError(ErrorCode.BAD_USER_INPUT, result.errors.map((error) => error.message).join('; '));
        if (result.errors?.length) {
          const errors = result.errors.map((error) => formatError(error.toJSON() as GraphQLFormattedError, error, (cause, code) =>
              code ? scoped.log.warn({ err: cause, code }, 'database fault in a widget request') : scoped.log.error({ err: cause }, 'unexpected error in a widget request')));
          const code = String(errors[0].extensions?.code ?? ErrorCode.INTERNAL);
          res.status(STATUS[code] ?? 500).setHeader('Cache-Control', 'no-store');
          const retryAfter = RETRY_AFTER_SECONDS[code as ErrorCode];
          if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
          if (options.exposeSqlCount) res.setHeader('X-Amity-Sql-Statements', String(scoped.sqlCount.statements));
          res.json({ errors: errors.map((error) => ({ message: error.message, extensions: { code: error.extensions?.code } })) });
          return;
        }
        const data = result.data as Record<string, unknown> | null | undefined;
        // A record the key may not read and one that does not exist look the same: not found.
        if (operation.rootFields.includes('node') && data?.node == null) throw new DomainError(ErrorCode.NOT_FOUND, 'No public record with this id');
        const body = JSON.stringify({ data });
        answer = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
        await cached.keep(answer);
      }
      res.setHeader('Cache-Control', `public, max-age=${options.maxAgeSeconds}`);
      res.setHeader('ETag', answer.etag);
      if (options.exposeSqlCount) res.setHeader('X-Amity-Sql-Statements', String(scoped.sqlCount.statements));
      const given = req.header('if-none-match');
      if (given && given.split(',').some((tag) => tag.trim().replace(/^W\//, '') === answer.etag)) {
        res.status(304).end();
        return;
      }
      res.type('application/json').send(answer.body);
    } catch (error) {
      if (error instanceof DomainError) refuse(req, res, error);
      else next(error);
    }
  });

  router.get('/embed/:widget', async (req, res, next) => {
    const element = WIDGETS[String(req.params.widget) as keyof typeof WIDGETS];
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const page = (status: number, origins: string[], body: string) => {
      res.setHeader(
        'Content-Security-Policy',
        `default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors ${origins.length > 0 ? origins.join(' ') : "'none'"}`,
      );
      res.status(status).type('html').send(body);
    };
    if (!element) {
      page(404, [], '<!doctype html><meta charset="utf-8"><title>Amity</title><p>No such widget.</p>');
      return;
    }
    try {
      const key = await widgetKeyStore.authorise(options.orm.em, keyOf(req));
      const attributes = [`key="${escapeHtml(keyOf(req) ?? '')}"`];
      for (const name of EMBED_ATTRIBUTES) {
        const value = req.query[name];
        if (typeof value === 'string' && value.length <= 200) attributes.push(`${name}="${escapeHtml(value)}"`);
      }
      const lang = req.query.lang === 'en' ? 'en' : 'zh';
      page(
        200,
        key.allowedOrigins,
        `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Amity</title><style>html,body{margin:0;padding:0;background:transparent}</style><script src="/widgets/amity-widgets.js" defer></script></head><body><${element} ${attributes.join(' ')}></${element}></body></html>`,
      );
    } catch (error) {
      if (!(error instanceof DomainError)) {
        next(error);
        return;
      }
      page(STATUS[error.code] ?? 403, [], `<!doctype html><meta charset="utf-8"><title>Amity</title><p>${escapeHtml(error.message)}</p>`);
    }
  });

  // The script is public and meant for other sites' pages: readable across origins, no framing rules (it is no page).
  router.use(
    '/widgets',
    (_req, res, next) => {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      next();
    },
    express.static(bundleFolder, { index: false, fallthrough: true, maxAge: '5m' }),
  );
  router.get('/widgets/amity-widgets.js', (_req, res) => {
    res.status(503).type('text/plain').send(existsSync(bundleFolder) ? 'Not found' : "The widgets are not built yet: run the README's start command.");
  });
  return router;
}
