import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Field, FieldResolver, ID, Info, InputType, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { PERSONAL_DATA_READERS, Role } from '../auth/role.js';
import { BadInputError } from '../errors.js';
import { checkedFirst, FIRST_DEFAULT, FirstArg } from '../graph/bounded-lists.js';
import type { RequestContext } from '../graph/context.js';
import { isRecordId } from '../graph/ids.js';
import { personalDataFields } from '../graph/personal-data.js';
import { NodeEntity } from '../graph/record.entity.js';
import { recordTypeByName } from '../graph/registry.js';
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
    description: 'Changes to this record (created, updated, deleted), oldest first: whoever can read the record can read its history',
  })
  async history(@Root() node: NodeEntity, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo, @FirstArg() first = FIRST_DEFAULT): Promise<AuditEntry[]> {
    const bound = checkedFirst(first);
    const entries = (await ctx.loaders.history(node.id, bound)) as AuditEntry[];
    return ctx.loaders.bounds.firstOf(entries, bound, info.path).map((entry) => redacted(entry, ctx));
  }
}
