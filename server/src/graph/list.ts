import { raw, type EntityManager, type QueryBuilder } from '@mikro-orm/postgresql';
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { BadInputError } from '../errors.js';
import type { RecordApiTypes } from './api-types.js';
import { isRecordId } from './ids.js';
import { projectedColumns, type SelectedFields } from './projection.js';
import { nodeReferences, nodesOfSql, nodesRead, readRows, selectColumns, TOTAL, type NodesRead } from './read-records.js';
import { NodeEntity } from './record.entity.js';
import type { RecordType } from './registry.js';

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

/** The names of the fields asked for under a sub-field, e.g. what a page's `items` select. */
export function askedUnder(info: Selection, name: string): Set<string> {
  const under = info.fieldNodes.flatMap((node) => fieldsOf(info, node.selectionSet)).filter((field) => field.name.value === name);
  return new Set(under.flatMap((field) => fieldsOf(info, field.selectionSet)).map((field) => field.name.value));
}

/** `q` folded as the database folds names (lower case, no accents) and escaped for LIKE. */
export function likePattern(q: string): string {
  return `%${q.trim().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Ids of nodes whose names or aliases contain `q`; `column` is the SQL expression compared. */
export function nameSearchSql(column: string): string {
  return `${column} in (select n.id from node n where n.search_text like amity_fold(?) escape '\\')`;
}

/** A list of ids as a filter: what is not a record id names no record (and must not reach SQL as a uuid). */
function idList(value: unknown): { $in: string[] } | undefined {
  return Array.isArray(value) ? { $in: value.filter(isRecordId) } : undefined;
}

/** Narrows a query builder (alias `e`) to the records a list filter selects; lists and stats share it. */
export function applyFilter(qb: QueryBuilder<object>, type: RecordType, api: Pick<RecordApiTypes, 'fields'>, filter: Record<string, unknown>): void {
  const where: Record<string, unknown> = {};
  if (typeof filter.q === 'string' && filter.q.trim() !== '') {
    const pattern = likePattern(filter.q);
    if (type.entity.prototype instanceof NodeEntity) qb.andWhere(nameSearchSql('e.id'), [pattern]);
    else qb.andWhere(`(${nameSearchSql('e.from_id')} or ${nameSearchSql('e.to_id')})`, [pattern, pattern]);
  }
  if (Array.isArray(filter.ids)) where.id = idList(filter.ids);
  if (Array.isArray(filter.visibility)) where.visibility = { $in: filter.visibility };
  for (const field of api.fields) {
    if (field.kind === 'scalar') {
      const value = filter[field.name];
      if ((field.filter === 'enum' || field.filter === 'exact') && Array.isArray(value)) where[field.name] = { $in: value };
      if (field.filter === 'boolean' && typeof value === 'boolean') where[field.name] = value;
      if (field.filter === 'range') {
        const range: Record<string, unknown> = {};
        if (filter[`${field.name}From`] != null) range.$gte = filter[`${field.name}From`];
        if (filter[`${field.name}To`] != null) range.$lte = filter[`${field.name}To`];
        if (Object.keys(range).length > 0) where[field.name] = range;
      }
    }
    if (field.kind === 'reference' && Array.isArray(filter[field.inputName])) where[field.name] = idList(filter[field.inputName]);
    if (field.kind === 'links') {
      const ids = filter[field.inputName.replace(/Ids$/, 'Id')];
      if (Array.isArray(ids)) where[field.name] = idList(ids);
    }
  }
  qb.andWhere(where);
}

const NAME_ORDER: Record<string, string> = {
  names_zh: 'coalesce(e.name_pinyin, e.name_zh)',
  names_en: 'lower(e.name_en)',
  names_local: 'lower(e.name_local)',
};

/**
 * One page of a record type with its total, in one SQL statement whatever the filter: the total comes with the
 * rows (`count(*) over ()`); only a page past the end, which has no rows to carry it, counts apart. The items are
 * records read to answer with (read-records.ts), not managed entities.
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
  const qb = em.createQueryBuilder(type.entity as never, 'e') as unknown as QueryBuilder<object>;
  selectColumns(qb, projectedColumns(meta, args.selection, named.map((reference) => reference.name)));
  // A query builder skips the ORM's filters unless asked: the viewer's visibilities apply here as everywhere.
  await qb.applyFilters();
  applyFilter(qb, type, api, args.filter ?? {});
  if (args.where) qb.andWhere(args.where.sql, args.where.params);
  const count = args.count !== false;
  const counter = count && args.page > 1 ? qb.clone() : null;
  if (count) qb.addSelect(raw('count(*) over () as __total'));
  if (named.length > 0) {
    const nodes = nodesOfSql(em, named, args.visibilities, args.selection);
    qb.addSelect(raw(`${nodes.sql} as __nodes`, nodes.params));
  }
  const orderBy: Array<Record<string, 'asc' | 'desc'>> = [];
  for (const { field, order } of args.sort ?? []) {
    const direction = order === 'DESC' ? 'desc' : 'asc';
    const nullsLast = direction === 'asc' ? 'asc nulls last' : 'desc nulls last';
    if (NAME_ORDER[field]) orderBy.push({ [raw(NAME_ORDER[field])]: nullsLast as 'asc' });
    else orderBy.push({ [field]: nullsLast as 'asc' });
  }
  orderBy.push({ id: 'asc' });
  qb.orderBy(orderBy as never);
  qb.limit(args.perPage).offset((args.page - 1) * args.perPage);
  const items = await readRows(em, qb, meta);
  let total: number | null = null;
  if (count) total = items.length > 0 ? Number((items[0] as Record<symbol, unknown>)[TOTAL]) : counter ? await counter.getCount() : 0;
  return { items: items as T[], total, nodes: nodesRead(items, named) };
}
