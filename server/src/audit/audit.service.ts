import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { AuditAction, AuditEntry } from './audit-entry.entity.js';

/** Who a change is recorded against. */
export interface AuditScope {
  viewer?: Viewer;
  requestId?: string;
}

function entry(scope: AuditScope, action: AuditAction, fields: Partial<AuditEntry>): AuditEntry {
  return Object.assign(new AuditEntry(), {
    actorId: scope.viewer?.userId ?? null,
    actorUsername: scope.viewer?.username ?? null,
    requestId: scope.requestId ?? null,
    action,
    ...fields,
  });
}

/** Adds an entry to the unit of work: it is written by the flush that writes the change, in its transaction. */
export function auditChange(
  em: EntityManager,
  scope: AuditScope,
  action: AuditAction.CREATE | AuditAction.UPDATE | AuditAction.DELETE,
  recordType: string,
  recordId: string,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): void {
  em.persist(entry(scope, action, { recordType, recordId, before: jsonSafe(before), after: jsonSafe(after) }));
}

/** An event of its own (sign-in, sign-out), written at once. */
export async function auditEvent(em: EntityManager, scope: AuditScope, action: AuditAction, details: Record<string, unknown> = {}): Promise<void> {
  await em.insert(AuditEntry, entry(scope, action, { after: jsonSafe(details) }));
}

/**
 * Reads of personal data in one request, written together when the request ends: who read which fields of
 * whose record.
 */
export class PersonalDataReads {
  private readonly reads = new Map<string, { recordType: string; recordId: string; fields: Set<string> }>();

  note(recordType: string, recordId: string, field: string): void {
    const key = `${recordType}:${recordId}`;
    const read = this.reads.get(key) ?? { recordType, recordId, fields: new Set<string>() };
    read.fields.add(field);
    this.reads.set(key, read);
  }

  /** Writes the reads noted (none: nothing, not even a fork of the EntityManager, which `em` makes when called). */
  async write(em: () => EntityManager, scope: AuditScope): Promise<void> {
    if (this.reads.size === 0) return;
    const entries = [...this.reads.values()].map((read) =>
      entry(scope, AuditAction.READ_PERSONAL_DATA, { recordType: read.recordType, recordId: read.recordId, after: { fields: [...read.fields].sort() } }),
    );
    this.reads.clear();
    await em().insertMany(AuditEntry, entries);
  }
}

/** Dates and nested objects as JSON would have them. */
function jsonSafe(value: Record<string, unknown> | null): Record<string, unknown> | null {
  return value === null ? null : (JSON.parse(JSON.stringify(value)) as Record<string, unknown>);
}
