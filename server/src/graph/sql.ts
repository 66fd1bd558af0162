import { isRecordId } from './ids.js';
import { Visibility } from './visibility.js';

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

/**
 * The visibilities a caller reads, when some are hidden from it (as a SQL array parameter); null when it reads
 * every one, so that its queries need no visibility test at all.
 */
export function hiddenVisibilities(visibilities: readonly string[] | undefined): string | null {
  if (!visibilities) return null;
  return Object.values(Visibility).every((visibility) => visibilities.includes(visibility)) ? null : sqlArray(visibilities);
}

/** A node (by its id expression) of a visibility the caller reads; `:visibilities` is the parameter. */
export function visibleNodeSql(id: string, hidden: boolean): string {
  return hidden ? `exists (select 1 from node v where v.id = ${id} and v.visibility::text = any(:visibilities::text[]))` : 'true';
}

/** A row of the `edge` view the caller may see: a typed field, or a Relationship record of a visibility it reads. */
export function visibleTieSql(alias: string, hidden: boolean): string {
  return hidden
    ? `and (${alias}.relationship_id is null or exists (select 1 from relationship v where v.id = ${alias}.relationship_id and v.visibility::text = any(:visibilities::text[])))`
    : '';
}
