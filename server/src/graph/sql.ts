import { isRecordId } from './ids.js';

/**
 * Named parameters for raw SQL: `:name` becomes the `?` placeholder the ORM binds, in order of appearance, so a
 * value may be used several times. A `::type` cast is left alone.
 */
export function namedSql(sql: string, values: Record<string, unknown>): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const text = sql.replace(/(?<!:):([A-Za-z]\w*)/g, (token, name: string) => {
    if (!(name in values)) throw new Error(`SQL parameter :${name} has no value`);
    params.push(values[name]);
    return '?';
  });
  return { sql: text, params };
}

/** A PostgreSQL array literal of plain words (ids, enum values), for a `::text[]` or `::uuid[]` parameter. */
export function sqlArray(values: readonly string[]): string {
  return `{${values.join(',')}}`;
}

/** A PostgreSQL array literal of record ids; anything that is not one is left out (it names no record). */
export function uuidArray(ids: readonly string[]): string {
  return sqlArray(ids.filter(isRecordId));
}

/** A PostgreSQL text[] literal of any strings, quoted. */
export function textArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
