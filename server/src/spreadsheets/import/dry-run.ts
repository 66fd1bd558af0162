import { FlushMode } from '@mikro-orm/postgresql';
import type { RecordApiTypes } from '../../graph/api-types.js';
import { NodeEntity } from '../../graph/record.entity.js';
import type { RecordType } from '../../nodes/registry.js';
import type { Sheet } from '../spreadsheet.read.js';
import { Breather } from './breather.js';
import { importTargets, mapColumns, readOnlyKeys } from './mapping.js';
import { matchRows } from './matching.js';
import type { ImportOptions } from './options.js';
import { checkRows, findConflicts, missingColumns } from './plan.js';
import { ReferenceResolver } from './references.js';
import { buildReport, type Findings, type ImportReport } from './report.js';
import { readRows, type ImportRow } from './rows.js';
import { forkFor, type ImportScope } from './scope.js';

export interface Analysis {
  report: ImportReport;
  /** The rows as planned, each with the input it writes. */
  rows: ImportRow[];
}

/** Every row read, matched and checked against the database as it would be saved; nothing is written. */
export async function analyseImport(scope: ImportScope, type: RecordType, api: Pick<RecordApiTypes, 'fields'>, sheet: Sheet, options: ImportOptions = {}): Promise<Analysis> {
  const em = forkFor(scope, { flushMode: FlushMode.COMMIT });
  const findings: Findings = { errors: [], duplicates: [], conflicts: [] };
  const breather = new Breather();

  // Map: each column to the field it fills.
  const targets = importTargets(type, api.fields);
  const mapping = mapColumns(sheet.headers, targets, options.columns ?? {}, readOnlyKeys(type, api.fields));
  const mapped = new Set([...mapping.byColumn.values()].map((target) => target.key));
  if (mapping.byColumn.size === 0) {
    findings.errors.push({ row: null, column: null, message: `no column was recognised: name the columns as in 中文名, 英文名, 国家, 城市, 日期, or map them (fields: ${targets.map((target) => target.key).join(', ')})` });
  }
  const headerOf = (key: string) => mapping.columns.find((column) => column.key === key)?.header ?? key;

  // Read: each row into the input it gives.
  const rows = await readRows(sheet, mapping, new ReferenceResolver(em, scope.visibilities), breather, findings.errors);

  // Match: each row to the record it updates, if any.
  const dated = api.fields.some((field) => field.name === 'startDate');
  await matchRows(em, type, rows, { visibilities: scope.visibilities, idColumn: headerOf('id'), dated }, options, breather, findings);

  // Plan: what each row does, and whether it may.
  findConflicts(rows, type.name, headerOf('version'), !!options.overwrite, findings);
  for (const problem of missingColumns(rows, targets, mapped, type.entity.prototype instanceof NodeEntity)) findings.errors.push(problem);
  if (options.checkRows !== false && !findings.errors.some((problem) => problem.row === null)) {
    await checkRows(em, scope.visibilities, type, api, rows, mapping, findings, breather);
  }

  return { report: buildReport(type.name, sheet, mapping, rows, findings, options.fileName ?? null), rows };
}
