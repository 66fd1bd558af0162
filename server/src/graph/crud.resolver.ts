import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, ID, Info, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { WRITERS } from '../auth/role.js';
import type { RecordApiTypes } from './api-types.js';
import type { RequestContext } from './context.js';
import { MAX_PER_PAGE, askedHere, askedUnder, asksFor, listRecords } from './list.js';
import { createRecord, deleteRecord, updateRecord } from './records.service.js';
import type { RecordType } from './record-types.js';
import { LocalDate } from './scalars.js';

@ObjectType({ description: 'What a delete removed' })
export class DeleteResult {
  @Field(() => ID, { description: 'The id of the record deleted' })
  id!: string;

  @Field(() => Int, { description: 'Records deleted: the one asked for and, with cascade, those that required it' })
  deleted!: number;

  @Field(() => Int, { description: 'With cascade: references cleared and links removed in other records' })
  detached!: number;
}

/** Who a change made through this request is recorded against. */
function auditScope(ctx: RequestContext) {
  return { viewer: ctx.viewer, requestId: ctx.requestId };
}

const EXPECTED_VERSION = 'The version of the record the change was made against (its `version` when read)';

function capitalise(word: string): string {
  return word[0].toUpperCase() + word.slice(1);
}

/**
 * The API's convention for one record type: one, list, create, update, delete. Written once; every
 * type gets its resolver from here.
 */
export function createCrudResolver(type: RecordType, api: RecordApiTypes): Function {
  const { entity } = type;
  const history = type.rules.history;

  @ArgsType()
  class OneArguments {
    @Field(() => ID, { description: `The ${type.name}'s id` })
    id!: string;

    asOf?: string | null;
  }
  Object.defineProperty(OneArguments, 'name', { value: `${type.name}OneArguments` });

  @ArgsType()
  class ListArguments {
    asOf?: string | null;

    @Field(() => api.Filter, { nullable: true, description: `Which ${type.plural} to list; all when absent` })
    filter?: Record<string, unknown>;

    @Field(() => [api.Sort], { nullable: true, description: 'Sort keys, most significant first' })
    sort?: Array<{ field: string; order?: 'ASC' | 'DESC' }>;

    @Field(() => Int, { defaultValue: 1, description: 'Page number, from 1' })
    page!: number;

    @Field(() => Int, { defaultValue: 25, description: `Records a page, at most ${MAX_PER_PAGE}` })
    perPage!: number;
  }
  Object.defineProperty(ListArguments, 'name', { value: `${type.name}ListArguments` });
  if (history) {
    for (const Arguments of [OneArguments, ListArguments]) {
      Field(() => LocalDate, { nullable: true, description: history.description })(Arguments.prototype, 'asOf');
    }
  }

  @Resolver(() => entity)
  class CrudResolver {
    @Authorized()
    @Query(() => entity, { name: type.singular, nullable: true, description: `One ${type.name} by id; null when absent` })
    async one(@Args(() => OneArguments) { id, asOf }: OneArguments, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<object | null> {
      if (history && asOf) {
        const record = await ctx.loaders.byId(entity).load(id);
        return record && history.asOf(record as never, asOf);
      }
      // The nodes the record names and the query asks for (a delegation's organisations, city and leader) come in
      // the same statement.
      return ctx.loaders.withNodes(entity, askedHere(info)).load(id);
    }

    @Authorized()
    @Query(() => api.Page, { name: type.plural, description: `A page of ${type.plural}, filtered and sorted` })
    async list(@Args(() => ListArguments) { asOf, ...args }: ListArguments, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<object> {
      // The total only when asked for; the nodes the items name (a list of events and their cities) with the items.
      const asked = { count: asksFor(info, 'total'), withNodes: askedUnder(info, 'items'), visibilities: ctx.visibilities };
      if (!history || !asOf) {
        // Only the columns the operation asks (as of a date, the history reads whole records: no selection there).
        const { items, total, nodes } = await listRecords(ctx.em, type, api, { ...args, filter: args.filter ?? null, ...asked, selection: ctx.selection });
        ctx.loaders.bounds.paged(items.length);
        ctx.loaders.knowNodes(nodes.rows, nodes.ids);
        // A page of hundreds is built in its turns (graph/pacing.ts), as the lists under it are.
        return { items: await ctx.loaders.pacer.handOver(items), total, page: args.page, perPage: args.perPage };
      }
      const filter = { ...args.filter };
      const { handled, ...where } = history.existedOn(asOf, filter);
      for (const key of handled) delete filter[key];
      const { items, total, nodes } = await listRecords(ctx.em, type, api, { ...args, filter, where, ...asked });
      ctx.loaders.bounds.paged(items.length);
      ctx.loaders.knowNodes(nodes.rows, nodes.ids);
      return { items: await ctx.loaders.pacer.handOver(items.map((item) => history.asOf(item as never, asOf))), total, page: args.page, perPage: args.perPage };
    }

    @Authorized(...WRITERS)
    @Mutation(() => entity, { name: `create${type.name}`, description: `Create a ${type.name}` })
    async create(@Arg('input', () => api.Input, { description: `The new ${type.name}` }) input: Record<string, unknown>, @Ctx() ctx: RequestContext): Promise<object> {
      return createRecord(ctx.em, type, api, { ...input }, auditScope(ctx));
    }

    @Authorized(...WRITERS)
    @Mutation(() => entity, {
      name: `update${type.name}`,
      description: `Change a ${type.name}; fails with CONFLICT, carrying the current record, when expectedVersion is stale`,
    })
    async update(
      @Arg('id', () => ID, { description: `The ${type.name}'s id` }) id: string,
      @Arg('input', () => api.Patch, { description: 'What changes' }) input: Record<string, unknown>,
      @Arg('expectedVersion', () => Int, { description: EXPECTED_VERSION }) expectedVersion: number,
      @Ctx() ctx: RequestContext,
    ): Promise<object> {
      return updateRecord(ctx.em, type, api, id, { ...input }, expectedVersion, auditScope(ctx));
    }

    @Authorized(...WRITERS)
    @Mutation(() => DeleteResult, {
      name: `delete${type.name}`,
      description: `Delete a ${type.name}; refused while other records depend on it, unless cascade is true`,
    })
    async remove(
      @Arg('id', () => ID, { description: `The ${type.name}'s id` }) id: string,
      @Arg('expectedVersion', () => Int, { description: EXPECTED_VERSION }) expectedVersion: number,
      @Arg('cascade', () => Boolean, { defaultValue: false, description: 'Also clear references to it and delete records that require it' }) cascade: boolean,
      @Ctx() ctx: RequestContext,
    ): Promise<DeleteResult> {
      return deleteRecord(ctx.em, type, api, id, expectedVersion, cascade, auditScope(ctx));
    }
  }
  Object.defineProperty(CrudResolver, 'name', { value: `${capitalise(type.singular)}CrudResolver` });
  return CrudResolver;
}
