import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../graph/context.js';
import { MAX_HOPS, Path, PathsResult, pathsBetween, type PathRow, type PathsAnswer } from './paths.js';
import { NodeEntity } from '../graph/record.entity.js';

@Resolver(() => PathsResult)
export class PathsResolver {
  @Authorized()
  @Query(() => PathsResult, {
    description:
      'The shortest paths between two nodes through every tie, typed fields (e.g. Delegation.leader) and Relationship records alike, ' +
      'in either direction; NOT_FOUND when either node does not exist',
  })
  async paths(
    @Arg('from', () => ID, { description: 'Where the paths start' }) from: string,
    @Arg('to', () => ID, { description: 'Where the paths end' }) to: string,
    @Ctx() ctx: RequestContext,
    @Arg('maxHops', () => Int, { defaultValue: 4, description: `The longest path to look for, in ties, at most ${MAX_HOPS}` }) maxHops = 4,
  ): Promise<PathsAnswer> {
    const answer = await pathsBetween(ctx.em, from, to, maxHops, ctx.visibilities, ctx.selection);
    ctx.loaders.knowNodes(answer.nodeRows);
    return answer;
  }
}

@Resolver(() => Path)
export class PathResolver {
  @FieldResolver(() => [NodeEntity], { description: 'The nodes in order, from the first to the last' })
  nodes(@Root() path: PathRow, @Ctx() ctx: RequestContext): object[] | Promise<object[]> {
    return ctx.loaders.nodesById(path.nodeIds);
  }
}
