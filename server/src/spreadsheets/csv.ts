import { stringify } from 'csv-stringify/sync';
import { checkGrid, type ImportLimits } from './import-limits.js';

/**
 * CSV as the hub reads and writes it: RFC 4180 (quoted cells may hold delimiters, quotes as "" and line breaks),
 * written by csv-stringify, with one rule for cells a spreadsheet program would run.
 */

/** What a CSV cell is written from; null is an empty cell. */
export type CsvValue = string | number | boolean | null;

/** Spreadsheet programs read a CSV that starts with a byte-order mark as UTF-8 (without one, Chinese Excel reads GBK). */
export const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Text a spreadsheet program would run as a formula when it opens a CSV (it starts with =, +, -, @, a tab or a
 * carriage return), or text that starts with quotes before such a character: either gets one more quote in front,
 * which the program shows as text. Quoting the cell, as CSV does, is not enough: Excel still evaluates it.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/** The text as an export writes it into a CSV cell, never a formula. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The text an export neutralised, as it was: exactly the one quote the export added is taken off. */
export function restoreFormula(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text) ? text.slice(1) : text;
}

/**
 * Rows as CSV lines, each ending in CRLF. Text that could run as a formula gets its leading quote (numbers and
 * booleans cannot be formulas: a negative number stays a number); a cell holding a delimiter, a quote or a line
 * break is quoted (csv-stringify alone leaves a lone LF unquoted when lines end in CRLF, which would split the row).
 */
export function csvLines(rows: readonly (readonly CsvValue[])[]): string {
  return stringify(rows as CsvValue[][], {
    record_delimiter: '\r\n',
    quoted_match: /[\r\n]/,
    cast: { string: neutraliseFormula, boolean: (value) => String(value) },
  });
}

/** A CSV record and the line of the file it starts on (a quoted line break makes one record span several lines). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

const DELIMITERS = [',', ';', '\t', '，'];

/** The delimiter the header line uses most: comma, semicolon (European Excel), tab, or a full-width comma. */
function detectDelimiter(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0].replace(/"[^"]*"/g, '');
  const counts = DELIMITERS.map((delimiter) => ({ delimiter, count: firstLine.split(delimiter).length - 1 }));
  counts.sort((a, b) => b.count - a.count);
  return counts[0].count > 0 ? counts[0].delimiter : ',';
}

/**
 * A CSV text's records, counted against the limits as they are read: a row past the last column allowed is refused
 * at that cell (a row of a million delimiters never becomes a million cells), a sheet past the rows or cells
 * allowed at that row. Rows may differ in length; a quote inside an unquoted cell is kept as text.
 *
 * Written here rather than taken from csv-parse, by measurement: csv-parse shows a record's cells only through its
 * `cast` hook, which builds a context object per cell. 50,000 rows of 10 cells (4.5 MB) took 3.7–5.1 s to read with
 * that per-cell check, 0.2–0.4 s without it, and 0.2–0.3 s here; without the check, a 20 MB row of commas took
 * 5.6 s and 500 MB of heap before its width could be refused.
 */
export function readCsvRecords(text: string, limits: ImportLimits, delimiter = detectDelimiter(text)): CsvRecord[] {
  const records: CsvRecord[] = [];
  let columns = 0;
  const push = (record: CsvRecord) => {
    records.push(record);
    columns = Math.max(columns, record.fields.length);
    checkGrid(limits, records.length, columns, 0);
  };
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const start = text.startsWith(BYTE_ORDER_MARK) ? 1 : 0;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index += 1;
        } else quoted = false;
      } else {
        if (char === '\n') line += 1;
        field += char;
      }
    } else if (char === '"' && field === '') {
      quoted = true;
    } else if (char === delimiter) {
      fields.push(field);
      field = '';
      if (fields.length > limits.columns) checkGrid(limits, records.length + 1, fields.length, 0);
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      fields.push(field);
      push({ line: recordLine, fields });
      fields = [];
      field = '';
      line += 1;
      recordLine = line;
    } else {
      field += char;
    }
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    push({ line: recordLine, fields });
  }
  return records;
}
