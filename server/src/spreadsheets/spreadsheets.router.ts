import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { coerceInputValue, GraphQLError, GraphQLList, GraphQLNonNull, isInputType, type GraphQLSchema } from 'graphql';
import { WRITERS } from '../auth/role.js';
import type { Viewer } from '../auth/viewer.js';
import { BadInputError, DomainError, ErrorCode, HTTP_STATUS } from '../errors.js';
import type { RecordApiTypes } from '../graph/api-types.js';
import { createRequestContext, type RequestContext } from '../graph/context.js';
import { describeFields } from '../graph/fields.js';
import { changesSettled } from '../graph/record-changes.js';
import { recordTypes, type RecordType } from '../nodes/registry.js';
import { sendLargeJson } from '../http/http-answers.js';
import type { Logger } from '../logger.js';
import { observeSpreadsheet } from '../metrics.js';
import { streamExport } from './export.service.js';
import { ImportBatch, ImportMapping } from './import-batch.entity.js';
import { analyseImport, commitImport, importTargets, ImportRefusedError, undoImport, type ImportOptions, type ImportReport } from './import/index.js';
import type { ImportLimits } from './import-limits.js';
import { readSpreadsheetApart } from './spreadsheet.read.js';

/** What app.ts's request scope and authentication put on a request. */
type ScopedRequest = Request & { id: string; log: Logger; viewer?: Viewer };
type Action = (req: ScopedRequest, res: Response, ctx: RequestContext) => Promise<void>;

function fail(res: Response, status: number, code: string, message: string, details: Record<string, unknown> = {}): void {
  // An export refused before its first row has its file's headers set already: the answer is JSON, not a download.
  res.removeHeader('Content-Disposition');
  res.status(status).type('application/json').json({ errors: [{ message, extensions: { code, ...details } }] });
}

/** Each error code's HTTP status (errors.ts, shared with every route). */
const STATUS: Partial<Record<string, number>> = HTTP_STATUS;

/** Domain errors as JSON with their code; anything else to express's error handler (logged, answered INTERNAL). */
function handle(action: Action, orm: MikroORM, writersOnly: boolean) {
  return async (request: Request, res: Response, next: NextFunction) => {
    const req = request as ScopedRequest;
    if (!req.viewer) return fail(res, 401, ErrorCode.UNAUTHENTICATED, 'Sign in first');
    if (writersOnly && !WRITERS.includes(req.viewer.role)) return fail(res, 403, ErrorCode.FORBIDDEN, 'Your role may not import: imports are for admins and editors');
    try {
      const ctx = createRequestContext(orm.em, { requestId: req.id, log: req.log, viewer: req.viewer });
      await action(req, res, ctx);
    } catch (error) {
      if (res.headersSent) {
        // A download already under way cannot turn into an error answer: cut it, so the file is visibly incomplete.
        req.log.error({ err: error }, 'spreadsheet download failed after it started');
        res.destroy();
        return;
      }
      if (error instanceof DomainError) return fail(res, STATUS[error.code] ?? 400, error.code, error.message, error.details);
      next(error);
    }
  };
}

/** The action, its time counted as an import's or an export's (metrics.ts), whatever its outcome. */
function timed(kind: 'import' | 'export', action: Action): Action {
  return async (req, res, ctx) => {
    const started = performance.now();
    try {
      await action(req, res, ctx);
    } finally {
      observeSpreadsheet(kind, (performance.now() - started) / 1000);
    }
  };
}

function typeFromParam(param: string): RecordType {
  const wanted = param.toLowerCase();
  const type = recordTypes().find((candidate) => candidate.plural.toLowerCase() === wanted || candidate.singular.toLowerCase() === wanted || candidate.name.toLowerCase() === wanted);
  if (!type) throw new DomainError(ErrorCode.NOT_FOUND, `No record type "${param}": use one of ${recordTypes().map((candidate) => candidate.plural).join(', ')}`);
  return type;
}

const apiCache = new Map<RecordType, Pick<RecordApiTypes, 'fields'>>();

/** The fields of a type as the API describes them (graph/fields.ts), made once. */
function apiFor(orm: MikroORM) {
  return (type: RecordType): Pick<RecordApiTypes, 'fields'> => {
    let api = apiCache.get(type);
    if (!api) {
      api = { fields: describeFields(type.entity, orm.getMetadata(), type.rules.derived ?? []) };
      apiCache.set(type, api);
    }
    return api;
  };
}

function jsonParam<T>(req: Request, name: string): T | undefined {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw BadInputError.field(name, 'must be given once, as JSON');
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw BadInputError.field(name, 'is not valid JSON');
  }
}

function booleanParam(req: Request, name: string): boolean {
  const raw = req.query[name];
  return raw === 'true' || raw === '1' || raw === 'yes';
}

/** The raw request body up to `limit` bytes: a declared length over it is refused before a byte is read. */
async function readUpload(req: Request, res: Response, limit: number): Promise<Buffer | undefined> {
  const refuse = () => {
    res.setHeader('Connection', 'close');
    fail(res, 413, ErrorCode.BAD_USER_INPUT, `The file is larger than the import limit of ${limit} bytes (AMITY_MAX_IMPORT_BYTES); nothing was read or imported. Split it into smaller files.`, { limit });
  };
  if (/^multipart\//i.test(req.header('content-type') ?? '')) {
    fail(res, 415, ErrorCode.BAD_USER_INPUT, 'Send the file itself as the request body (Content-Type text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet), not as a multipart form');
    return undefined;
  }
  const declared = Number(req.header('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    refuse();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      refuse();
      req.unpipe();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function fileNameOf(req: Request): string | null {
  const given = typeof req.query.fileName === 'string' ? req.query.fileName : req.header('x-file-name');
  return given ? decodeURIComponent(given) : null;
}

async function importOptions(req: Request, ctx: RequestContext, type: RecordType): Promise<ImportOptions> {
  const columns = jsonParam<Record<string, string | null>>(req, 'columns');
  if (columns !== undefined && (typeof columns !== 'object' || columns === null || Array.isArray(columns))) throw BadInputError.field('columns', 'must be a JSON object of header → field key (or null)');
  let saved: Record<string, string | null> = {};
  if (typeof req.query.mapping === 'string') {
    const mapping = await ctx.em.findOne(ImportMapping, { name: req.query.mapping });
    if (!mapping) throw BadInputError.field('mapping', `there is no saved mapping "${req.query.mapping}"`);
    if (mapping.recordType !== type.name) throw BadInputError.field('mapping', `the mapping "${mapping.name}" is for ${mapping.recordType}, not ${type.name}`);
    saved = mapping.columns;
  }
  const match = req.query.match;
  if (match !== undefined && match !== 'names' && match !== 'ids') throw BadInputError.field('match', 'must be names or ids');
  return { columns: { ...saved, ...columns }, match: match === 'ids' ? 'ids' : 'names', allowDuplicates: booleanParam(req, 'allowDuplicates'), overwrite: booleanParam(req, 'overwrite'), fileName: fileNameOf(req) };
}

function batchView(batch: ImportBatch, withRecords = false) {
  return {
    id: batch.id,
    recordType: batch.recordType,
    fileName: batch.fileName ?? null,
    createdAt: batch.createdAt,
    actorUsername: batch.actorUsername ?? null,
    requestId: batch.requestId ?? null,
    created: batch.created,
    updated: batch.updated,
    undoneAt: batch.undoneAt ?? null,
    undoneBy: batch.undoneBy ?? null,
    ...(withRecords ? { records: batch.records.map(({ row, action, recordId, version, overwrote }) => ({ row, action, recordId, version, ...(overwrote ? { overwrote } : {}) })) } : {}),
  };
}

/**
 * Imports (mounted at /imports after authentication; admins and editors only):
 * - `GET  /:type/columns`        the fields a column can fill and the headers recognised for each
 * - `POST /:type/dry-run`        the file as the body → the report (nothing written)
 * - `POST /:type/commit`         the same file → all rows in one transaction, or none (400 with the report)
 * - `GET  /batches`, `GET /batches/:id`, `POST /batches/:id/undo`
 * - `GET  /mappings`, `PUT /mappings/:name` ({ recordType, columns }), `DELETE /mappings/:name`
 * Options as query parameters: `mapping` (a saved one), `columns` (JSON header → field key or null),
 * `match=names|ids`, `allowDuplicates=true`, `overwrite=true` (write rows exported at another version than their
 * record's, replacing the newer edits), `sheet`, `fileName`.
 */
export function importRouter(orm: MikroORM, maxBytes: number, limits: ImportLimits): Router {
  const router = express.Router();
  const fieldsOf = apiFor(orm);

  router.get(
    '/batches',
    handle(async (_req, res, ctx) => {
      const batches = await ctx.em.find(ImportBatch, {}, { orderBy: { createdAt: 'desc' }, limit: 100, exclude: ['records'] as never });
      res.json({ batches: batches.map((batch) => batchView(batch)) });
    }, orm, true),
  );
  router.get(
    '/batches/:id',
    handle(async (req, res, ctx) => {
      const batch = /^[0-9a-f-]{36}$/i.test(String(req.params.id)) ? await ctx.em.findOne(ImportBatch, { id: String(req.params.id) }) : null;
      if (!batch) throw new DomainError(ErrorCode.NOT_FOUND, `No import batch ${String(req.params.id)}`);
      res.json({ batch: batchView(batch, true) });
    }, orm, true),
  );
  router.post(
    '/batches/:id/undo',
    handle(async (req, res, ctx) => {
      const batch = await undoImport({ em: ctx.em, visibilities: ctx.visibilities, viewer: ctx.viewer, requestId: ctx.requestId }, fieldsOf, String(req.params.id));
      await changesSettled();
      res.json({ batch: batchView(batch) });
    }, orm, true),
  );

  router.get(
    '/mappings',
    handle(async (req, res, ctx) => {
      const where = typeof req.query.type === 'string' ? { recordType: typeFromParam(req.query.type).name } : {};
      const mappings = await ctx.em.find(ImportMapping, where, { orderBy: { name: 'asc' } });
      res.json({ mappings: mappings.map(({ name, recordType, columns, updatedAt, actorUsername }) => ({ name, recordType, columns, updatedAt, actorUsername })) });
    }, orm, true),
  );
  router.put(
    '/mappings/:name',
    express.json({ limit: 100 * 1024 }),
    handle(async (req, res, ctx) => {
      const name = String(req.params.name).trim();
      const body = (req.body ?? {}) as { recordType?: unknown; columns?: unknown };
      if (name === '') throw BadInputError.field('name', 'must not be empty');
      if (typeof body.recordType !== 'string') throw BadInputError.field('recordType', 'is required, e.g. Delegation');
      const type = typeFromParam(body.recordType);
      const columns = body.columns;
      if (!columns || typeof columns !== 'object' || Array.isArray(columns)) throw BadInputError.field('columns', 'must be an object of header → field key (or null to leave the column out)');
      const keys = new Set(importTargets(type, fieldsOf(type).fields).map((target) => target.key));
      const problems = Object.entries(columns as Record<string, unknown>)
        .filter(([, key]) => key !== null && (typeof key !== 'string' || !keys.has(key)))
        .map(([header, key]) => ({ field: `columns.${header}`, message: `"${String(key)}" is not a field ${type.plural} import; use one of ${[...keys].join(', ')}` }));
      if (problems.length > 0) throw new BadInputError(problems);
      // One statement that makes or replaces the mapping: two saves of one name at once both succeed, the later one
      // kept, where a look for it first and an insert after let the second fail on the unique name.
      const mapping = Object.assign(new ImportMapping(), { name, recordType: type.name, columns: columns as Record<string, string | null>, actorUsername: ctx.viewer?.username ?? null });
      await ctx.em.upsert(ImportMapping, mapping, { onConflictFields: ['name'], onConflictAction: 'merge', onConflictExcludeFields: ['id', 'createdAt'] });
      res.json({ mapping: { name: mapping.name, recordType: mapping.recordType, columns: mapping.columns } });
    }, orm, true),
  );
  router.delete(
    '/mappings/:name',
    handle(async (req, res, ctx) => {
      const deleted = await ctx.em.nativeDelete(ImportMapping, { name: String(req.params.name) });
      if (deleted === 0) throw new DomainError(ErrorCode.NOT_FOUND, `No saved mapping "${String(req.params.name)}"`);
      res.json({ deleted: String(req.params.name) });
    }, orm, true),
  );

  router.get(
    '/:type/columns',
    handle(async (req, res) => {
      const type = typeFromParam(String(req.params.type));
      const targets = importTargets(type, fieldsOf(type).fields);
      res.json({ recordType: type.name, fields: targets.map(({ key, kind, required, headers }) => ({ key, kind, required, headers })) });
    }, orm, true),
  );

  for (const mode of ['dry-run', 'commit'] as const) {
    router.post(
      `/:type/${mode}`,
      handle(timed('import', async (req, res, ctx) => {
        const type = typeFromParam(String(req.params.type));
        const options = await importOptions(req, ctx, type);
        const data = await readUpload(req, res, maxBytes);
        if (!data) return;
        const sheet = await readSpreadsheetApart(data, limits, options.fileName ?? '', typeof req.query.sheet === 'string' ? req.query.sheet : undefined);
        const scope = { em: ctx.em, visibilities: ctx.visibilities, viewer: ctx.viewer, requestId: ctx.requestId };
        // A report has a line for each row: written in slices (sendLargeJson), so a long one holds no one up.
        if (mode === 'dry-run') {
          const { report } = await analyseImport(scope, type, fieldsOf(type), sheet, options);
          await sendLargeJson(res, 200, { report });
          return;
        }
        try {
          const { batch, report } = await commitImport(scope, type, fieldsOf(type), sheet, options);
          await changesSettled();
          await sendLargeJson(res, 200, { batch: batchView(batch), report });
        } catch (error) {
          if (error instanceof ImportRefusedError) {
            const report: ImportReport = error.report;
            await sendLargeJson(res, STATUS[error.code] ?? 400, { errors: [{ message: error.message, extensions: { code: error.code, report } }] });
            return;
          }
          throw error;
        }
      }), orm, true),
    );
  }
  return router;
}

/** A list's filter and sort from JSON query parameters, checked and converted exactly as GraphQL would its arguments. */
function listArguments(req: Request, schema: GraphQLSchema, type: RecordType) {
  const coerce = (name: string, typeName: string, wrap: (inner: never) => unknown) => {
    const value = jsonParam<unknown>(req, name);
    if (value === undefined) return undefined;
    const inner = schema.getType(typeName);
    if (!inner || !isInputType(inner)) return undefined;
    const problems: string[] = [];
    const coerced = coerceInputValue(value, wrap(inner as never) as never, (path, _invalid, error: GraphQLError) => problems.push(`${[name, ...path].join('.')}: ${error.message}`));
    if (problems.length > 0) throw new BadInputError(problems.map((message) => ({ field: name, message })));
    return coerced as never;
  };
  return {
    filter: coerce('filter', `${type.name}Filter`, (inner) => inner) as Record<string, unknown> | undefined,
    sort: coerce('sort', `${type.name}Sort`, (inner) => new GraphQLList(new GraphQLNonNull(inner))) as Array<{ field: string; order?: 'ASC' | 'DESC' }> | undefined,
  };
}

/**
 * Exports (mounted at /exports after authentication; every role): `GET /{plural}.csv` or `.xlsx`, with the list
 * query's `filter` and `sort` as JSON query parameters, e.g. `/exports/delegations.xlsx?filter={"direction":["INBOUND"]}`.
 */
export function exportRouter(orm: MikroORM, schema: GraphQLSchema): Router {
  const router = express.Router();
  const fieldsOf = apiFor(orm);
  router.get(
    '/:file',
    handle(timed('export', async (req, res, ctx) => {
      const match = /^([A-Za-z]+)\.(csv|xlsx)$/.exec(String(req.params.file));
      if (!match) throw new DomainError(ErrorCode.NOT_FOUND, 'Not found: ask for /exports/{plural}.csv or .xlsx, e.g. /exports/cities.xlsx');
      const type = typeFromParam(match[1]);
      const format = match[2] as 'csv' | 'xlsx';
      const args = listArguments(req, schema, type);
      const stamp = new Date().toISOString().slice(0, 10);
      res.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(`amity-${type.plural}-${stamp}.${format}`);
      await streamExport({ em: ctx.em, visibilities: ctx.visibilities, viewer: ctx.viewer, requestId: ctx.requestId }, type, fieldsOf(type), args, format, res);
      res.end();
    }), orm, false),
  );
  return router;
}
