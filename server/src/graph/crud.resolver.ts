import { Arg, Args, ArgsType, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { RecordApiTypes } from './api-types.js';
import type { RequestContext } from './context.js';
import { MAX_PER_PAGE, listRecords } from './list.js';
import { createRecord, deleteRecord, updateRecord } from './records.service.js';
import type { RecordType } from './registry.js';

@ObjectType({ description: 'What a delete removed' })
export class DeleteResult {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'Records deleted: the one asked for and, with cascade, those that required it' })
  deleted!: number;

  @Field(() => Int, { description: 'With cascade: references cleared and links removed in other records' })
  detached!: number;
}

function capitalise(word: string): string {
  return word[0].toUpperCase() + word.slice(1);
}

/**
 * The API convention of DESIGN §3 for one record type: one, list, create, update, delete. Written once; every
 * type gets its resolver from here.
 */
export function createCrudResolver(type: RecordType, api: RecordApiTypes): Function {
  const { entity } = type;

  @ArgsType()
  class ListArguments {
    @Field(() => api.Filter, { nullable: true })
    filter?: Record<string, unknown>;

    @Field(() => [api.Sort], { nullable: true, description: 'Sort keys, most significant first' })
    sort?: Array<{ field: string; order?: 'ASC' | 'DESC' }>;

    @Field(() => Int, { defaultValue: 1, description: 'Page number, from 1' })
    page!: number;

    @Field(() => Int, { defaultValue: 25, description: `Records a page, at most ${MAX_PER_PAGE}` })
    perPage!: number;
  }
  Object.defineProperty(ListArguments, 'name', { value: `${type.name}ListArguments` });

  @Resolver(() => entity)
  class CrudResolver {
    @Query(() => entity, { name: type.singular, nullable: true, description: `One ${type.name} by id; null when absent` })
    async one(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<object | null> {
      return ctx.loaders.byId(entity).load(id);
    }

    @Query(() => api.Page, { name: type.plural, description: `A page of ${type.plural}, filtered and sorted` })
    async list(@Args(() => ListArguments) args: ListArguments, @Ctx() ctx: RequestContext): Promise<object> {
      const { items, total } = await listRecords(ctx.em, type, api, { ...args, filter: args.filter ?? null });
      return { items, total, page: args.page, perPage: args.perPage };
    }

    @Mutation(() => entity, { name: `create${type.name}`, description: `Create a ${type.name}` })
    async create(@Arg('input', () => api.Input) input: Record<string, unknown>, @Ctx() ctx: RequestContext): Promise<object> {
      return createRecord(ctx.em, type, api, { ...input });
    }

    @Mutation(() => entity, {
      name: `update${type.name}`,
      description: `Change a ${type.name}; fails with CONFLICT, carrying the current record, when expectedVersion is stale`,
    })
    async update(
      @Arg('id', () => ID) id: string,
      @Arg('input', () => api.Patch) input: Record<string, unknown>,
      @Arg('expectedVersion', () => Int) expectedVersion: number,
      @Ctx() ctx: RequestContext,
    ): Promise<object> {
      return updateRecord(ctx.em, type, api, id, { ...input }, expectedVersion);
    }

    @Mutation(() => DeleteResult, {
      name: `delete${type.name}`,
      description: `Delete a ${type.name}; refused while other records depend on it, unless cascade is true`,
    })
    async remove(
      @Arg('id', () => ID) id: string,
      @Arg('expectedVersion', () => Int) expectedVersion: number,
      @Arg('cascade', () => Boolean, { defaultValue: false, description: 'Also clear references to it and delete records that require it' }) cascade: boolean,
      @Ctx() ctx: RequestContext,
    ): Promise<DeleteResult> {
      return deleteRecord(ctx.em, type, id, expectedVersion, cascade);
    }
  }
  Object.defineProperty(CrudResolver, 'name', { value: `${capitalise(type.singular)}CrudResolver` });
  return CrudResolver;
}
