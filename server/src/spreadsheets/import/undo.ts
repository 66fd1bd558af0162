import { FlushMode, type EntityManager } from '@mikro-orm/postgresql';
import { DomainError, ErrorCode, NotFoundError } from '../../errors.js';
import type { RecordApiTypes } from '../../graph/api-types.js';
import { isRecordId } from '../../graph/ids.js';
import { uuidArray } from '../../graph/sql.js';
import { deleteRecord, updateRecord } from '../../graph/records.service.js';
import { recordTypeByName, type RecordType } from '../../nodes/registry.js';
import { ImportBatch, type ImportedRecord } from '../import-batch.entity.js';
import { currentVersions } from './record-versions.js';
import { forkFor, type ImportScope } from './scope.js';

async function labels(em: EntityManager, ids: string[]): Promise<Map<string, string>> {
  const rows: Array<{ id: string; name_zh: string | null; name_en: string | null }> = ids.length
    ? await em.execute(`select id, name_zh, name_en from node where id = any(?::uuid[])`, [uuidArray(ids)])
    : [];
  return new Map(rows.map((row) => [row.id, [row.name_zh, row.name_en].filter(Boolean).join(' / ')]));
}

/**
 * A batch's records as stored, read apart from the batch: loaded with it into the unit of work, they were copied
 * whole for its change tracking, in one piece of JavaScript (100 ms for a batch of ten thousand rows).
 */
async function importedRecords(em: EntityManager, batchId: string): Promise<ImportedRecord[]> {
  const [row] = await em.execute<Array<{ records: ImportedRecord[] }>>('select records from import_batch where id = ?', [batchId]);
  return row?.records ?? [];
}

/**
 * Undoes a committed batch: deletes what it created and restores what it changed, in one transaction. Refused,
 * naming the records, when any was edited (or deleted) after the import.
 */
export async function undoImport(scope: ImportScope, apiFor: (type: RecordType) => Pick<RecordApiTypes, 'fields'>, batchId: string): Promise<ImportBatch> {
  const em = forkFor(scope);
  const batch = isRecordId(batchId) ? await em.findOne(ImportBatch, { id: batchId }, { exclude: ['records'] as never }) : null;
  if (!batch) throw new NotFoundError('import batch', batchId);
  if (batch.undoneAt) throw new DomainError(ErrorCode.CONFLICT, `This import was already undone (${batch.undoneAt.toISOString()} by ${batch.undoneBy ?? 'someone'})`, { id: batch.id });
  const type = recordTypeByName(batch.recordType);
  if (!type) throw new NotFoundError('record type', batch.recordType);
  const api = apiFor(type);
  const records = await importedRecords(em, batch.id);
  const versions = await currentVersions(em, type, records.map((record) => record.recordId));
  const touched = records.filter((record) => versions.get(record.recordId) !== record.version);
  if (touched.length > 0) {
    const names = await labels(em, touched.map((record) => record.recordId));
    const described = touched.map((record) => {
      const now = versions.get(record.recordId);
      return `${type.name} ${names.get(record.recordId) || record.recordId} (${record.recordId}, row ${record.row}): ${now === undefined ? 'deleted since' : `edited since (version ${now}, the import left ${record.version})`}`;
    });
    throw new DomainError(
      ErrorCode.CONFLICT,
      `This import cannot be undone: ${touched.length} of its records were changed after it: ${described.slice(0, 20).join('; ')}${touched.length > 20 ? `; and ${touched.length - 20} more` : ''}. Undo or redo those changes by hand first.`,
      { records: touched.map((record) => ({ id: record.recordId, row: record.row, version: versions.get(record.recordId) ?? null, importedVersion: record.version })) },
    );
  }
  const audit = { viewer: scope.viewer, requestId: scope.requestId };
  await em.transactional(async (tx) => {
    for (const record of [...records].reverse()) {
      const rowEm = tx.fork({ clear: true, keepTransactionContext: true, disableTransactions: true, flushMode: FlushMode.COMMIT });
      try {
        if (record.action === 'UPDATE') await updateRecord(rowEm, type, api, record.recordId, { ...record.before }, record.version, audit);
        else await deleteRecord(rowEm, type, api, record.recordId, record.version, false, audit);
      } catch (error) {
        if (error instanceof DomainError && error.code !== ErrorCode.INTERNAL) {
          throw new DomainError(ErrorCode.CONFLICT, `This import cannot be undone: row ${record.row}: ${error.message}`, { ...error.details, row: record.row });
        }
        throw error;
      }
    }
    await tx.nativeUpdate(ImportBatch, { id: batch.id }, { undoneAt: new Date(), undoneBy: scope.viewer?.username ?? null });
  });
  batch.undoneAt = new Date();
  batch.undoneBy = scope.viewer?.username ?? null;
  return batch;
}
