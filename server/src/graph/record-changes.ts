/** A committed create, update or delete of a record. */
export interface RecordChange {
  action: 'CREATE' | 'UPDATE' | 'DELETE';
  type: string;
  id: string;
}

/**
 * What keeps copies of records: told of the changes each transaction committed, together, it drops them (a promise
 * when that takes a while). Together, because an import commits ten thousand changes at once: told of each, the
 * widget cache was cleared ten thousand times in one piece of JavaScript (half a second of the hub's event loop).
 */
export type ChangeListener = (changes: readonly RecordChange[]) => void | Promise<unknown>;

const listeners: ChangeListener[] = [];
const dropping = new Set<Promise<unknown>>();

/**
 * Told of every committed change to records, after its transaction, so that what keeps copies of records (the
 * widget cache) can drop them without the write path knowing who listens.
 */
export function onRecordChange(listener: ChangeListener): void {
  listeners.push(listener);
}

/** Tells the listeners of what one transaction committed. */
export function announceChanges(changes: readonly RecordChange[]): void {
  if (changes.length === 0) return;
  for (const listener of listeners) {
    const dropped = listener(changes);
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
