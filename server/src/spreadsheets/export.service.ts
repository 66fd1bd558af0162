import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import ExcelJS from 'exceljs';
import { AuditAction } from '../audit/audit-entry.entity.js';
import { faultError } from '../errors.js';
import { auditEvent, type AuditScope } from '../audit/audit.service.js';
import { PERSONAL_DATA_READERS } from '../auth/role.js';
import type { RecordApiTypes } from '../graph/api-types.js';
import { listRecords, MAX_PER_PAGE, type ListArgs } from '../graph/list.js';
import { personalDataFields } from '../graph/personal-data.js';
import { NodeEntity, type RecordEntity } from '../graph/record.entity.js';
import { readableRowSql, readOnlyVisible } from '../graph/visible.js';
import type { RecordType } from '../nodes/registry.js';
import { uuidArray } from '../graph/sql.js';
import { BYTE_ORDER_MARK, csvLines, type CsvValue } from './csv.js';

interface ExportColumn {
  header: string;
  value(record: Record<string, unknown>, names: Map<string, { zh: string | null; en: string | null }>): CsvValue;
}

function plain(value: unknown): CsvValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.join('; ');
  if (typeof value === 'object') return JSON.stringify(value);
  return value as CsvValue;
}

function referenceId(value: unknown): string | null {
  return (value as { id?: string } | null | undefined)?.id ?? null;
}

/**
 * The columns of a type's export: id, names in Chinese and English (and the local name), every scalar field, and
 * each reference as its id with the referred record's Chinese and English names. Headers are the field keys the
 * import reads back. Personal data only for the roles that may read it.
 */
export function exportColumns(type: RecordType, api: Pick<RecordApiTypes, 'fields'>, withPersonalData: boolean): ExportColumn[] {
  const personal = personalDataFields(type.entity);
  const columns: ExportColumn[] = [{ header: 'id', value: (record) => record.id as string }];
  if (type.entity.prototype instanceof NodeEntity) {
    for (const part of ['zh', 'en', 'local', 'localLang', 'pinyin']) {
      columns.push({ header: `names.${part}`, value: (record) => ((record.names as Record<string, string | null> | undefined)?.[part] ?? null) });
    }
  }
  for (const field of api.fields) {
    if (field.name === 'id' || field.name === 'names') continue;
    if (personal.has(field.name) && !withPersonalData) continue;
    if (field.kind === 'scalar') {
      columns.push({ header: field.name, value: (record) => plain(record[field.name]) });
    } else if (field.kind === 'reference') {
      // A record the caller may not read is left out entirely: neither its id nor its names.
      const visibleId = (record: Record<string, unknown>, names: Map<string, unknown>) => {
        const id = referenceId(record[field.name]);
        return id && names.has(id) ? id : null;
      };
      columns.push({ header: field.name, value: visibleId });
      columns.push({ header: `${field.name}.zh`, value: (record, names) => names.get(visibleId(record, names) ?? '')?.zh ?? null });
      columns.push({ header: `${field.name}.en`, value: (record, names) => names.get(visibleId(record, names) ?? '')?.en ?? null });
    }
  }
  return columns;
}

/** Names of the referred nodes the caller may read, for one page: one statement. */
async function referredNames(em: EntityManager, api: Pick<RecordApiTypes, 'fields'>, records: Array<Record<string, unknown>>, visibilities: readonly string[]) {
  const ids = new Set<string>();
  for (const field of api.fields) if (field.kind === 'reference') for (const record of records) {
    const id = referenceId(record[field.name]);
    if (id) ids.add(id);
  }
  const names = new Map<string, { zh: string | null; en: string | null }>();
  if (ids.size === 0) return names;
  const visible = readableRowSql('n', visibilities);
  const rows: Array<{ id: string; name_zh: string | null; name_en: string | null }> = await em.execute(
    `select n.id, n.name_zh, n.name_en from node n where n.id = any(?::uuid[]) and ${visible.sql}`,
    [uuidArray([...ids]), ...visible.params],
  );
  for (const row of rows) names.set(row.id, { zh: row.name_zh, en: row.name_en });
  return names;
}

export interface ExportScope extends AuditScope {
  em: EntityManager;
  visibilities: readonly string[];
}

/** Writes, with backpressure, and waits when the client reads slower than the database answers. */
async function write(stream: Writable, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

/** Throws READ_ONLY when the database refuses writes (read-only by default, a standby): asked before any write is tried. */
async function refuseWhenReadOnly(em: EntityManager): Promise<void> {
  const [row] = await em.execute<Array<{ read_only: string }>>(`select current_setting('transaction_read_only') as read_only`);
  if (row?.read_only === 'on') throw faultError('READ_ONLY');
}

/**
 * Streams a list, with the same filter and sort as the API's list query, page by page: a page is written and
 * forgotten before the next is read, so a list of 100,000 records never sits in memory.
 */
export async function streamExport(
  scope: ExportScope,
  type: RecordType,
  api: Pick<RecordApiTypes, 'fields'>,
  args: Pick<ListArgs, 'filter' | 'sort'>,
  format: 'csv' | 'xlsx',
  out: Writable,
): Promise<number> {
  const withPersonalData = !!scope.viewer && PERSONAL_DATA_READERS.includes(scope.viewer.role);
  const columns = exportColumns(type, api, withPersonalData);
  const em = scope.em.fork();
  readOnlyVisible(em, scope.visibilities);
  // Its reading is recorded after the last row: on a database that refuses writes, refuse before the first.
  if (withPersonalData && personalDataFields(type.entity).size > 0) await refuseWhenReadOnly(em);
  let workbook: ExcelJS.stream.xlsx.WorkbookWriter | undefined;
  let sheet: ExcelJS.Worksheet | undefined;
  // A workbook needs no neutralising of formulas (csv.ts): text goes into string cells, which Excel never evaluates.
  if (format === 'xlsx') {
    workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    workbook.creator = 'Amity';
    sheet = workbook.addWorksheet(type.plural, { views: [{ state: 'frozen', ySplit: 1 }] });
    const header = sheet.addRow(columns.map((column) => column.header));
    header.font = { bold: true };
    header.commit();
  } else {
    await write(out, BYTE_ORDER_MARK + csvLines([columns.map((column) => column.header)]));
  }
  let count = 0;
  for (let page = 1; ; page += 1) {
    const { items } = await listRecords<RecordEntity>(em, type, api, { filter: args.filter ?? null, sort: args.sort ?? null, page, perPage: MAX_PER_PAGE });
    const records = items as unknown as Array<Record<string, unknown>>;
    const names = await referredNames(em, api, records, scope.visibilities);
    if (sheet) {
      for (const record of records) sheet.addRow(columns.map((column) => column.value(record, names))).commit();
    } else {
      await write(out, csvLines(records.map((record) => columns.map((column) => column.value(record, names)))));
    }
    count += records.length;
    em.clear();
    if (records.length < MAX_PER_PAGE) break;
  }
  if (workbook && sheet) {
    sheet.commit();
    await workbook.commit();
  }
  const personal = personalDataFields(type.entity);
  if (withPersonalData && personal.size > 0 && count > 0) {
    await auditEvent(scope.em.fork(), scope, AuditAction.READ_PERSONAL_DATA, { export: type.plural, records: count, fields: [...personal].sort(), filter: args.filter ?? null });
  }
  return count;
}
