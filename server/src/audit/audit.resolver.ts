import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Field, FieldResolver, ID, Info, InputType, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { PERSONAL_DATA_READERS, Role } from '../auth/role.js';
import { BadInputError } from '../errors.js';
import { checkedFirst, FIRST_DEFAULT, FirstArg } from '../graph/bounded-lists.js';
import type { RequestContext } from '../graph/context.js';
import type { BatchLoader } from '../graph/loaders.js';
import { isRecordId } from '../graph/ids.js';
import { personalDataFields } from '../graph/personal-data.js';
import { NodeRecord } from '../graph/node-record.entity.js';
import { NodeEntity } from '../graph/record.entity.js';
import { recordTypeByName } from '../nodes/registry.js';
import type { Visibility } from '../graph/visibility.js';
import { readsEverything, readsVisibility, visibleCondition } from '../graph/visible.js';
import { AuditAction, AuditEntry } from './audit-entry.entity.js';

@InputType({ description: 'Which audit entries to list' })
class AuditFilter {
  @Field(() => ID, { nullable: true, description: 'Entries about this record' })
  recordId?: string;

  @Field(() => String, { nullable: true, description: 'Entries about records of this type, e.g. Delegation' })
  recordType?: string;

  @Field(() => ID, { nullable: true, description: 'Entries of this user' })
  actorId?: string;

  @Field(() => [AuditAction], { nullable: true, description: 'Entries of these actions' })
  action?: AuditAction[];

  @Field(() => Date, { nullable: true, description: 'At or after this moment' })
  atFrom?: Date;

  @Field(() => Date, { nullable: true, description: 'At or before this moment' })
  atTo?: Date;
}

@ObjectType({ description: 'A page of audit entries, newest first' })
class AuditPage {
  @Field(() => [AuditEntry], { description: 'The entries of this page' })
  items!: AuditEntry[];

  @Field(() => Int, { description: 'How many match, on all pages' })
  total!: number;
}

/** Personal data in an entry's before/after, for a caller who may not read it, is removed. */
function redacted(entry: AuditEntry, ctx: RequestContext): AuditEntry {
  if (ctx.viewer && PERSONAL_DATA_READERS.includes(ctx.viewer.role)) return entry;
  const type = entry.recordType ? recordTypeByName(entry.recordType) : undefined;
  const hidden = type ? personalDataFields(type.entity) : new Set<string>();
  if (hidden.size === 0) return entry;
  const strip = (data: Record<string, unknown> | null | undefined) => (data ? Object.fromEntries(Object.entries(data).filter(([key]) => !hidden.has(key))) : data);
  return Object.assign(new AuditEntry(), entry, { before: strip(entry.before), after: strip(entry.after) });
}

/** Every string in a value that could be a record id, however deep. */
function recordIdsIn(value: unknown, into: Set<string>): Set<string> {
  if (isRecordId(value)) into.add(value);
  else if (Array.isArray(value)) for (const item of value) recordIdsIn(item, into);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) recordIdsIn(item, into);
  return into;
}

/**
 * A copy of another record inside an entry: an update or delete keeps the records a field links to whole (names,
 * notes, a member's personal data), where a create keeps their ids.
 */
function isRecordCopy(value: object): value is { id: string } {
  return isRecordId((value as { id?: unknown }).id) && 'visibility' in value;
}

/**
 * A value of an entry as a history shows it, however deep: a record id is kept when `shown` says so, else null;
 * a copy of another record is its id, under the same rule.
 */
function shownValue(value: unknown, shown: (id: string) => boolean): unknown {
  if (isRecordId(value)) return shown(value) ? value : null;
  if (Array.isArray(value)) return value.map((item) => shownValue(item, shown));
  if (value && typeof value === 'object') {
    if (isRecordCopy(value)) return shown(value.id) ? value.id : null;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shownValue(item, shown)]));
  }
  return value;
}

/**
 * What a node's history shows its reader. Other records an entry names are shown by id only, copies included
 * (their own histories say what they were), so no name or personal data of theirs is shown here. A reader who
 * does not read every visibility (a VIEWER) sees only the ids of records it may read now: any other (RESTRICTED,
 * or deleted) is null, as the record's own field shows it; and a state of the record itself it could not have
 * read (while it was RESTRICTED) is its visibility alone. One query on the node table per batch of histories,
 * only for such a reader.
 */
async function shownHistory(entries: AuditEntry[], ctx: RequestContext): Promise<AuditEntry[]> {
  let shown = (_id: string) => true;
  if (!readsEverything(ctx.visibilities)) {
    const readable = new Set<string>(entries.flatMap((entry) => (entry.recordId ? [entry.recordId] : [])));
    const named = recordIdsIn(entries.map((entry) => [entry.before, entry.after]), new Set());
    for (const id of readable) named.delete(id);
    if (named.size > 0) {
      const rows = await ctx.em.find(NodeRecord, { id: { $in: [...named] }, ...visibleCondition({ visibilities: ctx.visibilities }) }, { fields: ['id'] });
      for (const row of rows) readable.add(row.id);
    }
    shown = (id) => readable.has(id);
  }
  const side = (data: Record<string, unknown> | null | undefined) => {
    if (!data) return data;
    const visibility = data.visibility as Visibility | undefined;
    if (visibility && !readsVisibility(ctx.visibilities, visibility)) return { visibility };
    return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, shownValue(value, shown)]));
  };
  return entries.map((entry) => Object.assign(new AuditEntry(), entry, { before: side(entry.before), after: side(entry.after) }));
}

/** Per request: histories as their reader sees them, the first `n` of each, keyed `n|id` (shownHistory once a batch). */
const shownHistories = new WeakMap<RequestContext, BatchLoader<string, AuditEntry[]>>();

@Resolver(() => NodeEntity)
export class AuditResolver {
  @Authorized(Role.ADMIN)
  @Query(() => AuditPage, { description: 'ADMIN: the audit trail, newest first' })
  async auditEntries(
    @Arg('filter', () => AuditFilter, { nullable: true, description: 'Which entries' }) filter: AuditFilter | null,
    @Arg('page', () => Int, { defaultValue: 1, description: 'Page number, from 1' }) page: number,
    @Arg('perPage', () => Int, { defaultValue: 50, description: 'Entries a page, at most 500' }) perPage: number,
    @Ctx() ctx: RequestContext,
  ): Promise<AuditPage> {
    if (page < 1) throw BadInputError.field('page', 'must be 1 or more');
    if (perPage < 1 || perPage > 500) throw BadInputError.field('perPage', 'must be from 1 to 500');
    // An id that cannot name a record or user matches nothing (not the entries that have none).
    if ((filter?.recordId && !isRecordId(filter.recordId)) || (filter?.actorId && !isRecordId(filter.actorId))) return { items: [], total: 0 };
    const where: Record<string, unknown> = {};
    if (filter?.recordId) where.recordId = filter.recordId;
    if (filter?.recordType) where.recordType = filter.recordType;
    if (filter?.actorId) where.actorId = filter.actorId;
    if (filter?.action?.length) where.action = { $in: filter.action };
    if (filter?.atFrom || filter?.atTo) where.at = { ...(filter.atFrom ? { $gte: filter.atFrom } : {}), ...(filter.atTo ? { $lte: filter.atTo } : {}) };
    const [items, total] = await ctx.em.findAndCount(AuditEntry, where, { orderBy: { id: 'desc' }, limit: perPage, offset: (page - 1) * perPage });
    return { items, total };
  }

  @FieldResolver(() => [AuditEntry], {
    description:
      'Changes to this record (created, updated, deleted), oldest first: whoever can read the record can read its history. Other records appear in `before` and `after` by id only, null for one the reader may not read; a state of the record the reader could not read then is only its `visibility`',
  })
  async history(@Root() node: NodeEntity, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo, @FirstArg() first = FIRST_DEFAULT): Promise<AuditEntry[]> {
    const bound = checkedFirst(first);
    let loader = shownHistories.get(ctx);
    if (!loader) {
      loader = ctx.loaders.batched(async (keys: readonly string[]) => {
        const lists = (await Promise.all(keys.map((key) => ctx.loaders.history(key.slice(key.indexOf('|') + 1), Number(key.slice(0, key.indexOf('|'))))))) as AuditEntry[][];
        const shown = await shownHistory(lists.flat(), ctx);
        let at = 0;
        return lists.map((list) => shown.slice(at, (at += list.length)));
      });
      shownHistories.set(ctx, loader);
    }
    const entries = await loader.load(`${bound}|${node.id}`);
    return ctx.loaders.bounds.firstOf(entries, bound, info.path).map((entry) => redacted(entry, ctx));
  }
}
