import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { Router } from 'express';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { repositoryRoot } from '../config.js';
import { DomainError, ErrorCode, formatError, HTTP_STATUS, RETRY_AFTER_SECONDS } from '../errors.js';
import type { CompiledExecution } from '../graph/compiled-execution.js';
import { createRequestContext, readOnlyWhatIsAsked } from '../graph/context.js';
import { selectedFieldsOnce } from '../graph/projection.js';
import { onRecordChange } from '../graph/record-changes.js';
import { answerHttpError, bodyError, sendJson, type BodyError } from '../http/http-answers.js';
import { setWidgetPageSecurityHeaders } from '../http/security-headers.js';
import type { ScopedMessage } from '../http/request-scope.js';
import type { Logger } from '../logger.js';
import type { RateLimiters } from '../shared/rate-limiters.js';
import { countWidgetCacheLookup } from '../metrics.js';
import type { WidgetCache } from './widget-cache.js';
import { loadWidgetOperations } from './widget-operations.js';
import { widgetKeyStore, WidgetKeyStore, type ActiveWidgetKey } from './widget-keys.service.js';
import { WidgetRateLimiter } from './widget-rate-limiter.js';

export interface WidgetOptions {
  schema: GraphQLSchema;
  /** How operations run: as /graphql runs them (compiled-execution.ts). */
  execution: CompiledExecution;
  orm: MikroORM;
  log: Logger;
  maxAgeSeconds: number;
  exposeSqlCount: boolean;
  /** Where answers are kept (memory or Redis), and where the per-key rate limit counts. */
  cache: WidgetCache;
  rateLimiters: RateLimiters;
  operationsFolder?: string;
  bundleFolder?: string;
}

/** Each error code's HTTP status (errors.ts, shared with every route). */
const STATUS: Partial<Record<string, number>> = HTTP_STATUS;

/** The custom elements, by the name the /embed pages use. */
export const WIDGETS = { 'sister-cities': 'amity-sister-cities', 'delegation-stats': 'amity-delegation-stats', events: 'amity-events', 'node-card': 'amity-node-card' } as const;
const EMBED_ATTRIBUTES = ['lang', 'theme', 'size', 'year', 'node', 'view', 'from', 'first', 'levels'];

/** A request's query string, read one way on every widget route. */
function searchOf(req: IncomingMessage): URLSearchParams {
  const url = req.url ?? '';
  const start = url.indexOf('?');
  return new URLSearchParams(start < 0 ? '' : url.slice(start + 1));
}

/** The widget key secret: the X-Amity-Key header, else the `key` parameter. */
function keyOf(req: IncomingMessage, search: URLSearchParams): string | undefined {
  const header = req.headers['x-amity-key'];
  if (typeof header === 'string' && header !== '') return header;
  return search.get('key') ?? undefined;
}

const WIDGET_API = /^\/widgets\/api\/([^/?]+)(\?|$)/;

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
  const limiter = new WidgetRateLimiter(options.rateLimiters);
  const bundleFolder = options.bundleFolder ?? path.join(repositoryRoot, 'admin/dist-widgets');
  // The simplest rule that is always right: any committed change empties the cache.
  onRecordChange(() => cache.clear());

  const router = Router();

  const refuse = (req: ScopedMessage, res: ServerResponse, error: DomainError, extraHeaders: Record<string, string> = {}) => {
    const headers: Record<string, string> = { 'Cache-Control': 'no-store', ...extraHeaders };
    if (options.exposeSqlCount) headers['X-Amity-Sql-Statements'] = String(req.sqlCount.statements);
    sendJson(res, STATUS[error.code] ?? 500, { errors: [{ message: error.message, extensions: { code: error.code } }] }, headers);
  };

  /**
   * The key, checked for origin and state. CORS answers name the page's origin only when the key allows it, so
   * only a page of the key's own site can read the answer (a refusal for a revoked or expired key included, so
   * that its widget can say so).
   */
  const admit = async (req: IncomingMessage, res: ServerResponse, search: URLSearchParams): Promise<ActiveWidgetKey> => {
    const key = await widgetKeyStore.identify(options.orm.em, keyOf(req, search));
    const origin = req.headers.origin;
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
      await admit(req, res, searchOf(req));
      res.setHeader('Access-Control-Allow-Methods', 'GET');
      res.setHeader('Access-Control-Allow-Headers', 'X-Amity-Key, If-None-Match');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
    } catch {
      res.status(403).end();
    }
  });

  /** The answer of a persisted operation: from the cache when kept, else computed and kept. */
  const answer = async (req: ScopedMessage, res: ServerResponse, operationName: string, search: URLSearchParams) => {
    res.setHeader('Vary', 'Origin');
    const key = await admit(req, res, search);
    const wait = await limiter.hit(key.id, key.rateLimitPerMinute);
    if (wait > 0) {
      refuse(req, res, new DomainError(ErrorCode.RATE_LIMITED, `Too many requests for this widget key; try again in ${wait} s`), { 'Retry-After': String(wait) });
      return;
    }
    const operation = operations.get(operationName);
    if (!operation) throw new DomainError(ErrorCode.NOT_FOUND, 'No such widget operation: widget keys run only the registered widget operations');
    let variables: Record<string, unknown> = {};
    const given = search.get('variables');
    if (given) {
      try {
        variables = JSON.parse(given) as Record<string, unknown>;
      } catch {
        throw new DomainError(ErrorCode.BAD_USER_INPUT, 'variables must be a JSON object');
      }
      if (!variables || typeof variables !== 'object' || Array.isArray(variables)) throw new DomainError(ErrorCode.BAD_USER_INPUT, 'variables must be a JSON object');
    }

    // Keyed by the variables the operation defines (the others change nothing in the answer), so that padding a
    // request with more makes no new answer to keep.
    const defined = operation.variableNames.filter((name) => name in variables);
    const cacheKey = `${operation.name}:${canonical(Object.fromEntries(defined.map((name) => [name, variables[name]])))}`;
    const cached = await cache.lookup(cacheKey);
    countWidgetCacheLookup(cached.value !== undefined);
    let kept = cached.value;
    if (!kept) {
      const context = { ...createRequestContext(options.orm.em, { requestId: req.id, log: req.log, sqlCount: req.sqlCount }), widgetKey: { id: key.id } };
      readOnlyWhatIsAsked(context, selectedFieldsOnce(options.schema, operation.document, operation.definition));
      const result = await options.execution.run({ document: operation.document, operationName: operation.definition.name?.value, variables, context });
      context.loaders.release();
      // An answer past AMITY_MAX_RECORDS is refused whole (bounded-lists.ts).
      if (context.loaders.bounds.exceeded) throw context.loaders.bounds.refusal();
      // Errors before execution (graphql-js gives no data at all) are the variables' fault.
      if (result.errors?.length && !('data' in result)) throw new DomainError(ErrorCode.BAD_USER_INPUT, result.errors.map((error) => error.message).join('; '));
      if (result.errors?.length) {
        const errors = result.errors.map((error) => formatError(error.toJSON() as GraphQLFormattedError, error, req.log));
        const code = String(errors[0].extensions?.code ?? ErrorCode.INTERNAL);
        const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
        const retryAfter = RETRY_AFTER_SECONDS[code as ErrorCode];
        if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
        if (options.exposeSqlCount) headers['X-Amity-Sql-Statements'] = String(req.sqlCount.statements);
        sendJson(res, STATUS[code] ?? 500, { errors: errors.map((error) => ({ message: error.message, extensions: { code: error.extensions?.code } })) }, headers);
        return;
      }
      const data = result.data as Record<string, unknown> | null | undefined;
      // A record the key may not read and one that does not exist look the same: not found.
      if (operation.rootFields.includes('node') && data?.node == null) throw new DomainError(ErrorCode.NOT_FOUND, 'No public record with this id');
      const body = JSON.stringify({ data });
      kept = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
      await cached.keep(kept);
    }
    res.setHeader('Cache-Control', `public, max-age=${options.maxAgeSeconds}`);
    res.setHeader('ETag', kept.etag);
    if (options.exposeSqlCount) res.setHeader('X-Amity-Sql-Statements', String(req.sqlCount.statements));
    const match = req.headers['if-none-match'];
    if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === kept.etag)) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(kept.body));
    res.end(kept.body);
  };

  const answerApi = async (req: ScopedMessage, res: ServerResponse) => {
    try {
      let operationName: string;
      try {
        operationName = decodeURIComponent(WIDGET_API.exec(req.url ?? '')?.[1] ?? '');
      } catch {
        throw bodyError(400, 'uri.malformed', 'the operation name is not URI-encoded text');
      }
      await answer(req, res, operationName, searchOf(req));
    } catch (error) {
      if (error instanceof DomainError) refuse(req, res, error);
      else answerHttpError(error as BodyError, res, req.log);
    }
  };
  router.get('/widgets/api/:operation', (req, res) => answerApi(req as unknown as ScopedMessage, res));

  router.get('/embed/:widget', async (req, res, next) => {
    const element = WIDGETS[String(req.params.widget) as keyof typeof WIDGETS];
    res.setHeader('Cache-Control', 'no-store');
    const page = (status: number, origins: string[], body: string) => {
      setWidgetPageSecurityHeaders(req, res, origins);
      res.status(status).type('html').send(body);
    };
    if (!element) {
      page(404, [], '<!doctype html><meta charset="utf-8"><title>Amity</title><p>No such widget.</p>');
      return;
    }
    try {
      const search = searchOf(req);
      const key = await widgetKeyStore.authorise(options.orm.em, keyOf(req, search));
      const attributes = [`key="${escapeHtml(keyOf(req, search) ?? '')}"`];
      for (const name of EMBED_ATTRIBUTES) {
        const value = search.get(name) ?? undefined;
        if (typeof value === 'string' && value.length <= 200) attributes.push(`${name}="${escapeHtml(value)}"`);
      }
      const lang = search.get('lang') === 'en' ? 'en' : 'zh';
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
