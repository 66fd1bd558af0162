import { FlushMode, type EntityManager } from '@mikro-orm/postgresql';
import type { RecordApiTypes } from '../../graph/api-types.js';
import { recordProblems } from '../../graph/records.service.js';
import type { RecordType } from '../../nodes/registry.js';
import type { Breather } from './breather.js';
import { changedFields, fieldsBefore } from './changes.js';
import type { ColumnMapping, ImportTarget } from './mapping.js';
import type { Findings, RowProblem } from './report.js';
import type { ImportRow } from './rows.js';
import { forkFor } from './scope.js';

/**
 * A row exported at another version than the record's now would, written, undo the edits made since, without a
 * word: the API refuses a stale expectedVersion, and so does an import, unless asked to overwrite.
 */
export function findConflicts(rows: readonly ImportRow[], typeName: string, versionColumn: string, overwrite: boolean, findings: Pick<Findings, 'errors' | 'conflicts'>): void {
  for (const item of rows) {
    if (item.recordId === null || item.version === null || item.fileVersion === null || item.fileVersion === item.version) continue;
    findings.conflicts.push({ row: item.row, column: versionColumn, recordId: item.recordId, fileVersion: item.fileVersion, currentVersion: item.version, overwritten: overwrite });
    if (overwrite) continue;
    const what = `${typeName} ${item.name} (${item.recordId})`;
    findings.errors.push({
      row: item.row,
      column: versionColumn,
      message:
        item.fileVersion < item.version
          ? `${what} was changed after this file was made: the file has version ${item.fileVersion}, the record is at version ${item.version}, and importing the row would undo those changes. Export it again and redo the row's edits, or import with overwrite to replace them`
          : `the file has version ${item.fileVersion} of ${what}, but the record is only at version ${item.version}: the row is not from this record as saved here. Import with overwrite to write it anyway`,
    });
  }
}

/** The columns a new record cannot do without, when the file creates any: problems of the file as a whole. */
export function missingColumns(rows: readonly ImportRow[], targets: readonly ImportTarget[], mapped: ReadonlySet<string>, isNode: boolean): RowProblem[] {
  if (!rows.some((item) => item.action === 'CREATE')) return [];
  const problems: RowProblem[] = [];
  const missing = targets.filter((target) => target.required && !mapped.has(target.key));
  if (isNode && !['names.zh', 'names.en', 'names.local'].some((key) => mapped.has(key))) {
    problems.push({ row: null, column: null, message: 'a name column is missing: give 中文名 (Chinese name), 英文名 (English name) or the local name' });
  }
  for (const target of missing) {
    problems.push({ row: null, column: null, message: `the required column ${target.key} is missing (a header such as ${target.headers.slice(0, 4).join(', ')}), so new records cannot be made` });
  }
  return problems;
}

/**
 * Each row without a problem yet checked as it would be saved, by the same rules as the API's create and update;
 * an update also learns which fields it changes (none: the row is unchanged).
 */
export async function checkRows(
  em: EntityManager,
  visibilities: readonly string[],
  type: RecordType,
  api: Pick<RecordApiTypes, 'fields'>,
  rows: ImportRow[],
  mapping: ColumnMapping,
  findings: Pick<Findings, 'errors'>,
  breather: Breather,
): Promise<void> {
  const problemRows = new Set(findings.errors.map((problem) => problem.row));
  for (const [index, item] of rows.entries()) {
    await breather.breathe();
    if (problemRows.has(item.row)) continue;
    const check = forkFor({ em, visibilities }, { flushMode: FlushMode.COMMIT });
    const record = item.action === 'UPDATE' ? await check.findOne(type.entity, { id: item.recordId } as never) : new type.entity();
    if (!record) continue;
    if (item.action === 'UPDATE') item.changes = changedFields(await fieldsBefore(record, item.input, api), item.input);
    const problems = await recordProblems(check, type, api, record, { ...item.input });
    for (const problem of problems) findings.errors.push({ row: item.row, column: columnOf(problem.field, mapping, api), message: `${problem.field}: ${problem.message}` });
    if (index % 200 === 0) em.clear();
  }
}

/** The column a problem of an input field comes from, when one does. */
export function columnOf(field: string, mapping: Pick<ColumnMapping, 'columns'>, api: Pick<RecordApiTypes, 'fields'>): string | null {
  const top = field.split(/[.[]/)[0];
  const described = api.fields.find((candidate) => (candidate.kind === 'reference' || candidate.kind === 'links' ? candidate.inputName : candidate.name) === top);
  const key = described?.name ?? top;
  const column = mapping.columns.find((candidate) => candidate.key === key || candidate.key?.startsWith(`${key}.`));
  return column?.header ?? null;
}
