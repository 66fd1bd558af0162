import type { EntityManager } from '@mikro-orm/postgresql';
import { namedSql, sqlArray } from './sql.js';
import { Visibility } from './visibility.js';

/*
 * What a request may read, written once for the ORM and for SQL alike. The rule: a record is readable when its
 * visibility is one its viewer reads (auth/role.ts visibilitiesFor); a record or tie that joins two nodes (a
 * Relationship record, a row of the `edge` view) only when both of its ends are readable too, and a tie that is a
 * Relationship record only when that record is. The ORM's filters (record.entity.ts, relationship.entity.ts) and
 * every read written in SQL (record-sql.ts, read-records.ts, the loaders, traversal/, stats/) take their
 * conditions from here; test/api/visibility-everywhere.test.ts asks every query of the schema as a VIEWER and fails
 * when one answers a RESTRICTED record.
 *
 * The SQL forms name the viewer's visibilities `:visibilities` (see namedSql), a text[] literal that
 * visibilitiesParam gives: the enum column is compared with it cast to the enum, so an index on (visibility, …)
 * still serves.
 */

/** The ORM filter of readable records, on every record; its parameters are VisibleFilterParams. */
export const VISIBLE_FILTER = 'visible';
/** The ORM filter of records that join two nodes (relationships): both ends must be readable too. */
export const VISIBLE_ENDS_FILTER = 'visibleEnds';

/** The parameters of both filters. Without them (the CLI, demo data, migrations) nothing is hidden. */
export interface VisibleFilterParams {
  visibilities?: readonly string[];
}

/** From now on, the ORM reads through `em` only what a viewer of these visibilities may read. */
export function readOnlyVisible(em: EntityManager, visibilities: readonly string[]): void {
  const params: VisibleFilterParams = { visibilities };
  em.setFilterParams(VISIBLE_FILTER, params);
  em.setFilterParams(VISIBLE_ENDS_FILTER, params);
}

/** The visibilities the ORM reads through `em` (undefined: every one). */
export function visibilitiesOf(em: EntityManager): readonly string[] | undefined {
  return em.getFilterParams<VisibleFilterParams>(VISIBLE_FILTER)?.visibilities;
}

/** The `visible` filter's condition on a record. */
export function visibleCondition(params: VisibleFilterParams | undefined): object {
  return params?.visibilities ? { visibility: { $in: [...params.visibilities] } } : {};
}

/** The `visibleEnds` filter's condition on a record that joins two nodes by these properties. */
export function visibleEndsCondition(params: VisibleFilterParams | undefined, ends: readonly string[]): object {
  return params?.visibilities ? Object.fromEntries(ends.map((end) => [end, visibleCondition(params)])) : {};
}

/** A viewer of these visibilities reads a record of this one (undefined: a reader of every visibility). */
export function readsVisibility(visibilities: readonly string[] | undefined, visibility: string): boolean {
  return !visibilities || visibilities.includes(visibility);
}

/** Nothing is hidden from a viewer of these visibilities. */
export function readsEverything(visibilities: readonly string[] | undefined): boolean {
  return Object.values(Visibility).every((visibility) => readsVisibility(visibilities, visibility));
}

/**
 * The `:visibilities` parameter of a viewer who does not read every visibility; null when it reads every one,
 * so that its statements need no visibility test at all.
 */
export function visibilitiesParam(visibilities: readonly string[] | undefined): string | null {
  return !visibilities || readsEverything(visibilities) ? null : sqlArray(visibilities);
}

/** The `:visibilities` parameter for statements that always test visibility (every one when undefined). */
export function readableParam(visibilities: readonly string[] | undefined): string {
  return sqlArray(visibilities ?? Object.values(Visibility));
}

/** SQL: the row under `alias` (a record, or the `node` table) is of a visibility the viewer reads. */
export function visibleRowSql(alias: string): string {
  return `${alias}.visibility = any(:visibilities::visibility[])`;
}

/** SQL with a `?` placeholder and its value: the row under `alias` is of a visibility the viewer reads. */
export function readableRowSql(alias: string, visibilities: readonly string[] | undefined): { sql: string; params: unknown[] } {
  return namedSql(visibleRowSql(alias), { visibilities: readableParam(visibilities) });
}

/** SQL: the node whose id `id` (an SQL expression) gives is one the viewer reads; 'true' unless `hidden`. */
export function visibleNodeSql(id: string, hidden: boolean): string {
  return hidden ? `exists (select 1 from node v where v.id = ${id} and ${visibleRowSql('v')})` : 'true';
}

/**
 * SQL (`and …`): a row of the `edge` view under `alias` that the viewer may see, as far as the tie itself goes:
 * a typed field, or a Relationship record of a visibility it reads. Its ends are tested apart (visibleNodeSql),
 * as a walk tests each node it reaches once.
 */
export function visibleTieSql(alias: string, hidden: boolean): string {
  return hidden ? `and (${alias}.relationship_id is null or exists (select 1 from relationship v where v.id = ${alias}.relationship_id and ${visibleRowSql('v')}))` : '';
}

/**
 * The conditions (with `?` placeholders) on records under `alias` that the viewer reads: of one of its
 * visibilities, and the nodes their `ends` columns name readable too. None when it reads every visibility. One
 * visibility is an equality: PostgreSQL then reads an index on (visibility, …) in its order, which it cannot for
 * `= any(…)` (a widget's page of the next fifteen public events, record-sql.ts oneOfSql).
 */
export function visibleRecordSql(alias: string, visibilities: readonly string[] | undefined, ends: readonly string[] = []): Array<{ sql: string; params: unknown[] }> {
  const param = visibilitiesParam(visibilities);
  if (param === null || !visibilities) return [];
  const own = visibilities.length === 1 ? { sql: `${alias}.visibility = ?`, params: [visibilities[0]] } : namedSql(visibleRowSql(alias), { visibilities: param });
  return [own, ...ends.map((column) => namedSql(visibleNodeSql(`${alias}."${column}"`, true), { visibilities: param }))];
}
