import { setImmediate as nextTurn } from 'node:timers/promises';
import { FlushMode, type Collection, type EntityManager } from '@mikro-orm/postgresql';
import type { AuditScope } from '../audit/audit.service.js';
import { DomainError, ErrorCode, NotFoundError } from '../errors.js';
import type { RecordApiTypes } from '../graph/api-types.js';
import type { LinksField, ReferenceField, ScalarField } from '../graph/fields.js';
import { isRecordId } from '../graph/ids.js';
import { NodeEntity, type RecordEntity } from '../graph/record.entity.js';
import { readableRowSql, readOnlyVisible } from '../graph/visible.js';
import { createRecord, deleteRecord, recordProblems, updateRecord } from '../graph/records.service.js';
import { recordTypeByName, type RecordType } from '../nodes/registry.js';
import { cellText, parseBoolean, parseDate, parseEnum, parseList, parseNumber, type Parsed } from './cell-values.js';
import { ImportBatch, type ImportedRecord } from './import-batch.entity.js';
import { importTargets, mapColumns, readOnlyKeys, type ColumnMapping, type ImportTarget } from './import-columns.js';
import { textArray } from '../graph/sql.js';
import { ReferenceResolver, tableOf } from './reference-resolver.js';
import type { Cell, Sheet } from './spreadsheet.read.js';

type Input = Record<string, unknown>;

export interface ImportOptions {
  /** Header → field key (or null to leave a column out), over the headers recognised automatically. */
  columns?: Record<string, string | null>;
  /** `names` (the default): a row without id updates the one existing record with the same name; `ids`: only an id does. */
  match?: 'names' | 'ids';
  /** Accept rows that repeat another row's name (else each such row is an error). */
  allowDuplicates?: boolean;
  /** Write rows whose version is not the record's (each a conflict otherwise), replacing the newer edit. */
  overwrite?: boolean;
  fileName?: string | null;
  /** Check each row as it would be saved (the dry run does; a commit leaves it to the create and update themselves). */
  checkRows?: boolean;
}

export interface RowProblem {
  /** The spreadsheet row; 1 is usually the header; null for the file as a whole. */
  row: number | null;
  /** The column's header, when the problem is one cell's. */
  column: string | null;
  message: string;
}

export interface PlannedRow {
  row: number;
  action: 'CREATE' | 'UPDATE';
  recordId: string | null;
  /** How an update found its record: by the id column or by name. */
  matchedBy: 'id' | 'names' | null;
  name: string;
  /** For an update, in a dry run: the fields whose values the row changes (empty: the row is what the record holds). */
  changes?: string[];
}

export interface LikelyDuplicate {
  row: number;
  /** Another row of the file with the same name … */
  otherRow: number | null;
  /** … or an existing record. */
  recordId: string | null;
  reason: string;
}

/** A row made from an older (or another) version of its record than the one saved now. */
export interface ImportConflict {
  row: number;
  /** The version column's header. */
  column: string;
  recordId: string;
  /** The version the row was exported at … */
  fileVersion: number;
  /** … and the record's now. */
  currentVersion: number;
  /** Written anyway, as asked (`overwrite`); otherwise the row is an error and nothing is imported. */
  overwritten: boolean;
}

export interface ImportReport {
  recordType: string;
  fileName: string | null;
  format: Sheet['format'];
  /** True when the file can be committed as it is. */
  ok: boolean;
  rows: number;
  create: number;
  update: number;
  /** Updates that change nothing (a dry run's count; a file exported and imported back unedited has only these). */
  unchanged: number;
  columns: ColumnMapping['columns'];
  /** Headers no field was found for: reported, and not imported. */
  unknownColumns: string[];
  notes: string[];
  errors: RowProblem[];
  duplicates: LikelyDuplicate[];
  conflicts: ImportConflict[];
  plan: PlannedRow[];
}

interface RowWork extends PlannedRow {
  input: Input;
  /** The record's version now, for a row that updates one. */
  version: number | null;
  /** The version the file gives for it (its version column), if any. */
  fileVersion: number | null;
  zh: string | null;
  latin: string[];
  startDate: string | null;
}

export interface ImportScope extends AuditScope {
  em: EntityManager;
  visibilities: readonly string[];
}

/** A fork of the request's EntityManager that keeps reading only what the viewer may see. */
export function forkFor(scope: { em: EntityManager; visibilities: readonly string[] }, options: { flushMode?: FlushMode } = {}): EntityManager {
  const fork = scope.em.fork(options);
  readOnlyVisible(fork, scope.visibilities);
  return fork;
}

/** A refused commit: BAD_USER_INPUT carrying the dry-run report. */
export class ImportRefusedError extends DomainError {
  constructor(readonly report: ImportReport) {
    const rows = new Set(report.errors.map((problem) => problem.row)).size;
    // A row from an older version of its record is the API's stale expectedVersion: CONFLICT, as there.
    const code = report.conflicts.some((conflict) => !conflict.overwritten) ? ErrorCode.CONFLICT : ErrorCode.BAD_USER_INPUT;
    super(code, `Nothing was imported: ${report.errors.length} problem${report.errors.length === 1 ? '' : 's'} in ${rows} row${rows === 1 ? '' : 's'} of the file (first: ${describe(report.errors[0])})`, { report });
  }
}

function describe(problem: RowProblem | undefined): string {
  if (!problem) return '';
  return `${problem.row !== null ? `row ${problem.row}` : 'the file'}${problem.column ? `, column "${problem.column}"` : ''}: ${problem.message}`;
}

function scalarValue(field: ScalarField, cell: Cell): Parsed<unknown> {
  const prop = field.prop;
  if (prop.enum) return parseEnum(cell, (prop.items ?? []).map(String));
  const column = String(prop.columnTypes?.[0] ?? prop.type).toLowerCase();
  if (column === 'date') return parseDate(cell);
  if (/int/.test(column)) return parseNumber(cell, true);
  if (/double|numeric|decimal|float|real/.test(column) || prop.runtimeType === 'number') return parseNumber(cell, false);
  if (/bool/.test(column) || prop.runtimeType === 'boolean') return parseBoolean(cell);
  return { value: cellText(cell) };
}

/** The input a row gives: cells read by their field's type, references found by id, code or name. */
async function rowInput(row: Cell[], mapping: ColumnMapping, headers: string[], resolver: ReferenceResolver): Promise<{ input: Input; id: string | null; version: number | null; problems: Array<{ column: string; message: string }> }> {
  const input: Input = {};
  const problems: Array<{ column: string; message: string }> = [];
  let id: string | null = null;
  let version: number | null = null;
  for (const [column, target] of mapping.byColumn) {
    const cell = row[column] ?? null;
    if (cell === null || (typeof cell === 'string' && cell.trim() === '')) continue;
    const header = headers[column];
    if (typeof cell === 'object' && 'problem' in cell) {
      problems.push({ column: header, message: cell.problem });
      continue;
    }
    const text = cellText(cell);
    const parsed = await targetValue(target, cell, text, resolver);
    if ('problem' in parsed) {
      problems.push({ column: header, message: parsed.problem });
      continue;
    }
    switch (target.kind) {
      case 'id':
        id = parsed.value as string;
        break;
      case 'version':
        version = parsed.value as number;
        break;
      case 'name':
        input.names = { ...(input.names as Input | undefined), [target.key.slice('names.'.length)]: parsed.value };
        break;
      case 'reference':
        input[(target.field as ReferenceField).inputName] = parsed.value;
        break;
      case 'links':
        input[(target.field as LinksField).inputName] = parsed.value;
        break;
      default:
        input[target.key] = parsed.value;
    }
  }
  return { input, id, version, problems };
}

async function targetValue(target: ImportTarget, cell: Cell, text: string, resolver: ReferenceResolver): Promise<Parsed<unknown>> {
  switch (target.kind) {
    case 'id':
      return isRecordId(text) ? { value: text.toLowerCase() } : { problem: `"${text}" is not a record id` };
    case 'version': {
      const parsed = parseNumber(cell, true);
      return 'value' in parsed && parsed.value < 0 ? { problem: `${parsed.value} is not a version (versions count up from 0)` } : parsed;
    }
    case 'name':
      return { value: text };
    case 'aliases':
      return { value: parseList(cell) };
    case 'scalar':
      return scalarValue(target.field as ScalarField, cell);
    case 'reference':
      return resolver.resolve((target.field as ReferenceField).target, text);
    case 'links': {
      const ids: string[] = [];
      for (const item of parseList(cell)) {
        const found = await resolver.resolve((target.field as LinksField).target, item);
        if ('problem' in found) return found;
        ids.push(found.value);
      }
      return { value: ids };
    }
  }
}

function rowName(input: Input, fallback: string): string {
  const names = (input.names ?? {}) as Record<string, string | undefined>;
  return names.zh ?? names.en ?? names.local ?? fallback;
}

/** The input fields an update changes, as they stand now: what an undo puts back. */
async function fieldsBefore(record: RecordEntity, input: Input, api: Pick<RecordApiTypes, 'fields'>): Promise<Input> {
  const writable = record as unknown as Record<string, unknown>;
  const before: Input = {};
  for (const field of api.fields) {
    if (field.kind === 'embedded' && field.name in input) {
      const current = (writable[field.name] ?? {}) as Input;
      before[field.name] = Object.fromEntries(Object.keys(input[field.name] as Input).map((key) => [key, current[key] ?? null]));
    } else if (field.kind === 'scalar' && field.name in input) {
      const value = writable[field.name];
      before[field.name] = Array.isArray(value) ? [...(value as unknown[])] : (value ?? null);
    } else if (field.kind === 'reference' && field.inputName in input) {
      before[field.inputName] = (writable[field.name] as { id?: string } | null | undefined)?.id ?? null;
    } else if (field.kind === 'links' && field.inputName in input) {
      const collection = writable[field.name] as Collection<RecordEntity>;
      if (!collection.isInitialized()) await collection.init();
      before[field.inputName] = collection.getItems().map((item) => item.id);
    }
  }
  return before;
}

/**
 * Lets the hub answer other requests during a long loop over a file's rows: awaiting a promise already settled (a
 * cached reference, a row without database work) gives nothing else a turn, so without this a 20,000-row file
 * holds the hub for a second or more. Called once a row; it yields after each slice of 10 ms.
 */
class Breather {
  private since = performance.now();

  async breathe(): Promise<void> {
    if (performance.now() - this.since < 10) return;
    await nextTurn();
    this.since = performance.now();
  }
}

/** A value as compared for "does the row change it": empty and absent alike, numbers as numbers, keys in order. */
function comparable(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (Array.isArray(value)) return value.map(comparable);
  if (typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((key) => [key, comparable((value as Input)[key])]));
  return value;
}

/** The input fields (a name as names.zh) whose values differ from the record's now. */
function changedFields(before: Input, input: Input): string[] {
  const changed: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const current = (before[key] ?? {}) as Input;
      for (const [part, given] of Object.entries(value as Input)) if (JSON.stringify(comparable(given)) !== JSON.stringify(comparable(current[part]))) changed.push(`${key}.${part}`);
    } else if (JSON.stringify(comparable(value)) !== JSON.stringify(comparable(before[key]))) changed.push(key);
  }
  return changed;
}

interface Analysis {
  report: ImportReport;
  work: RowWork[];
}

/** Every row read, matched and checked against the database as it would be saved; nothing is written. */
export async function analyseImport(scope: ImportScope, type: RecordType, api: Pick<RecordApiTypes, 'fields'>, sheet: Sheet, options: ImportOptions = {}): Promise<Analysis> {
  const em = forkFor(scope, { flushMode: FlushMode.COMMIT });
  const targets = importTargets(type, api.fields);
  const mapping = mapColumns(sheet.headers, targets, options.columns ?? {}, readOnlyKeys(type, api.fields));
  const errors: RowProblem[] = [];
  const duplicates: LikelyDuplicate[] = [];
  const isNode = type.entity.prototype instanceof NodeEntity;
  const dated = api.fields.some((field) => field.name === 'startDate');
  const resolver = new ReferenceResolver(em, scope.visibilities);
  const mapped = new Set([...mapping.byColumn.values()].map((target) => target.key));
  if (mapping.byColumn.size === 0) {
    errors.push({ row: null, column: null, message: `no column was recognised: name the columns as in 中文名, 英文名, 国家, 城市, 日期, or map them (fields: ${targets.map((target) => target.key).join(', ')})` });
  }

  const breather = new Breather();
  const work: RowWork[] = [];
  for (const row of sheet.rows) {
    await breather.breathe();
    const { input, id, version, problems } = await rowInput(row.cells, mapping, sheet.headers, resolver);
    for (const problem of problems) errors.push({ row: row.number, ...problem });
    const names = (input.names ?? {}) as Record<string, string | undefined>;
    work.push({
      row: row.number,
      action: id ? 'UPDATE' : 'CREATE',
      recordId: id,
      matchedBy: id ? 'id' : null,
      name: rowName(input, id ?? `row ${row.number}`),
      input,
      version: null,
      fileVersion: version,
      zh: names.zh?.trim() || null,
      latin: [names.en, names.local].map((name) => name?.trim()).filter((name): name is string => !!name),
      startDate: typeof input.startDate === 'string' ? input.startDate : null,
    });
  }

  const table = tableOf(em, type);
  const visible = readableRowSql('e', scope.visibilities);
  // Rows naming their record by id: it must exist (and be visible).
  const byId = work.filter((item) => item.recordId);
  if (byId.length > 0) {
    const found: Array<{ id: string; version: number }> = await em.execute(`select e.id, e.version from "${table}" e where e.id = any(?::uuid[]) and ${visible.sql}`, [
      `{${byId.map((item) => item.recordId).join(',')}}`,
      ...visible.params,
    ]);
    const versions = new Map(found.map((record) => [record.id, record.version]));
    for (const item of byId) {
      if (versions.has(item.recordId as string)) item.version = versions.get(item.recordId as string) ?? null;
      else errors.push({ row: item.row, column: mapping.columns.find((column) => column.key === 'id')?.header ?? 'id', message: `no ${type.name} with id ${item.recordId}` });
    }
  }

  if (isNode) {
    // Latin names compared as the database folds them (lower case, no accents), so that "kragero" meets "Kragerø".
    const latin = [...new Set(work.flatMap((item) => item.latin))];
    const folded = new Map<string, string>();
    for (let start = 0; start < latin.length; start += 5000) {
      const rows: Array<{ raw: string; folded: string }> = await em.execute(`select x as raw, amity_fold(x) as folded from unnest(?::text[]) x`, [textArray(latin.slice(start, start + 5000))]);
      for (const row of rows) folded.set(row.raw, row.folded);
    }
    const latinKeys = (item: RowWork) => [...new Set(item.latin.map((name) => folded.get(name) ?? name.toLowerCase()))];

    // Duplicates inside the file: the same Chinese name, or the same Latin name (and, for dated records, the same start date).
    const seen = new Map<string, number>();
    for (const item of work) {
      await breather.breathe();
      const keys = [...(item.zh ? [`zh:${item.zh}`] : []), ...latinKeys(item).map((key) => `latin:${key}`)].map((key) => (dated ? `${key}@${item.startDate ?? ''}` : key));
      const idKey = item.recordId ? [`id:${item.recordId}`] : [];
      for (const key of [...idKey, ...keys]) {
        const other = seen.get(key);
        if (other !== undefined && other !== item.row) {
          const what = key.startsWith('id:') ? 'the same id' : key.startsWith('zh:') ? `the same Chinese name ${item.zh}` : 'the same Latin name (ignoring case and accents)';
          const reason = `row ${item.row} repeats row ${other}: ${what}${dated && !key.startsWith('id:') ? ' and start date' : ''}`;
          duplicates.push({ row: item.row, otherRow: other, recordId: null, reason });
          if (!options.allowDuplicates || key.startsWith('id:')) errors.push({ row: item.row, column: null, message: `${reason} (a duplicate inside the file; remove it, or import with allowDuplicates)` });
          break;
        }
        seen.set(key, item.row);
      }
    }

    // Rows matching existing records by name.
    const zh = [...new Set(work.map((item) => item.zh).filter((name): name is string => !!name))];
    const latinFolded = [...new Set(work.flatMap(latinKeys))];
    const existing: Array<{ id: string; version: number; zh: string | null; en: string | null; local: string | null; start: string | null }> = [];
    for (let start = 0; start < Math.max(zh.length, latinFolded.length); start += 5000) {
      const rows = await em.execute(
        `select e.id, e.version, e.name_zh as zh, amity_fold(e.name_en) as en, amity_fold(e.name_local) as local, ${dated ? 'e.start_date::text' : 'null'} as start
           from "${table}" e
          where (e.name_zh = any(?::text[]) or amity_fold(e.name_en) = any(?::text[]) or amity_fold(e.name_local) = any(?::text[]))
            and ${visible.sql}`,
        [textArray(zh.slice(start, start + 5000)), textArray(latinFolded.slice(start, start + 5000)), textArray(latinFolded.slice(start, start + 5000)), ...visible.params],
      );
      existing.push(...(rows as typeof existing));
    }
    const byZh = new Map<string, typeof existing>();
    const byLatin = new Map<string, typeof existing>();
    for (const record of existing) {
      if (record.zh) byZh.set(record.zh, [...(byZh.get(record.zh) ?? []), record]);
      for (const name of new Set([record.en, record.local])) if (name) byLatin.set(name, [...(byLatin.get(name) ?? []), record]);
    }
    for (const item of work) {
      await breather.breathe();
      const candidates = new Map<string, (typeof existing)[number]>();
      for (const record of item.zh ? (byZh.get(item.zh) ?? []) : []) candidates.set(record.id, record);
      for (const key of latinKeys(item)) for (const record of byLatin.get(key) ?? []) candidates.set(record.id, record);
      const matches = [...candidates.values()].filter((record) => !dated || !item.startDate || !record.start || record.start === item.startDate);
      if (item.recordId) {
        for (const record of matches) {
          if (record.id !== item.recordId) duplicates.push({ row: item.row, otherRow: null, recordId: record.id, reason: `row ${item.row} has the name of another existing ${type.name} (${record.id})` });
        }
        continue;
      }
      if (matches.length === 0) continue;
      const reason = `row ${item.row} has the name of an existing ${type.name}`;
      if (options.match === 'ids') {
        for (const record of matches) duplicates.push({ row: item.row, otherRow: null, recordId: record.id, reason: `${reason} (${record.id}); it will be created anyway, as asked (match: ids)` });
      } else if (matches.length > 1) {
        errors.push({ row: item.row, column: null, message: `${reason}, but ${matches.length} match: ${matches.map((record) => record.id).join(', ')}; add an id column to say which` });
      } else {
        item.action = 'UPDATE';
        item.recordId = matches[0].id;
        item.version = matches[0].version;
        item.matchedBy = 'names';
        duplicates.push({ row: item.row, otherRow: null, recordId: matches[0].id, reason: `${reason}: it will update that record` });
      }
    }
  }
  const updated = new Map<string, number>();
  for (const item of work) {
    if (!item.recordId) continue;
    const other = updated.get(item.recordId);
    if (other !== undefined && item.matchedBy === 'names') errors.push({ row: item.row, column: null, message: `row ${item.row} and row ${other} would both update ${type.name} ${item.recordId}` });
    updated.set(item.recordId, item.row);
  }

  // A row exported at another version than the record's now would, written, undo the edits made since, without a
  // word: the API refuses a stale expectedVersion, and so does an import, unless asked to overwrite.
  const conflicts: ImportConflict[] = [];
  const versionColumn = mapping.columns.find((column) => column.key === 'version')?.header ?? 'version';
  for (const item of work) {
    if (item.recordId === null || item.version === null || item.fileVersion === null || item.fileVersion === item.version) continue;
    conflicts.push({ row: item.row, column: versionColumn, recordId: item.recordId, fileVersion: item.fileVersion, currentVersion: item.version, overwritten: !!options.overwrite });
    if (options.overwrite) continue;
    const what = `${type.name} ${item.name} (${item.recordId})`;
    errors.push({
      row: item.row,
      column: versionColumn,
      message:
        item.fileVersion < item.version
          ? `${what} was changed after this file was made: the file has version ${item.fileVersion}, the record is at version ${item.version}, and importing the row would undo those changes. Export it again and redo the row's edits, or import with overwrite to replace them`
          : `the file has version ${item.fileVersion} of ${what}, but the record is only at version ${item.version}: the row is not from this record as saved here. Import with overwrite to write it anyway`,
    });
  }

  // A column a new record cannot do without.
  if (work.some((item) => item.action === 'CREATE')) {
    const missing = targets.filter((target) => target.required && !mapped.has(target.key));
    if (isNode && !['names.zh', 'names.en', 'names.local'].some((key) => mapped.has(key))) {
      errors.push({ row: null, column: null, message: 'a name column is missing: give 中文名 (Chinese name), 英文名 (English name) or the local name' });
    }
    for (const target of missing) {
      errors.push({ row: null, column: null, message: `the required column ${target.key} is missing (a header such as ${target.headers.slice(0, 4).join(', ')}), so new records cannot be made` });
    }
  }

  // Each row checked as it would be saved: the same rules as the API's create and update.
  if (options.checkRows !== false && !errors.some((problem) => problem.row === null)) {
    const problemRows = new Set(errors.map((problem) => problem.row));
    for (const [index, item] of work.entries()) {
      await breather.breathe();
      if (problemRows.has(item.row)) continue;
      const check = forkFor({ em, visibilities: scope.visibilities }, { flushMode: FlushMode.COMMIT });
      const record = item.action === 'UPDATE' ? await check.findOne(type.entity, { id: item.recordId } as never) : new type.entity();
      if (!record) continue;
      if (item.action === 'UPDATE') item.changes = changedFields(await fieldsBefore(record, item.input, api), item.input);
      const problems = await recordProblems(check, type, api, record, { ...item.input });
      for (const problem of problems) errors.push({ row: item.row, column: columnOf(problem.field, mapping, api), message: `${problem.field}: ${problem.message}` });
      if (index % 200 === 0) em.clear();
    }
  }

  errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  const plan = work.map(({ row, action, recordId, matchedBy, name, changes }) => ({ row, action, recordId, matchedBy, name, ...(changes ? { changes } : {}) }));
  const report: ImportReport = {
    recordType: type.name,
    fileName: options.fileName ?? null,
    format: sheet.format,
    ok: errors.length === 0,
    rows: work.length,
    create: work.filter((item) => item.action === 'CREATE').length,
    update: work.filter((item) => item.action === 'UPDATE').length,
    unchanged: work.filter((item) => item.changes?.length === 0).length,
    columns: mapping.columns,
    unknownColumns: mapping.unknown,
    notes: [...sheet.notes, ...(mapping.unknown.length > 0 ? [`columns not imported (no field recognised): ${mapping.unknown.join(', ')}`] : [])],
    errors,
    duplicates,
    conflicts,
    plan,
  };
  return { report, work };
}

/** The column a problem of an input field comes from, when one does. */
function columnOf(field: string, mapping: ColumnMapping, api: Pick<RecordApiTypes, 'fields'>): string | null {
  const top = field.split(/[.[]/)[0];
  const described = api.fields.find((candidate) => (candidate.kind === 'reference' || candidate.kind === 'links' ? candidate.inputName : candidate.name) === top);
  const key = described?.name ?? top;
  const column = mapping.columns.find((candidate) => candidate.key === key || candidate.key?.startsWith(`${key}.`));
  return column?.header ?? null;
}

/** Dry run, then every row in one transaction with its audit entries, recorded as a batch that can be undone. */
export async function commitImport(scope: ImportScope, type: RecordType, api: Pick<RecordApiTypes, 'fields'>, sheet: Sheet, options: ImportOptions = {}): Promise<{ batch: ImportBatch; report: ImportReport }> {
  // Each row is checked by its create or update below, with the same rules: a problem there stops the whole import.
  const { report, work } = await analyseImport(scope, type, api, sheet, { ...options, checkRows: false });
  if (!report.ok) throw new ImportRefusedError(report);
  const audit = { viewer: scope.viewer, requestId: scope.requestId };
  const batch = await forkFor(scope).transactional(async (tx) => {
    const records: ImportedRecord[] = [];
    for (const item of work) {
      // Each row in the one transaction itself, not a savepoint of its own: one fails, all are rolled back anyway.
      const rowEm = tx.fork({ clear: true, keepTransactionContext: true, disableTransactions: true, flushMode: FlushMode.COMMIT });
      try {
        if (item.action === 'CREATE') {
          const record = await createRecord(rowEm, type, api, { ...item.input }, audit);
          records.push({ row: item.row, action: 'CREATE', recordType: type.name, recordId: record.id, version: 0 });
        } else {
          const current = await rowEm.findOne(type.entity, { id: item.recordId } as never, { refresh: true });
          if (!current) throw new NotFoundError(type.name, item.recordId as string);
          const before = await fieldsBefore(current, item.input, api);
          await updateRecord(rowEm, type, api, item.recordId as string, { ...item.input }, item.version ?? current.version, audit);
          // A row written over edits made after its export says so in the batch, beside the audit entry of its update.
          const overwrote = item.fileVersion !== null && item.version !== null && item.fileVersion !== item.version ? { fileVersion: item.fileVersion, replacedVersion: item.version } : undefined;
          records.push({ row: item.row, action: 'UPDATE', recordType: type.name, recordId: item.recordId as string, version: 0, before, ...(overwrote ? { overwrote } : {}) });
        }
      } catch (error) {
        if (error instanceof DomainError) throw new DomainError(error.code, `Nothing was imported: row ${item.row}: ${error.message}`, { ...error.details, row: item.row });
        throw error;
      }
    }
    const versions = await currentVersions(tx, type, records.map((record) => record.recordId));
    for (const record of records) record.version = versions.get(record.recordId) ?? 0;
    const made = Object.assign(new ImportBatch(), {
      recordType: type.name,
      fileName: options.fileName ?? null,
      actorId: scope.viewer?.userId ?? null,
      actorUsername: scope.viewer?.username ?? null,
      requestId: scope.requestId ?? null,
      created: records.filter((record) => record.action === 'CREATE').length,
      updated: records.filter((record) => record.action === 'UPDATE').length,
      records,
    });
    tx.persist(made);
    await tx.flush();
    return made;
  });
  return { batch, report };
}

async function currentVersions(em: EntityManager, type: RecordType, ids: string[]): Promise<Map<string, number>> {
  const versions = new Map<string, number>();
  for (let start = 0; start < ids.length; start += 5000) {
    const rows: Array<{ id: string; version: number }> = await em.execute(`select id, version from "${tableOf(em, type)}" where id = any(?::uuid[])`, [`{${ids.slice(start, start + 5000).join(',')}}`]);
    for (const row of rows) versions.set(row.id, row.version);
  }
  return versions;
}

async function labels(em: EntityManager, ids: string[]): Promise<Map<string, string>> {
  const rows: Array<{ id: string; name_zh: string | null; name_en: string | null }> = ids.length
    ? await em.execute(`select id, name_zh, name_en from node where id = any(?::uuid[])`, [`{${ids.join(',')}}`])
    : [];
  return new Map(rows.map((row) => [row.id, [row.name_zh, row.name_en].filter(Boolean).join(' / ')]));
}

/**
 * Undoes a committed batch: deletes what it created and restores what it changed, in one transaction. Refused,
 * naming the records, when any was edited (or deleted) after the import.
 */
export async function undoImport(scope: ImportScope, apiFor: (type: RecordType) => Pick<RecordApiTypes, 'fields'>, batchId: string): Promise<ImportBatch> {
  const em = forkFor(scope);
  const batch = isRecordId(batchId) ? await em.findOne(ImportBatch, { id: batchId }) : null;
  if (!batch) throw new NotFoundError('import batch', batchId);
  if (batch.undoneAt) throw new DomainError(ErrorCode.CONFLICT, `This import was already undone (${batch.undoneAt.toISOString()} by ${batch.undoneBy ?? 'someone'})`, { id: batch.id });
  const type = recordTypeByName(batch.recordType);
  if (!type) throw new NotFoundError('record type', batch.recordType);
  const api = apiFor(type);
  const versions = await currentVersions(em, type, batch.records.map((record) => record.recordId));
  const touched = batch.records.filter((record) => versions.get(record.recordId) !== record.version);
  if (touched.length > 0) {
    const names = await labels(em, touched.map((record) => record.recordId));
    const described = touched.map((record) => {
      const now = versions.get(record.recordId);
      return `${type.name} ${names.get(record.recordId) || record.recordId} (${record.recordId}, row ${record.row}): ${now === undefined ? 'deleted since' : `edited since (version ${now}, the import left ${record.version})`}`;
    });
    throw new DomainError(
      ErrorCode.CONFLICT,
      `This import cannot be undone: ${touched.length} of its records were changed after it: ${described.slice(0, 20).join('; ')}${touched.length > 20 ? `; and ${touched.length - 20} more` : ''}. Undo or redo those changes by hand first.`,
      { records: touched.map((record) => ({ id: record.recordId, row: record.row, version: versions.get(record.recordId) ?? null, importedVersion: record.version })) },
    );
  }
  const audit = { viewer: scope.viewer, requestId: scope.requestId };
  await em.transactional(async (tx) => {
    for (const record of [...batch.records].reverse()) {
      const rowEm = tx.fork({ clear: true, keepTransactionContext: true, disableTransactions: true, flushMode: FlushMode.COMMIT });
      try {
        if (record.action === 'UPDATE') await updateRecord(rowEm, type, api, record.recordId, { ...record.before }, record.version, audit);
        else await deleteRecord(rowEm, type, api, record.recordId, record.version, false, audit);
      } catch (error) {
        if (error instanceof DomainError && error.code !== ErrorCode.INTERNAL) {
          throw new DomainError(ErrorCode.CONFLICT, `This import cannot be undone: row ${record.row}: ${error.message}`, { ...error.details, row: record.row });
        }
        throw error;
      }
    }
    await tx.nativeUpdate(ImportBatch, { id: batch.id }, { undoneAt: new Date(), undoneBy: scope.viewer?.username ?? null });
  });
  batch.undoneAt = new Date();
  batch.undoneBy = scope.viewer?.username ?? null;
  return batch;
}
