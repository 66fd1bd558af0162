import { isDeepStrictEqual } from 'node:util';
import { FlushMode, OptimisticLockError, wrap, type Collection, type EntityManager } from '@mikro-orm/postgresql';
import { BadInputError, ConflictError, DomainError, ErrorCode, NotFoundError } from '../errors.js';
import type { RecordApiTypes } from './api-types.js';
import { dependentsOf, describeDependents } from './dependents.js';
import { isRecordId } from './ids.js';
import { applyInput, genericProblems } from './input.js';
import { displayName, Language } from './names.js';
import { NodeEntity, type RecordEntity } from './record.entity.js';
import { recordTypes, type RecordType } from './record-types.js';
import type { FieldProblem } from '../errors.js';
import { AuditAction } from '../audit/audit-entry.entity.js';
import { auditChange, type AuditScope } from '../audit/audit.service.js';
import { announceChanges, type RecordChange } from './record-changes.js';

type Input = Record<string, unknown>;

function label(type: RecordType, record: RecordEntity): string {
  return record instanceof NodeEntity ? `${type.name} ${displayName(record.names, Language.en)}` : `${type.name} ${record.id}`;
}

/** The record with its links and parts loaded, as plain data: what an audit entry keeps as "before". */
async function fullSnapshot(api: Pick<RecordApiTypes, 'fields'>, record: RecordEntity): Promise<Record<string, unknown>> {
  const writable = record as unknown as Record<string, Collection<object>>;
  for (const field of api.fields) if (field.kind === 'links' || field.kind === 'owned') await writable[field.name].init();
  return snapshot(record);
}

/** The record as plain data, for a CONFLICT error to carry and for the audit trail. */
export function snapshot(record: RecordEntity): Record<string, unknown> {
  return wrap(record).toObject() as Record<string, unknown>;
}

async function uniqueProblems(em: EntityManager, type: RecordType, api: Pick<RecordApiTypes, 'fields'>, record: RecordEntity): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  for (const field of api.fields) {
    if (field.kind !== 'scalar' || !field.prop.unique) continue;
    const value = (record as unknown as Record<string, unknown>)[field.name];
    if (value == null) continue;
    const clash = await em.count(type.entity, { [field.name]: value, id: { $ne: record.id } } as never);
    if (clash > 0) problems.push({ field: field.name, message: `another ${type.name} already has ${field.name} ${String(value)}` });
  }
  return problems;
}

/** Applies the input, derives and checks, and returns every problem; nothing is written (imports' dry runs use it too). */
export async function recordProblems(em: EntityManager, type: RecordType, api: Pick<RecordApiTypes, 'fields'>, record: RecordEntity, input: Input): Promise<FieldProblem[]> {
  const writable = record as unknown as Record<string, unknown>;
  const problems = await applyInput(em, api.fields, writable, input);
  await type.rules.derive?.(record as never, em);
  problems.push(...(await genericProblems(writable)));
  // A type's own checks may read what the references point at: only once those are known to exist.
  if (problems.length === 0) problems.push(...(await type.rules.check?.(record as never, em) ?? []));
  if (problems.length === 0) problems.push(...(await uniqueProblems(em, type, api, record)));
  return problems;
}

/** Applies the input, derives and checks; throws BAD_USER_INPUT with every problem before anything is written. */
async function prepare(em: EntityManager, type: RecordType, api: Pick<RecordApiTypes, 'fields'>, record: RecordEntity, input: Input): Promise<void> {
  const problems = await recordProblems(em, type, api, record, input);
  if (problems.length > 0) throw new BadInputError(problems);
}

interface KnexTransaction {
  executionPromise?: Promise<unknown>;
  parentTransaction?: KnexTransaction;
}

/** The changes made in a caller's transaction (an import's), told of together once it commits. */
const changesOf = new WeakMap<KnexTransaction, RecordChange[]>();

/** Tells of a change once it is committed: now, or when the outermost transaction of a caller (an import) commits. */
function announceAfterCommit(em: EntityManager, change: RecordChange): void {
  let transaction = em.getTransactionContext<KnexTransaction>();
  while (transaction?.parentTransaction) transaction = transaction.parentTransaction;
  if (!transaction?.executionPromise) return announceChanges([change]);
  const changes = changesOf.get(transaction);
  if (changes) {
    changes.push(change);
    return;
  }
  const committed = [change];
  changesOf.set(transaction, committed);
  transaction.executionPromise.then(() => announceChanges(committed), () => undefined);
}

/**
 * Checks read the database while the record is half changed: without this, a query of the same type would
 * flush the change first (MikroORM's auto flush), before the checks have passed.
 */
// A new object for each call: MikroORM writes the transaction it opens into the options it is given, and a
// shared object would carry that finished transaction into the next call (a create nested in an import's).
const writeOnce = () => ({ flushMode: FlushMode.COMMIT });

export async function createRecord<T extends RecordEntity>(em: EntityManager, type: RecordType, api: Pick<RecordApiTypes, 'fields'>, input: Input, scope: AuditScope = {}): Promise<T> {
  const created = await em.transactional(async (tx) => {
    const record = new type.entity() as T;
    await prepare(tx, type, api, record, input);
    tx.persist(record);
    await tx.flush();
    auditChange(tx, scope, AuditAction.CREATE, type.name, record.id, null, snapshot(record));
    await tx.flush();
    return record;
  }, writeOnce());
  announceAfterCommit(em, { action: 'CREATE', type: type.name, id: created.id });
  return created;
}

async function loadForChange(em: EntityManager, type: RecordType, id: string, expectedVersion: number): Promise<RecordEntity> {
  const record = isRecordId(id) ? await em.findOne(type.entity, { id } as never, { refresh: true }) : null;
  if (!record) throw new NotFoundError(type.name, id);
  if (record.version !== expectedVersion) {
    throw new ConflictError(
      `${label(type, record)} was changed by someone else: it is at version ${record.version}, not ${expectedVersion}`,
      snapshot(record),
    );
  }
  return record;
}

export async function updateRecord<T extends RecordEntity>(
  em: EntityManager,
  type: RecordType,
  api: Pick<RecordApiTypes, 'fields'>,
  id: string,
  patch: Input,
  expectedVersion: number,
  scope: AuditScope = {},
): Promise<T> {
  try {
    const { record: updated, changed } = await em.transactional(async (tx) => {
      const record = await loadForChange(tx, type, id, expectedVersion);
      const before = await fullSnapshot(api, record);
      await prepare(tx, type, api, record, patch);
      // A save that changes nothing (a form saved as it was opened) writes nothing: no version, no audit entry.
      if (isDeepStrictEqual(snapshot(record), before)) return { record: record as T, changed: false };
      // Links and parts live in other tables: a change to them alone must still move the version, so that
      // the optimistic lock guards them too.
      const writable = record as unknown as Record<string, Collection<object>>;
      if (api.fields.some((field) => (field.kind === 'links' || field.kind === 'owned') && writable[field.name].isDirty())) record.updatedAt = new Date();
      await tx.flush();
      auditChange(tx, scope, AuditAction.UPDATE, type.name, record.id, before, snapshot(record));
      await tx.flush();
      return { record: record as T, changed: true };
    }, writeOnce());
    if (changed) announceAfterCommit(em, { action: 'UPDATE', type: type.name, id: updated.id });
    return updated;
  } catch (error) {
    if (!(error instanceof OptimisticLockError)) throw error;
    const current = await em.fork().findOne(type.entity, { id } as never);
    if (!current) throw new NotFoundError(type.name, id);
    throw new ConflictError(`${label(type, current)} was changed by someone else while saving: it is now at version ${current.version}`, snapshot(current));
  }
}

export interface DeleteOutcome {
  id: string;
  deleted: number;
  detached: number;
}

/** Deletes a record and, with cascade, what depends on it: references cleared, links removed, dependants deleted. */
async function deleteWithDependents(
  em: EntityManager,
  type: RecordType,
  id: string,
  cascade: boolean,
  outcome: DeleteOutcome,
  seen: Set<string>,
  scope: AuditScope,
): Promise<void> {
  if (seen.has(id)) return;
  seen.add(id);
  const dependents = await dependentsOf(em, type.entity, id);
  if (dependents.length > 0 && !cascade) {
    const record = await em.findOne(type.entity, { id } as never);
    throw new DomainError(
      ErrorCode.CONFLICT,
      `Cannot delete ${record ? label(type, record) : `${type.name} ${id}`}: ${describeDependents(dependents)} depend on it. Change or delete those first, or delete with cascade: true.`,
      { dependents: dependents.map(({ type: dependentType, field, count, action }) => ({ type: dependentType, field, count, action })) },
    );
  }
  for (const dependent of dependents) {
    if (dependent.action === 'detach') {
      // Every record changed this way gets its own audit entry: the reference it had, and that it is gone.
      const rows: Array<{ id: string }> = await em.execute(
        `update "${dependent.table}" set "${dependent.column}" = null, version = version + 1, updated_at = now() where "${dependent.column}" = ? returning id`,
        [id],
      );
      for (const row of rows) auditChange(em, scope, AuditAction.UPDATE, dependent.type, row.id, { [dependent.field]: id }, { [dependent.field]: null });
      outcome.detached += dependent.count;
    } else if (dependent.action === 'unlink') {
      await em.execute(`delete from "${dependent.table}" where "${dependent.column}" = ?`, [id]);
      outcome.detached += dependent.count;
    } else {
      const dependentType = recordTypes().find((candidate) => candidate.name === dependent.type);
      const rows: Array<{ id: string }> = await em.execute(`select id from "${dependent.table}" where "${dependent.column}" = ?`, [id]);
      for (const row of rows) {
        if (!dependentType) continue;
        const dependentRecord = await em.findOne(dependentType.entity, { id: row.id } as never);
        const before = dependentRecord ? snapshot(dependentRecord) : null;
        await deleteWithDependents(em, dependentType, row.id, cascade, outcome, seen, scope);
        auditChange(em, scope, AuditAction.DELETE, dependentType.name, row.id, before, { deletedWith: { type: type.name, id } });
      }
    }
  }
  await em.nativeDelete(type.entity, { id } as never);
  outcome.deleted += 1;
}

export async function deleteRecord(
  em: EntityManager,
  type: RecordType,
  api: Pick<RecordApiTypes, 'fields'>,
  id: string,
  expectedVersion: number,
  cascade: boolean,
  scope: AuditScope = {},
): Promise<DeleteOutcome> {
  const outcome = await em.transactional(async (tx) => {
    const record = await loadForChange(tx, type, id, expectedVersion);
    const before = await fullSnapshot(api, record);
    const outcome: DeleteOutcome = { id, deleted: 0, detached: 0 };
    await deleteWithDependents(tx, type, record.id, cascade, outcome, new Set(), scope);
    auditChange(tx, scope, AuditAction.DELETE, type.name, record.id, before, cascade ? { cascade: { deleted: outcome.deleted, detached: outcome.detached } } : null);
    await tx.flush();
    return outcome;
  });
  announceAfterCommit(em, { action: 'DELETE', type: type.name, id });
  return outcome;
}
