import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { DomainError } from '../errors.js';
import { readSpreadsheet, type SheetJob, type SheetMessage } from './spreadsheet.read.js';

/** A worker thread's whole life: read one uploaded file (spreadsheet.read.ts) and hand its rows back in small messages. */

/** Rows per message: each message is copied into the hub's thread at once, so a small one never holds it up. */
const ROWS_PER_MESSAGE = 500;

const job = workerData as SheetJob;
const port = parentPort;
if (port) {
  // On Linux a thread has a priority of its own: the reading yields the processor to the thread answering requests.
  try {
    setPriority(19);
  } catch {
    // Not allowed here (or not per thread): the reading still runs apart, at the same priority.
  }
  try {
    const sheet = await readSpreadsheet(Buffer.from(job.data.buffer, job.data.byteOffset, job.data.byteLength), job.limits, job.name, job.sheetName);
    for (let start = 0; start < sheet.rows.length; start += ROWS_PER_MESSAGE) port.postMessage({ rows: sheet.rows.slice(start, start + ROWS_PER_MESSAGE) } satisfies SheetMessage);
    port.postMessage({ done: { format: sheet.format, headers: sheet.headers, notes: sheet.notes } } satisfies SheetMessage);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    port.postMessage({ refused: { code: error.code, message: error.message, details: error.details } } satisfies SheetMessage);
  }
}
