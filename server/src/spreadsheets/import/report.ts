import { DomainError, ErrorCode } from '../../errors.js';
import type { Sheet } from '../spreadsheet.read.js';
import type { ColumnMapping } from './mapping.js';

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
  /** For an update checked or written: the fields whose values the row changes (empty: the row is what the record holds). */
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
  /** Updates that change something (or that were not checked, so may): rows = create + update + unchanged. */
  update: number;
  /** Updates that change nothing (a file exported and imported back unedited has only these). */
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

/** What each step of an import found wrong, or worth saying, about the file: the report's lists. */
export interface Findings {
  errors: RowProblem[];
  duplicates: LikelyDuplicate[];
  conflicts: ImportConflict[];
}

/** Each row's line of the report, and the counts of what the rows do. */
export function reportPlan(rows: readonly PlannedRow[]): Pick<ImportReport, 'plan' | 'create' | 'update' | 'unchanged'> {
  const plan = rows.map(({ row, action, recordId, matchedBy, name, changes }) => ({ row, action, recordId, matchedBy, name, ...(changes ? { changes } : {}) }));
  let create = 0;
  let update = 0;
  let unchanged = 0;
  for (const row of plan) {
    if (row.action === 'CREATE') create += 1;
    else if (row.changes?.length === 0) unchanged += 1;
    else update += 1;
  }
  return { plan, create, update, unchanged };
}

export function buildReport(
  recordType: string,
  sheet: Pick<Sheet, 'format' | 'notes'>,
  mapping: Pick<ColumnMapping, 'columns' | 'unknown'>,
  rows: readonly PlannedRow[],
  findings: Findings,
  fileName: string | null,
): ImportReport {
  const errors = findings.errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  const { plan, create, update, unchanged } = reportPlan(rows);
  return {
    recordType,
    fileName,
    format: sheet.format,
    ok: errors.length === 0,
    rows: rows.length,
    create,
    update,
    unchanged,
    columns: mapping.columns,
    unknownColumns: mapping.unknown,
    notes: [...sheet.notes, ...(mapping.unknown.length > 0 ? [`columns not imported (no field recognised): ${mapping.unknown.join(', ')}`] : [])],
    errors,
    duplicates: findings.duplicates,
    conflicts: findings.conflicts,
    plan,
  };
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
