import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../graph/context.js';
import { NodeEntity } from '../graph/record.entity.js';
import { MAX_SEARCH_HITS, NodeType, SearchHit, searchNodes, type SearchRow } from './search.js';

@Resolver(() => SearchHit)
export class SearchResolver {
  @Authorized()
  @Query(() => [SearchHit], {
    description:
      'Nodes of every type whose names, aliases or pinyin match the text, best first: exact names, then names starting with it, ' +
      'then names containing it, then similar spellings. Any script; case and accents are ignored.',
  })
  async search(
    @Arg('q', () => String, { description: 'The text to look for, e.g. 三中, kragero or Peine' }) q: string,
    @Ctx() ctx: RequestContext,
    @Arg('types', () => [NodeType], { nullable: true, description: 'Only nodes of these types (all types when absent)' }) types?: string[] | null,
    @Arg('first', () => Int, { defaultValue: 20, description: `How many hits, at most ${MAX_SEARCH_HITS}` }) first = 20,
  ): Promise<SearchRow[]> {
    return searchNodes(ctx.em, q, types, first, ctx.visibilities);
  }

  @FieldResolver(() => NodeEntity, { description: 'The node found' })
  node(@Root() hit: SearchRow, @Ctx() ctx: RequestContext): object | null | Promise<object | null> {
    return ctx.loaders.node(hit.id);
  }
}
