import { EventEmitter } from 'node:events';

/** A committed create, update or delete of a record. */
export interface RecordChange {
  action: 'CREATE' | 'UPDATE' | 'DELETE';
  type: string;
  id: string;
}

/**
 * Told of every committed change to records, after its transaction, so that what keeps copies of records (the
 * widget cache) can drop them without the write path knowing who listens.
 */
export const recordChanges = new EventEmitter<{ change: [RecordChange] }>();

export function announceChange(change: RecordChange): void {
  recordChanges.emit('change', change);
}
