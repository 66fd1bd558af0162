/** The hub's spreadsheet endpoints (/imports, /exports; README "Spreadsheets"), over the admin's own session. */

export interface ImportProblem {
  row: number | null;
  column: string | null;
  message: string;
}

export interface ImportColumn {
  column: number;
  header: string;
  key: string | null;
  how: 'header' | 'mapping' | 'ignored' | 'unknown';
}

export interface ImportReport {
  recordType: string;
  fileName: string | null;
  format: 'csv' | 'xlsx';
  ok: boolean;
  rows: number;
  create: number;
  /** Updates that change something: rows = create + update + unchanged. */
  update: number;
  columns: ImportColumn[];
  unknownColumns: string[];
  notes: string[];
  errors: ImportProblem[];
  duplicates: Array<{ row: number; otherRow: number | null; recordId: string | null; reason: string }>;
  /** Rows from another version of their record than the one saved now. */
  conflicts: Array<{ row: number; column: string; recordId: string; fileVersion: number; currentVersion: number; overwritten: boolean }>;
  /** Updates that change nothing (a file exported and imported back unedited). */
  unchanged: number;
  plan: Array<{ row: number; action: 'CREATE' | 'UPDATE'; recordId: string | null; matchedBy: 'id' | 'names' | null; name: string; changes?: string[] }>;
}

export interface ImportBatch {
  id: string;
  recordType: string;
  fileName: string | null;
  createdAt: string;
  actorUsername: string | null;
  /** The request that committed it, as the audit entries of its rows record it. */
  requestId: string | null;
  created: number;
  updated: number;
  undoneAt: string | null;
  undoneBy: string | null;
}

export interface ImportField {
  key: string;
  kind: string;
  required: boolean;
  headers: string[];
}

export interface ImportOptions {
  columns?: Record<string, string | null>;
  mapping?: string;
  match?: 'names' | 'ids';
  allowDuplicates?: boolean;
  /** Write rows exported at another version than their record's now, replacing the edits made since. */
  overwrite?: boolean;
}

/** An error answer of the hub: its message, code and details (a refused commit carries its report). */
export class ImportApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * On every request that changes something: a header other sites' pages cannot send without the hub's leave, which
 * the hub requires of each (its CSRF rule; README "Spreadsheets"). A file's own type may be a "simple" one
 * (text/plain), and an undo has no body at all.
 */
const CSRF_HEADERS = { 'X-Amity-CSRF': '1' };

async function answer<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => ({}))) as T & { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  if (!response.ok) {
    const error = body.errors?.[0];
    throw new ImportApiError(error?.message ?? `The hub answered ${response.status}`, response.status, error?.extensions ?? {});
  }
  return body;
}

function query(options: ImportOptions & { fileName?: string }): string {
  const params = new URLSearchParams();
  if (options.columns && Object.keys(options.columns).length > 0) params.set('columns', JSON.stringify(options.columns));
  if (options.mapping) params.set('mapping', options.mapping);
  if (options.match) params.set('match', options.match);
  if (options.allowDuplicates) params.set('allowDuplicates', 'true');
  if (options.overwrite) params.set('overwrite', 'true');
  if (options.fileName) params.set('fileName', options.fileName);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * Uploads the file as the request body; XMLHttpRequest rather than fetch, for the upload's progress on large files.
 * `onProgress` gets the share sent, 0 to 1; the hub then reads and checks every row before it answers.
 */
function upload<T>(url: string, file: File, onProgress?: (share: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.withCredentials = true;
    request.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    for (const [name, value] of Object.entries(CSRF_HEADERS)) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded / event.total);
    };
    request.onerror = () => reject(new ImportApiError('The upload failed: the connection to the hub was lost', 0));
    request.onload = () => {
      const response = new Response(request.responseText, { status: request.status, headers: { 'content-type': 'application/json' } });
      answer<T>(response).then(resolve, reject);
    };
    request.send(file);
  });
}

export function dryRun(plural: string, file: File, options: ImportOptions, onProgress?: (share: number) => void): Promise<{ report: ImportReport }> {
  return upload(`/imports/${plural}/dry-run${query({ ...options, fileName: file.name })}`, file, onProgress);
}

export function commit(plural: string, file: File, options: ImportOptions, onProgress?: (share: number) => void): Promise<{ report: ImportReport; batch: ImportBatch }> {
  return upload(`/imports/${plural}/commit${query({ ...options, fileName: file.name })}`, file, onProgress);
}

export async function importFields(plural: string): Promise<ImportField[]> {
  return (await answer<{ fields: ImportField[] }>(await fetch(`/imports/${plural}/columns`, { credentials: 'same-origin' }))).fields;
}

export async function listBatches(): Promise<ImportBatch[]> {
  return (await answer<{ batches: ImportBatch[] }>(await fetch('/imports/batches', { credentials: 'same-origin' }))).batches;
}

export async function undoBatch(id: string): Promise<ImportBatch> {
  return (await answer<{ batch: ImportBatch }>(await fetch(`/imports/batches/${id}/undo`, { method: 'POST', credentials: 'same-origin', headers: CSRF_HEADERS }))).batch;
}

export async function listMappings(plural: string): Promise<Array<{ name: string; recordType: string; columns: Record<string, string | null> }>> {
  return (await answer<{ mappings: Array<{ name: string; recordType: string; columns: Record<string, string | null> }> }>(await fetch(`/imports/mappings?type=${plural}`, { credentials: 'same-origin' }))).mappings;
}

export async function saveMapping(name: string, recordType: string, columns: Record<string, string | null>): Promise<void> {
  await answer(
    await fetch(`/imports/mappings/${encodeURIComponent(name)}`, {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', ...CSRF_HEADERS },
      body: JSON.stringify({ recordType, columns }),
    }),
  );
}

/** The download address of a list: its filter and sort as the GraphQL list query takes them. */
export function exportUrl(plural: string, format: 'csv' | 'xlsx', filter?: Record<string, unknown>, sort?: Array<{ field: string; order?: 'ASC' | 'DESC' }>): string {
  const params = new URLSearchParams();
  if (filter && Object.keys(filter).length > 0) params.set('filter', JSON.stringify(filter));
  if (sort && sort.length > 0) params.set('sort', JSON.stringify(sort));
  const text = params.toString();
  return `/exports/${plural}.${format}${text ? `?${text}` : ''}`;
}
