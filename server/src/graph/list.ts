import type { EntityManager, EntityMetadata } from '@mikro-orm/postgresql';
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { BadInputError } from '../errors.js';
import type { RecordApiTypes } from './api-types.js';
import { projectedColumns, type SelectedFields } from './projection.js';
import { nodeReferences, nodesOfSql, nodesRead, readRows, TOTAL, type NodesRead } from './read-records.js';
import { NAME_ORDER } from './name-order.js';
import { columnOf, listFilterSql, recordReadSql, visibleRowsSql, whereSql } from './record-sql.js';
import type { RecordType } from './record-types.js';

export const MAX_PER_PAGE = 500;

export interface ListArgs {
  filter?: Record<string, unknown> | null;
  sort?: Array<{ field: string; order?: 'ASC' | 'DESC' }> | null;
  page: number;
  perPage: number;
  /** A further condition on the root alias `e`, e.g. a type's history as of a date (graph/history.ts). */
  where?: { sql: string; params: unknown[] } | null;
  /** Count the total too (the default); a page whose `total` nobody asked for skips that statement. */
  count?: boolean;
  /** References (property names) whose nodes the items should come with: the query asks for them next. */
  withNodes?: ReadonlySet<string>;
  /** The visibilities the caller reads, for the nodes read with the items (RequestContext.visibilities). */
  visibilities?: readonly string[];
  /** The fields the operation asks of each type, when known: only the columns they need are read (projection.ts). */
  selection?: SelectedFields;
}

type Selection = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>;

/** The fields selected in a set, fragments included. */
function fieldsOf(info: Selection, set: SelectionSetNode | undefined): FieldNode[] {
  return (set?.selections ?? []).flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection];
    if (selection.kind === Kind.INLINE_FRAGMENT) return fieldsOf(info, selection.selectionSet);
    return fieldsOf(info, info.fragments[selection.name.value]?.selectionSet);
  });
}

/** Whether a field's selection (fragments included) asks for a sub-field, e.g. a page's `total`. */
export function asksFor(info: Selection, name: string): boolean {
  return info.fieldNodes.some((node) => fieldsOf(info, node.selectionSet).some((field) => field.name.value === name));
}

/** The names of the fields asked for directly under this field, e.g. what a record query selects of its record. */
export function askedHere(info: Selection): Set<string> {
  return new Set(info.fieldNodes.flatMap((node) => fieldsOf(info, node.selectionSet)).map((field) => field.name.value));
}

/** The names of the fields asked for under a sub-field, e.g. what a page's `items` select. */
export function askedUnder(info: Selection, name: string): Set<string> {
  const under = info.fieldNodes.flatMap((node) => fieldsOf(info, node.selectionSet)).filter((field) => field.name.value === name);
  return new Set(under.flatMap((field) => fieldsOf(info, field.selectionSet)).map((field) => field.name.value));
}

/**
 * The ORDER BY terms of a list sorted as asked: empty values last in either direction, and the id last of all, so
 * that pages never overlap. Ascending by the Chinese or the English name, the way every admin list opens, the order
 * is an index's (NameOrderIndexes): 0.2 ms for a page of 750,000 people instead of 180 ms to sort them all.
 */
export function orderBySql(meta: EntityMetadata, sort: ListArgs['sort']): string[] {
  const order: string[] = [];
  for (const { field, order: direction } of sort ?? []) {
    const nullsLast = direction === 'DESC' ? 'desc nulls last' : 'asc nulls last';
    order.push(`${NAME_ORDER[field] ?? `e."${columnOf(meta, field)}"`} ${nullsLast}`);
  }
  order.push('e.id asc');
  return order;
}

/**
 * One page of a record type with its total, in one SQL statement whatever the filter: the count and the page
 * are two parts of it (`… from (count) left join lateral (page) on true`), so that the page reads only its rows
 * (by an index where one fits the order) and the count only what it counts (an index-only scan where it can), and
 * a page past the end still carries the total. The items are records read to answer with (read-records.ts), not
 * managed entities.
 */
export async function listRecords<T extends object>(
  em: EntityManager,
  type: RecordType,
  api: Pick<RecordApiTypes, 'fields'>,
  args: ListArgs,
): Promise<{ items: T[]; total: number | null; nodes: NodesRead }> {
  if (!Number.isInteger(args.page) || args.page < 1) throw BadInputError.field('page', 'must be 1 or more');
  if (!Number.isInteger(args.perPage) || args.perPage < 1 || args.perPage > MAX_PER_PAGE) {
    throw BadInputError.field('perPage', `must be from 1 to ${MAX_PER_PAGE}`);
  }
  const meta = em.getMetadata().get(type.entity.name);
  const named = nodeReferences(meta, '').filter((reference) => args.withNodes?.has(reference.name));
  // The viewer's visibilities apply here as to every read.
  const conditions = [...visibleRowsSql(em, meta), ...listFilterSql(type, meta, api, args.filter ?? {}), ...(args.where ? [args.where] : [])];
  const extra = named.length > 0 ? [nodesOfSql(em, named, args.visibilities, args.selection)] : [];
  const order = orderBySql(meta, args.sort);
  const page = recordReadSql({
    meta,
    columns: projectedColumns(meta, args.selection, named.map((reference) => reference.name)),
    extra: extra.map((part) => ({ sql: `${part.sql} as __nodes`, params: part.params })),
    conditions,
    order,
    limit: args.perPage,
    offset: (args.page - 1) * args.perPage,
  });
  if (args.count === false) {
    const items = await readRows(em, page, meta);
    return { items: items as T[], total: null, nodes: nodesRead(items, named) };
  }
  const where = whereSql(conditions);
  const statement = {
    sql: `select t.__total, p.* from (select count(*) as __total from "${meta.tableName}" as e${where.sql}) t left join lateral (${page.sql}) p on true`,
    params: [...where.params, ...page.params],
  };
  const rows = await readRows(em, statement, meta);
  const total = Number((rows[0] as Record<symbol, unknown>)[TOTAL]);
  // Past the last page, the one row is the count's alone.
  const items = rows.filter((row) => row.id != null);
  return { items: items as T[], total, nodes: nodesRead(items, named) };
}
