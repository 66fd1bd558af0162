import { createInflateRaw } from 'node:zlib';
import { DomainError, ErrorCode } from '../errors.js';

/**
 * What one uploaded spreadsheet may hold. The upload's size alone bounds nothing that matters: a 10 MB XLSX can
 * hold two million rows, and a 200 kB zip can inflate to a gigabyte. Each bound is checked while the file is read,
 * before the memory it would cost is spent.
 */
export interface ImportLimits {
  /** Rows of a sheet, the header and any title rows included. */
  rows: number;
  /** The widest row's last column. */
  columns: number;
  /** Rows times columns over every sheet of the file: the grid the reader builds. */
  cells: number;
  /** Bytes an XLSX inflates to, all its parts together. */
  inflatedBytes: number;
  /** How many times larger a compressed part of an XLSX may inflate than it is in the file. */
  compressionRatio: number;
}

/** The environment variable that sets each limit: an answer names it, so the clerk's administrator knows what to raise. */
export const LIMIT_VARIABLES: Record<keyof ImportLimits, string> = {
  rows: 'AMITY_MAX_IMPORT_ROWS',
  columns: 'AMITY_MAX_IMPORT_COLUMNS',
  cells: 'AMITY_MAX_IMPORT_CELLS',
  inflatedBytes: 'AMITY_MAX_IMPORT_INFLATED_BYTES',
  compressionRatio: 'AMITY_MAX_IMPORT_RATIO',
};

/** A file over one of the limits: BAD_USER_INPUT naming the limit, its value and what the file has. */
export class ImportLimitError extends DomainError {
  constructor(limit: keyof ImportLimits, allowed: number, found: string) {
    const message = `the file is over an import limit: ${found}, and the limit is ${allowed} (${LIMIT_VARIABLES[limit]}). Nothing was imported: split the file into smaller ones.`;
    super(ErrorCode.BAD_USER_INPUT, message, { fields: [{ field: 'file', message }], limit: LIMIT_VARIABLES[limit], allowed });
  }
}

/** Refused as not a workbook that can be read safely (broken, or built to mislead a reader). */
function unreadable(reason: string): DomainError {
  const message = `the file is not a readable .xlsx workbook: ${reason}`;
  return new DomainError(ErrorCode.BAD_USER_INPUT, message, { fields: [{ field: 'file', message }] });
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  declaredSize: number;
  localHeaderOffset: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/** The zip's central directory: every part with its declared sizes, read without inflating anything. */
function centralDirectory(data: Buffer): ZipEntry[] {
  // The end record is the last 22 bytes, unless a comment of up to 65,535 bytes follows it.
  let end = -1;
  for (let at = data.length - 22; at >= Math.max(0, data.length - 22 - 65_535); at -= 1) {
    if (data.readUInt32LE(at) === END_OF_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) throw unreadable('its zip directory is missing (a truncated or damaged file)');
  const count = data.readUInt16LE(end + 10);
  const size = data.readUInt32LE(end + 12);
  const offset = data.readUInt32LE(end + 16);
  if (data.readUInt16LE(end + 4) !== 0 || count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    throw unreadable('it is a multi-part or ZIP64 archive, which no spreadsheet of an importable size needs');
  }
  if (offset + size > end) throw unreadable('its zip directory points outside the file');
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let index = 0; index < count; index += 1) {
    if (at + 46 > end || data.readUInt32LE(at) !== DIRECTORY_ENTRY) throw unreadable('its zip directory is damaged');
    const nameLength = data.readUInt16LE(at + 28);
    const entry: ZipEntry = {
      method: data.readUInt16LE(at + 10),
      compressedSize: data.readUInt32LE(at + 20),
      declaredSize: data.readUInt32LE(at + 24),
      localHeaderOffset: data.readUInt32LE(at + 42),
      name: data.toString('utf8', at + 46, at + 46 + nameLength),
    };
    if (entry.compressedSize === 0xffffffff || entry.declaredSize === 0xffffffff || entry.localHeaderOffset === 0xffffffff) {
      throw unreadable(`its part ${entry.name} is in ZIP64 form, which no spreadsheet of an importable size needs`);
    }
    entries.push(entry);
    at += 46 + nameLength + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
  }
  return entries;
}

/** A part's compressed bytes, found through its local header. */
function compressedBytes(data: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localHeaderOffset;
  if (at + 30 > data.length || data.readUInt32LE(at) !== LOCAL_HEADER) throw unreadable(`its part ${entry.name} is not where the zip directory says`);
  const start = at + 30 + data.readUInt16LE(at + 26) + data.readUInt16LE(at + 28);
  if (start + entry.compressedSize > data.length) throw unreadable(`its part ${entry.name} runs past the end of the file`);
  return data.subarray(start, start + entry.compressedSize);
}

/** The parts the workbook reader (exceljs) takes for worksheets: their rows and cells are counted. */
const WORKSHEET = /xl\/worksheets\/sheet\d+[.]xml/;

/**
 * Counts a worksheet's rows, cells and widest column from its XML as it streams past, by the tags alone: `<row>`,
 * and `<c>` with its `r="AB12"` reference (a cell without one follows the one before it).
 */
class SheetTally {
  rows = 0;
  cells = 0;
  columns = 0;
  private column = 0;
  private inTag = false;
  private name = '';
  private nameDone = false;
  private attributes = '';

  constructor(private readonly onProgress: (tally: SheetTally) => void) {}

  scan(chunk: Buffer): void {
    for (let index = 0; index < chunk.length; index += 1) {
      const byte = chunk[index];
      if (!this.inTag) {
        if (byte === 0x3c) {
          this.inTag = true;
          this.name = '';
          this.nameDone = false;
          this.attributes = '';
        }
        continue;
      }
      if (byte === 0x3e) {
        this.endTag();
        continue;
      }
      if (!this.nameDone) {
        // Whitespace or "/" ends the tag's name.
        if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x2f) this.nameDone = true;
        else if (this.name.length < 16) this.name += String.fromCharCode(byte);
        else this.nameDone = true;
      } else if (this.attributes.length < 200 && this.localName() === 'c') {
        this.attributes += String.fromCharCode(byte);
      }
    }
  }

  private localName(): string {
    const colon = this.name.indexOf(':');
    return colon < 0 ? this.name : this.name.slice(colon + 1);
  }

  private endTag(): void {
    this.inTag = false;
    const name = this.localName();
    if (name === 'row') {
      this.rows += 1;
      this.column = 0;
      this.onProgress(this);
    } else if (name === 'c') {
      this.cells += 1;
      const reference = /\br\s*=\s*["']\$?([A-Za-z]{1,7})\$?\d/.exec(this.attributes);
      this.column = reference ? columnNumber(reference[1]) : this.column + 1;
      if (this.column > this.columns) {
        this.columns = this.column;
        this.onProgress(this);
      }
      if (this.cells % 4096 === 0) this.onProgress(this);
    }
  }
}

function columnNumber(letters: string): number {
  let number = 0;
  for (const letter of letters.toUpperCase()) number = number * 26 + (letter.charCodeAt(0) - 64);
  return number;
}

/** Checks a sheet's counts so far against the limits (`cellsBefore`: the grids of the sheets before it). */
export function checkGrid(limits: ImportLimits, rows: number, columns: number, cells: number, cellsBefore = 0): void {
  if (rows > limits.rows) throw new ImportLimitError('rows', limits.rows, `a sheet has more than ${limits.rows} rows`);
  if (columns > limits.columns) throw new ImportLimitError('columns', limits.columns, `a row reaches column ${columns}`);
  const grid = cellsBefore + Math.max(rows * columns, cells);
  if (grid > limits.cells) throw new ImportLimitError('cells', limits.cells, `the file holds at least ${grid} cells (rows × columns)`);
}

/** Inflates one part as a stream, counting bytes and discarding them; a worksheet's XML is tallied on the way. */
async function inflatePart(compressed: Buffer, entry: ZipEntry, inflatedBefore: number, limit: number, tally: SheetTally | undefined): Promise<number> {
  if (entry.method === 0) {
    tally?.scan(compressed);
    return compressed.length;
  }
  const inflater = createInflateRaw();
  let inflated = 0;
  const done = new Promise<void>((resolve, reject) => {
    inflater.on('data', (chunk: Buffer) => {
      inflated += chunk.length;
      try {
        // A part inflating past its declared size lies about itself: the reader that comes next trusts that size.
        if (inflated > entry.declaredSize) throw unreadable(`its part ${entry.name} inflates past the ${entry.declaredSize} bytes its zip directory declares`);
        if (inflatedBefore + inflated > limit) throw new ImportLimitError('inflatedBytes', limit, `the workbook's parts inflate to more than ${limit} bytes`);
        tally?.scan(chunk);
      } catch (error) {
        inflater.destroy();
        reject(error);
      }
    });
    inflater.on('end', resolve);
    inflater.on('error', () => reject(unreadable(`its part ${entry.name} is not valid compressed data`)));
  });
  inflater.end(compressed);
  await done;
  return inflated;
}

/**
 * Checks an XLSX against the limits before any workbook reader sees it: first the sizes its zip directory declares
 * (total and compression ratio), then each part inflated as a stream and thrown away, to prove the declared sizes
 * true and to count each worksheet's rows, columns and cells. Memory stays at one inflated chunk; a part that
 * inflates past its declared size, or a sheet past a limit, stops the reading at that point.
 */
export async function inspectXlsx(data: Buffer, limits: ImportLimits): Promise<void> {
  const entries = centralDirectory(data);
  let declared = 0;
  for (const entry of entries) {
    if (entry.method !== 0 && entry.method !== 8) throw unreadable(`its part ${entry.name} uses compression method ${entry.method}; Excel writes only stored or deflated parts`);
    if (entry.method === 0 && entry.declaredSize !== entry.compressedSize) throw unreadable(`its stored part ${entry.name} declares two different sizes`);
    declared += entry.declaredSize;
    const ratio = entry.declaredSize / Math.max(entry.compressedSize, 1);
    // Small parts (styles, relationships) compress far better than cells do, and cost nothing: the ratio matters for large ones.
    if (entry.declaredSize > 1024 * 1024 && ratio > limits.compressionRatio) {
      throw new ImportLimitError('compressionRatio', limits.compressionRatio, `the part ${entry.name} inflates ${Math.round(ratio)} times (${entry.compressedSize} bytes to ${entry.declaredSize})`);
    }
  }
  if (declared > limits.inflatedBytes) throw new ImportLimitError('inflatedBytes', limits.inflatedBytes, `the workbook's parts declare ${declared} bytes inflated`);
  let inflatedTotal = 0;
  let cellsBefore = 0;
  for (const entry of entries) {
    const worksheet = WORKSHEET.test(entry.name);
    const tally = worksheet ? new SheetTally((sheet) => checkGrid(limits, sheet.rows, sheet.columns, sheet.cells, cellsBefore)) : undefined;
    const inflated = await inflatePart(compressedBytes(data, entry), entry, inflatedTotal, limits.inflatedBytes, tally);
    if (inflated !== entry.declaredSize) throw unreadable(`its part ${entry.name} inflates to ${inflated} bytes, not the ${entry.declaredSize} its zip directory declares`);
    inflatedTotal += inflated;
    if (tally) {
      checkGrid(limits, tally.rows, tally.columns, tally.cells, cellsBefore);
      cellsBefore += Math.max(tally.rows * tally.columns, tally.cells);
    }
  }
}
