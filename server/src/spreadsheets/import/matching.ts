import type { EntityManager } from '@mikro-orm/postgresql';
import { NodeEntity } from '../../graph/record.entity.js';
import type { RecordType } from '../../nodes/registry.js';
import { textArray, uuidArray } from '../../graph/sql.js';
import { readableRowSql } from '../../graph/visible.js';
import { Breather } from './breather.js';
import type { ImportOptions } from './options.js';
import { tableOf } from './references.js';
import type { Findings } from './report.js';
import type { ImportRow } from './rows.js';

/** An existing record a row may name: its Chinese name as saved, its Latin names folded (lower case, no accents). */
export interface NamedRecord {
  id: string;
  version: number;
  zh: string | null;
  en: string | null;
  local: string | null;
  /** Its start date (YYYY-MM-DD), for dated records. */
  start: string | null;
}

/** How rows and records are compared by name. */
export interface NameRule {
  typeName: string;
  /** Records with a start date are the same only with the same start date (a row without one meets any). */
  dated: boolean;
  /** A row's Latin names as the database folds them. */
  latinKeys: (row: ImportRow) => string[];
}

/**
 * Finds the record each row updates: the one its id names (which must exist and be visible), else, for nodes, the
 * one record with the same name. Rows naming what another row names are likely duplicates, errors unless allowed.
 */
export async function matchRows(
  em: EntityManager,
  type: RecordType,
  rows: ImportRow[],
  viewer: { visibilities: readonly string[]; idColumn: string; dated: boolean },
  options: Pick<ImportOptions, 'match' | 'allowDuplicates'>,
  breather: Breather,
  findings: Findings,
): Promise<void> {
  const table = tableOf(em, type);
  const visible = readableRowSql('e', viewer.visibilities);
  // Rows naming their record by id: it must exist (and be visible).
  const byId = rows.filter((item) => item.recordId);
  if (byId.length > 0) {
    const found: Array<{ id: string; version: number }> = await em.execute(`select e.id, e.version from "${table}" e where e.id = any(?::uuid[]) and ${visible.sql}`, [
      uuidArray(byId.map((item) => item.recordId as string)),
      ...visible.params,
    ]);
    const versions = new Map(found.map((record) => [record.id, record.version]));
    for (const item of byId) {
      if (versions.has(item.recordId as string)) item.version = versions.get(item.recordId as string) ?? null;
      else findings.errors.push({ row: item.row, column: viewer.idColumn, message: `no ${type.name} with id ${item.recordId}` });
    }
  }

  if (type.entity.prototype instanceof NodeEntity) {
    const rule: NameRule = { typeName: type.name, dated: viewer.dated, latinKeys: await latinFolding(em, rows) };
    await duplicatesInFile(rows, rule, !!options.allowDuplicates, findings, breather);
    const existing = await recordsNamed(em, table, rows, rule, visible);
    await matchByNames(rows, existing, rule, options.match ?? 'names', findings, breather);
  }
  findDoubleUpdates(rows, type.name, findings);
}

/** Latin names compared as the database folds them (lower case, no accents), so that "kragero" meets "Kragerø". */
async function latinFolding(em: EntityManager, rows: ImportRow[]): Promise<(row: ImportRow) => string[]> {
  const latin = [...new Set(rows.flatMap((item) => item.latin))];
  const folded = new Map<string, string>();
  for (let start = 0; start < latin.length; start += 5000) {
    const found: Array<{ raw: string; folded: string }> = await em.execute(`select x as raw, amity_fold(x) as folded from unnest(?::text[]) x`, [textArray(latin.slice(start, start + 5000))]);
    for (const row of found) folded.set(row.raw, row.folded);
  }
  return (item) => [...new Set(item.latin.map((name) => folded.get(name) ?? name.toLowerCase()))];
}

/** The visible records of the type with a Chinese or (folded) Latin name that a row gives. */
async function recordsNamed(em: EntityManager, table: string, rows: ImportRow[], rule: NameRule, visible: { sql: string; params: unknown[] }): Promise<NamedRecord[]> {
  const zh = [...new Set(rows.map((item) => item.zh).filter((name): name is string => !!name))];
  const latinFolded = [...new Set(rows.flatMap(rule.latinKeys))];
  const existing: NamedRecord[] = [];
  for (let start = 0; start < Math.max(zh.length, latinFolded.length); start += 5000) {
    const found = await em.execute(
      `select e.id, e.version, e.name_zh as zh, amity_fold(e.name_en) as en, amity_fold(e.name_local) as local, ${rule.dated ? 'e.start_date::text' : 'null'} as start
         from "${table}" e
        where (e.name_zh = any(?::text[]) or amity_fold(e.name_en) = any(?::text[]) or amity_fold(e.name_local) = any(?::text[]))
          and ${visible.sql}`,
      [textArray(zh.slice(start, start + 5000)), textArray(latinFolded.slice(start, start + 5000)), textArray(latinFolded.slice(start, start + 5000)), ...visible.params],
    );
    existing.push(...(found as NamedRecord[]));
  }
  return existing;
}

/** Duplicates inside the file: the same id, the same Chinese name, or the same Latin name (and, for dated records, the same start date). */
export async function duplicatesInFile(rows: readonly ImportRow[], rule: NameRule, allowDuplicates: boolean, findings: Findings, breather = new Breather()): Promise<void> {
  const { dated } = rule;
  const seen = new Map<string, number>();
  for (const item of rows) {
    await breather.breathe();
    const keys = [...(item.zh ? [`zh:${item.zh}`] : []), ...rule.latinKeys(item).map((key) => `latin:${key}`)].map((key) => (dated ? `${key}@${item.startDate ?? ''}` : key));
    const idKey = item.recordId ? [`id:${item.recordId}`] : [];
    for (const key of [...idKey, ...keys]) {
      const other = seen.get(key);
      if (other !== undefined && other !== item.row) {
        const what = key.startsWith('id:') ? 'the same id' : key.startsWith('zh:') ? `the same Chinese name ${item.zh}` : 'the same Latin name (ignoring case and accents)';
        const reason = `row ${item.row} repeats row ${other}: ${what}${dated && !key.startsWith('id:') ? ' and start date' : ''}`;
        findings.duplicates.push({ row: item.row, otherRow: other, recordId: null, reason });
        if (!allowDuplicates || key.startsWith('id:')) findings.errors.push({ row: item.row, column: null, message: `${reason} (a duplicate inside the file; remove it, or import with allowDuplicates)` });
        break;
      }
      seen.set(key, item.row);
    }
  }
}

/**
 * Rows matching existing records by name: a row without id updates the one record it names (`match: names`), is an
 * error when it names several, and is created anyway with `match: ids`. A row with an id that also names another
 * record is a likely duplicate.
 */
export async function matchByNames(rows: ImportRow[], existing: readonly NamedRecord[], rule: NameRule, match: 'names' | 'ids', findings: Findings, breather = new Breather()): Promise<void> {
  const { typeName, dated } = rule;
  const byZh = new Map<string, NamedRecord[]>();
  const byLatin = new Map<string, NamedRecord[]>();
  for (const record of existing) {
    if (record.zh) byZh.set(record.zh, [...(byZh.get(record.zh) ?? []), record]);
    for (const name of new Set([record.en, record.local])) if (name) byLatin.set(name, [...(byLatin.get(name) ?? []), record]);
  }
  for (const item of rows) {
    await breather.breathe();
    const candidates = new Map<string, NamedRecord>();
    for (const record of item.zh ? (byZh.get(item.zh) ?? []) : []) candidates.set(record.id, record);
    for (const key of rule.latinKeys(item)) for (const record of byLatin.get(key) ?? []) candidates.set(record.id, record);
    const matches = [...candidates.values()].filter((record) => !dated || !item.startDate || !record.start || record.start === item.startDate);
    if (item.recordId) {
      for (const record of matches) {
        if (record.id !== item.recordId) findings.duplicates.push({ row: item.row, otherRow: null, recordId: record.id, reason: `row ${item.row} has the name of another existing ${typeName} (${record.id})` });
      }
      continue;
    }
    if (matches.length === 0) continue;
    const reason = `row ${item.row} has the name of an existing ${typeName}`;
    if (match === 'ids') {
      for (const record of matches) findings.duplicates.push({ row: item.row, otherRow: null, recordId: record.id, reason: `${reason} (${record.id}); it will be created anyway, as asked (match: ids)` });
    } else if (matches.length > 1) {
      findings.errors.push({ row: item.row, column: null, message: `${reason}, but ${matches.length} match: ${matches.map((record) => record.id).join(', ')}; add an id column to say which` });
    } else {
      item.action = 'UPDATE';
      item.recordId = matches[0].id;
      item.version = matches[0].version;
      item.matchedBy = 'names';
      findings.duplicates.push({ row: item.row, otherRow: null, recordId: matches[0].id, reason: `${reason}: it will update that record` });
    }
  }
}

/** A row found by name must not update a record that an earlier row updates too. */
export function findDoubleUpdates(rows: readonly ImportRow[], typeName: string, findings: Pick<Findings, 'errors'>): void {
  const updated = new Map<string, number>();
  for (const item of rows) {
    if (!item.recordId) continue;
    const other = updated.get(item.recordId);
    if (other !== undefined && item.matchedBy === 'names') findings.errors.push({ row: item.row, column: null, message: `row ${item.row} and row ${other} would both update ${typeName} ${item.recordId}` });
    updated.set(item.recordId, item.row);
  }
}
