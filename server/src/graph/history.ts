/** A condition on a list's root alias `e`, in SQL with `?` placeholders, and its parameters. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/**
 * How a type's records stood on an earlier date: a type whose rules define it gets an `asOf` argument on its
 * one and list queries.
 */
export interface HistoryRules<T> {
  /** What `asOf` means for this type: the argument's description. */
  description: string;
  /**
   * The records that existed on the date, as a condition for the list; filter fields whose values change over
   * time are answered as of the date too, and named in `handled` so that the list does not apply them again.
   */
  existedOn(date: string, filter: Record<string, unknown>): SqlCondition & { handled: readonly string[] };
  /** The record as it stood on the date (a view; the record itself is left alone), or null when it did not exist yet. */
  asOf(record: T, date: string): T | null;
}

/**
 * A record as it stood on a date: reads `changes` first and the record for everything else, so relations and
 * type resolution work as for the record itself, while the record (shared through the request's identity map)
 * keeps its current values.
 */
export function historicalView<T extends object>(record: T, changes: Partial<T>): T {
  return new Proxy(record, {
    get: (target, property) => (Object.hasOwn(changes, property) ? changes[property as keyof T] : Reflect.get(target, property, target)),
  });
}
