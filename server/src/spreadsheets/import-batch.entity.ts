import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** What one committed row did, enough to undo it: the record, its version after the import, and what it replaced. */
export interface ImportedRecord {
  /** The spreadsheet row (1 is the header). */
  row: number;
  action: 'CREATE' | 'UPDATE';
  recordType: string;
  recordId: string;
  /** The record's version right after the import: a later edit moves it, and then the undo is refused. */
  version: number;
  /** For an update: the changed fields as they stood before, in input form (restored by an undo). */
  before?: Record<string, unknown>;
  /** For an update imported with `overwrite` from an older export: the file's version and the newer one it replaced. */
  overwrote?: { fileVersion: number; replacedVersion: number };
}

/** One committed import of a spreadsheet: what it created and changed, so it can be undone as a whole. */
@Entity()
@Index({ properties: ['createdAt'] })
export class ImportBatch {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  recordType!: string;

  @Property({ type: 'text', nullable: true })
  fileName?: string | null;

  @Property({ type: 'uuid', nullable: true })
  actorId?: string | null;

  @Property({ type: 'text', nullable: true })
  actorUsername?: string | null;

  /** The request that committed it: the audit entries of its rows carry the same id. */
  @Property({ type: 'text', nullable: true })
  requestId?: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'integer' })
  created: number = 0;

  @Property({ type: 'integer' })
  updated: number = 0;

  @Property({ type: 'jsonb' })
  records: ImportedRecord[] = [];

  @Property({ type: 'timestamptz', nullable: true })
  undoneAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  undoneBy?: string | null;
}

/** A named, reusable mapping of a ledger's column headers to a record type's fields. */
@Entity()
export class ImportMapping {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text', unique: true })
  name!: string;

  @Property({ type: 'text' })
  recordType!: string;

  /** Header → field key (e.g. "来访国家" → "originCountry"), or null to ignore the column. */
  @Property({ type: 'jsonb' })
  columns: Record<string, string | null> = {};

  @Property({ type: 'text', nullable: true })
  actorUsername?: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
