import { FlushMode, type EntityManager } from '@mikro-orm/postgresql';
import { DomainError, NotFoundError } from '../../errors.js';
import type { RecordApiTypes } from '../../graph/api-types.js';
import { createRecord, updateRecord } from '../../graph/records.service.js';
import type { RecordType } from '../../nodes/registry.js';
import { ImportBatch, type ImportedRecord } from '../import-batch.entity.js';
import type { Sheet } from '../spreadsheet.read.js';
import { changedFields, fieldsBefore } from './changes.js';
import { analyseImport } from './dry-run.js';
import type { ImportOptions } from './options.js';
import { currentVersions } from './record-versions.js';
import { ImportRefusedError, reportPlan, type ImportReport } from './report.js';
import { forkFor, type ImportScope } from './scope.js';

/** How many of a batch's records one statement writes. */
const RECORDS_A_STATEMENT = 1000;

/**
 * Writes a batch outside the unit of work, its records a thousand a statement. Through the unit of work, its change
 * tracking copied and compared every record in one piece of JavaScript; in one statement, ten thousand records
 * made one megabyte of SQL text to build and send: each held the hub's event loop for 150–300 ms (bench:import).
 */
async function insertBatch(tx: EntityManager, batch: ImportBatch): Promise<void> {
  const { records } = batch;
  await tx.insert(ImportBatch, { ...batch, records: records.slice(0, RECORDS_A_STATEMENT) });
  for (let start = RECORDS_A_STATEMENT; start < records.length; start += RECORDS_A_STATEMENT) {
    await tx.execute('update import_batch set records = records || ?::jsonb where id = ?', [JSON.stringify(records.slice(start, start + RECORDS_A_STATEMENT)), batch.id]);
  }
}

/** Dry run, then every row in one transaction with its audit entries, recorded as a batch that can be undone. */
export async function commitImport(scope: ImportScope, type: RecordType, api: Pick<RecordApiTypes, 'fields'>, sheet: Sheet, options: ImportOptions = {}): Promise<{ batch: ImportBatch; report: ImportReport }> {
  // Each row is checked by its create or update below, with the same rules: a problem there stops the whole import.
  const { report, rows } = await analyseImport(scope, type, api, sheet, { ...options, checkRows: false });
  if (!report.ok) throw new ImportRefusedError(report);
  const audit = { viewer: scope.viewer, requestId: scope.requestId };
  const batch = await forkFor(scope).transactional(async (tx) => {
    const records: ImportedRecord[] = [];
    for (const item of rows) {
      // Each row in the one transaction itself, not a savepoint of its own: one fails, all are rolled back anyway.
      const rowEm = tx.fork({ clear: true, keepTransactionContext: true, disableTransactions: true, flushMode: FlushMode.COMMIT });
      try {
        if (item.action === 'CREATE') {
          const record = await createRecord(rowEm, type, api, { ...item.input }, audit);
          records.push({ row: item.row, action: 'CREATE', recordType: type.name, recordId: record.id, version: 0 });
        } else {
          const current = await rowEm.findOne(type.entity, { id: item.recordId } as never, { refresh: true });
          if (!current) throw new NotFoundError(type.name, item.recordId as string);
          const before = await fieldsBefore(current, item.input, api);
          item.changes = changedFields(before, item.input);
          await updateRecord(rowEm, type, api, item.recordId as string, { ...item.input }, item.version ?? current.version, audit);
          // A row written over edits made after its export says so in the batch, beside the audit entry of its update.
          const overwrote = item.fileVersion !== null && item.version !== null && item.fileVersion !== item.version ? { fileVersion: item.fileVersion, replacedVersion: item.version } : undefined;
          records.push({ row: item.row, action: 'UPDATE', recordType: type.name, recordId: item.recordId as string, version: 0, before, ...(overwrote ? { overwrote } : {}) });
        }
      } catch (error) {
        if (error instanceof DomainError) throw new DomainError(error.code, `Nothing was imported: row ${item.row}: ${error.message}`, { ...error.details, row: item.row });
        throw error;
      }
    }
    const versions = await currentVersions(tx, type, records.map((record) => record.recordId));
    for (const record of records) record.version = versions.get(record.recordId) ?? 0;
    const made = Object.assign(new ImportBatch(), {
      recordType: type.name,
      fileName: options.fileName ?? null,
      actorId: scope.viewer?.userId ?? null,
      actorUsername: scope.viewer?.username ?? null,
      requestId: scope.requestId ?? null,
      created: records.filter((record) => record.action === 'CREATE').length,
      updated: records.filter((record) => record.action === 'UPDATE').length,
      records,
    });
    await insertBatch(tx, made);
    return made;
  });
  // The report as written: each update with the fields it changed, so that one changing nothing counts as unchanged.
  return { batch, report: { ...report, ...reportPlan(rows) } };
}
