import { Worker } from 'node:worker_threads';
import ExcelJS from 'exceljs';
import { BadInputError, DomainError, ErrorCode } from '../errors.js';
import type { Cell } from './cell-values.js';
import { readCsvRecords, restoreFormula } from './csv.js';
import { inspectXlsx, type ImportLimits } from './import-limits.js';

export type { Cell };

export interface SheetRow {
  /** The row number as the clerk sees it in the spreadsheet (the header is usually 1). */
  number: number;
  cells: Cell[];
}

/** What the reading worker is given (spreadsheet.worker.ts). */
export interface SheetJob {
  data: Uint8Array;
  limits: ImportLimits;
  name: string;
  sheetName?: string;
}

/** What the reading worker sends back: rows in small batches, then the sheet's headers and notes, or a refusal. */
export type SheetMessage =
  | { rows: SheetRow[] }
  | { done: { format: 'csv' | 'xlsx'; headers: string[]; notes: string[] } }
  | { refused: { code: string; message: string; details: Record<string, unknown> } };

export interface Sheet {
  format: 'csv' | 'xlsx';
  headers: string[];
  rows: SheetRow[];
  /** What the reader noticed and did: the encoding, merged cells repeated, formulas read as their values. */
  notes: string[];
}

const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const XLS_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(data: Buffer, bytes: number[]): boolean {
  return bytes.every((byte, index) => data[index] === byte);
}

/**
 * Reads an uploaded CSV or XLSX file into a header and rows, refusing it as soon as it passes one of the limits;
 * `name` (the file name) helps only to name the format. It takes seconds for a large file: the hub runs it in a
 * worker thread (spreadsheet.worker.ts), never on the thread that answers requests.
 */
export async function readSpreadsheet(data: Buffer, limits: ImportLimits, name = '', sheetName?: string): Promise<Sheet> {
  if (data.length === 0 || data.toString('utf8').replace(/^\uFEFF/, '').trim() === '') throw BadInputError.field('file', 'the file is empty');
  if (startsWith(data, XLS_MAGIC) || /\.xls$/i.test(name)) {
    throw BadInputError.field('file', 'this is an old Excel 97–2003 (.xls) workbook: save it as .xlsx (Excel Workbook) or as CSV and upload that');
  }
  if (startsWith(data, XLSX_MAGIC)) return readXlsx(data, limits, sheetName);
  return readCsv(data, limits);
}

/** Text from a CSV file's bytes: UTF-8 (with or without a byte-order mark), UTF-16, or GBK/GB18030 as Chinese Excel saves it. */
export function decodeText(data: Buffer): { text: string; note: string } {
  if (startsWith(data, [0xef, 0xbb, 0xbf])) return { text: data.subarray(3).toString('utf8'), note: 'read as UTF-8 (the file starts with a byte-order mark)' };
  if (startsWith(data, [0xff, 0xfe])) return { text: new TextDecoder('utf-16le').decode(data.subarray(2)), note: 'read as UTF-16 (Excel "Unicode text")' };
  if (startsWith(data, [0xfe, 0xff])) return { text: new TextDecoder('utf-16be').decode(data.subarray(2)), note: 'read as UTF-16 big-endian' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(data), note: 'read as UTF-8' };
  } catch {
    // Not valid UTF-8: Chinese Windows and Excel ("CSV (逗号分隔)") save in the ANSI code page, GBK, which GB18030 contains.
    const text = new TextDecoder('gb18030').decode(data);
    if (text.includes('\uFFFD')) {
      throw BadInputError.field('file', 'the file is neither UTF-8 nor GBK (Chinese Excel) text: save it as "CSV UTF-8" and upload it again');
    }
    return { text, note: 'read as GBK/GB18030: the encoding Chinese Excel saves CSV files in' };
  }
}

function isBlank(cells: Cell[]): boolean {
  return cells.every((cell) => cell === null || (typeof cell === 'string' && cell.trim() === ''));
}

/** The header is the first row with two different values: a title row above it (often merged across) is skipped. */
function splitHeader(rows: SheetRow[], notes: string[]): { headers: string[]; rows: SheetRow[] } {
  const index = rows.findIndex((row) => new Set(row.cells.filter((cell) => cell !== null && String(cell).trim() !== '').map(String)).size >= 2);
  if (index < 0) {
    if (rows.length === 0) throw BadInputError.field('file', 'the file has no rows');
    throw BadInputError.field('file', 'no header row found: the first row must name the columns (e.g. 中文名, 英文名, 国家)');
  }
  if (index > 0) notes.push(`rows ${rows[0].number}–${rows[index - 1].number} above the header were skipped as a title`);
  const headers = rows[index].cells.map((cell) => (cell === null ? '' : typeof cell === 'object' ? '' : String(cell).trim()));
  const data = rows.slice(index + 1).filter((row) => !isBlank(row.cells));
  if (data.length === 0) throw BadInputError.field('file', 'the file has a header but no rows of data');
  return { headers, rows: data };
}

function readCsv(data: Buffer, limits: ImportLimits): Sheet {
  const { text, note } = decodeText(data);
  const notes = [note];
  const records = readCsvRecords(text, limits);
  // A cell the export kept from being a formula (csv.ts) reads back as the text it was.
  const rows = records.map((record) => ({ number: record.line, cells: record.fields.map((field): Cell => (field.trim() === '' ? null : restoreFormula(field))) }));
  const formulas = rows.filter((row) => row.cells.some((cell) => typeof cell === 'string' && /^=[A-Za-z(]/.test(cell))).length;
  if (formulas > 0) notes.push(`${formulas} rows have cells starting with "=": CSV keeps no formulas, they are read as text`);
  return { format: 'csv', ...splitHeader(rows, notes), notes };
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A cell's value as the clerk sees it: a formula's saved result, a date, the text of rich text or a link. */
function xlsxCell(cell: ExcelJS.Cell, formulas: { count: number }): Cell {
  let value = cell.value as unknown;
  if (value !== null && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value)) {
    formulas.count += 1;
    const result = (value as { result?: unknown }).result;
    if (result === undefined) return { problem: `${cell.address} is a formula with no saved value: open the file in Excel and save it, or paste the values` };
    value = result;
  }
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return { date: isoDate(value) };
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'object') {
    if ('error' in value) return { problem: `${cell.address} holds the error ${String((value as { error: unknown }).error)}` };
    if ('richText' in value) return (value as { richText: Array<{ text: string }> }).richText.map((part) => part.text).join('');
    if ('text' in value) return String((value as { text: unknown }).text);
  }
  return String(value);
}

async function readXlsx(data: Buffer, limits: ImportLimits, sheetName?: string): Promise<Sheet> {
  // The workbook reader holds the whole workbook in memory: it gets only a file already counted within the limits.
  await inspectXlsx(data, limits);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw BadInputError.field('file', 'the file is not a readable .xlsx workbook');
  }
  const sheet = sheetName ? workbook.getWorksheet(sheetName) : workbook.worksheets.find((candidate) => candidate.actualRowCount > 0) ?? workbook.worksheets[0];
  if (!sheet) throw BadInputError.field('sheet', sheetName ? `the workbook has no sheet "${sheetName}"` : 'the workbook has no sheets');
  const notes = [`read the sheet "${sheet.name}"`];
  const formulas = { count: 0 };
  const rows: SheetRow[] = [];
  const columns = sheet.columnCount;
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: Cell[] = [];
    // A merged cell's other cells answer with the first cell's value: the value is repeated on each row the merge covers.
    for (let column = 1; column <= columns; column += 1) cells.push(xlsxCell(row.getCell(column), formulas));
    rows.push({ number, cells });
  });
  const merges = ((sheet.model as unknown as { merges?: string[] }).merges ?? []).filter(Boolean);
  if (merges.length > 0) notes.push(`merged cells ${merges.slice(0, 10).join(', ')}${merges.length > 10 ? ` and ${merges.length - 10} more` : ''}: each row they cover takes the merged value`);
  if (formulas.count > 0) notes.push(`${formulas.count} formula cells: their saved values are imported, not the formulas`);
  return { format: 'xlsx', ...splitHeader(rows, notes), notes };
}

/**
 * The heap a reading worker may use: the largest workbook the default limits allow (500,000 cells) took about
 * 300 MB of memory to read. A file that needs more than this is refused; the hub goes on in its own heap.
 */
const WORKER_HEAP_MB = 384;

/** Files read at once: each reading worker may take its heap, so they take turns, and a long queue is refused. */
const readers = { running: 0, waiting: [] as Array<() => void> };
const MAX_WAITING_READS = 8;

async function readerTurn(): Promise<() => void> {
  if (readers.running > 0) {
    if (readers.waiting.length >= MAX_WAITING_READS) throw new DomainError(ErrorCode.BUSY, `${MAX_WAITING_READS + 1} files are being read for import already: try again in a minute`);
    await new Promise<void>((resolve) => readers.waiting.push(resolve));
  }
  readers.running += 1;
  return () => {
    readers.running -= 1;
    readers.waiting.shift()?.();
  };
}

/**
 * readSpreadsheet in a worker thread: parsing a large file takes seconds of CPU, which on the hub's own thread would
 * stall every other request (health checks included). The rows come back in small messages, so the hub's thread
 * is never held up for long by copying them either.
 */
export async function readSpreadsheetApart(data: Buffer, limits: ImportLimits, name = '', sheetName?: string): Promise<Sheet> {
  const done = await readerTurn();
  try {
    const job: SheetJob = { data, limits, name, sheetName };
    const worker = new Worker(new URL('./spreadsheet.worker.js', import.meta.url), { workerData: job, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    return await new Promise<Sheet>((resolve, reject) => {
      const rows: SheetRow[] = [];
      let answered = false;
      worker.on('message', (message: SheetMessage) => {
        if ('rows' in message) {
          for (const row of message.rows) rows.push(row);
        } else if ('done' in message) {
          answered = true;
          resolve({ ...message.done, rows });
        } else {
          answered = true;
          reject(new DomainError(message.refused.code as ErrorCode, message.refused.message, message.refused.details));
        }
      });
      worker.on('error', (error: Error & { code?: string }) => {
        answered = true;
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          const message = `the file needs more memory to read than an import may use (${WORKER_HEAP_MB} MB): nothing was imported. Split it into smaller files.`;
          reject(new DomainError(ErrorCode.BAD_USER_INPUT, message, { fields: [{ field: 'file', message }] }));
        } else reject(error);
      });
      worker.on('exit', (code) => {
        if (!answered) reject(new Error(`the spreadsheet reader stopped with exit code ${code} before it answered`));
      });
    });
  } finally {
    done();
  }
}
