import type { LinksField, ReferenceField, ScalarField } from '../../graph/fields.js';
import { isRecordId } from '../../graph/ids.js';
import { cellText, parseBoolean, parseDate, parseEnum, parseList, parseNumber, type Parsed } from '../cell-values.js';
import type { Cell, Sheet } from '../spreadsheet.read.js';
import type { Breather } from './breather.js';
import type { ColumnMapping, ImportTarget } from './mapping.js';
import type { ReferenceResolver } from './references.js';
import type { PlannedRow, RowProblem } from './report.js';

export type Input = Record<string, unknown>;

/** A row of the file as it goes through the import: read into an input, matched to a record, then planned. */
export interface ImportRow extends PlannedRow {
  input: Input;
  /** The record's version now, for a row that updates one. */
  version: number | null;
  /** The version the file gives for it (its version column), if any. */
  fileVersion: number | null;
  zh: string | null;
  latin: string[];
  startDate: string | null;
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

/**
 * Every row of the sheet read into the input it gives: a row with an id updates that record, any other creates one
 * until matching finds it by name. A cell that cannot be read is a problem of its row and column.
 */
export async function readRows(sheet: Pick<Sheet, 'headers' | 'rows'>, mapping: ColumnMapping, resolver: ReferenceResolver, breather: Breather, errors: RowProblem[]): Promise<ImportRow[]> {
  const rows: ImportRow[] = [];
  for (const row of sheet.rows) {
    await breather.breathe();
    const { input, id, version, problems } = await rowInput(row.cells, mapping, sheet.headers, resolver);
    for (const problem of problems) errors.push({ row: row.number, ...problem });
    const names = (input.names ?? {}) as Record<string, string | undefined>;
    rows.push({
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
  return rows;
}
