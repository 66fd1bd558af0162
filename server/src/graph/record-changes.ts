/** A committed create, update or delete of a record. */
export interface RecordChange {
  action: 'CREATE' | 'UPDATE' | 'DELETE';
  type: string;
  id: string;
}

/** What keeps copies of records: told of each committed change, it drops them (a promise when that takes a while). */
export type ChangeListener = (change: RecordChange) => void | Promise<unknown>;

const listeners: ChangeListener[] = [];
const dropping = new Set<Promise<unknown>>();

/**
 * Told of every committed change to records, after its transaction, so that what keeps copies of records (the
 * widget cache) can drop them without the write path knowing who listens.
 */
export function onRecordChange(listener: ChangeListener): void {
  listeners.push(listener);
}

export function announceChange(change: RecordChange): void {
  for (const listener of listeners) {
    const dropped = listener(change);
    if (!dropped) continue;
    const tracked: Promise<unknown> = dropped.catch(() => undefined).finally(() => dropping.delete(tracked));
    dropping.add(tracked);
  }
}

/**
 * Resolves once every copy dropped for the changes announced so far is gone (the widget answers of every hub, in
 * Redis): the answer to a change waits for it, so that whoever made the change, or is told of it, reads it
 * everywhere next.
 */
export async function changesSettled(): Promise<void> {
  while (dropping.size > 0) await Promise.all([...dropping]);
}
