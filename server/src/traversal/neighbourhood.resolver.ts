import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { RelationshipKind } from '../nodes/relationship/relationship.entity.js';
import type { RequestContext } from '../graph/context.js';
import { MAX_DEPTH, Neighbourhood, neighbourhoodOf, type NeighbourhoodAnswer } from './neighbourhood.js';
import { NodeEntity } from '../graph/record.entity.js';

@Resolver(() => Neighbourhood)
export class NeighbourhoodResolver {
  @Authorized()
  @Query(() => Neighbourhood, {
    description:
      'The nodes within a few ties of a node and the ties among them, for a graph view. Without kinds every tie counts: ' +
      'typed fields (e.g. Delegation.leader) and Relationship records; with kinds only Relationship records of those kinds do. ' +
      'NOT_FOUND when the node does not exist.',
  })
  async neighbourhood(
    @Arg('id', () => ID, { description: 'The node at the centre' }) id: string,
    @Ctx() ctx: RequestContext,
    @Arg('depth', () => Int, { defaultValue: 1, description: `How many ties away to go, from 1 to ${MAX_DEPTH}` }) depth = 1,
    @Arg('kinds', () => [RelationshipKind], {
      nullable: true,
      description: 'Only Relationship records of these kinds, and no typed fields; every tie when absent',
    })
    kinds?: RelationshipKind[] | null,
  ): Promise<NeighbourhoodAnswer> {
    const answer = await neighbourhoodOf(ctx.em, id, depth, kinds, ctx.visibilities, ctx.selection);
    ctx.loaders.knowNodes(answer.nodeRows);
    return answer;
  }

  @FieldResolver(() => NodeEntity, { description: 'The node asked about' })
  center(@Root() answer: NeighbourhoodAnswer, @Ctx() ctx: RequestContext): object | null | Promise<object | null> {
    return ctx.loaders.node(answer.centerId);
  }

  @FieldResolver(() => [NodeEntity], { description: 'The nodes within the depth, the centre first, then nearest first' })
  nodes(@Root() answer: NeighbourhoodAnswer, @Ctx() ctx: RequestContext): object[] | Promise<object[]> {
    return ctx.loaders.nodesById(answer.nodeIds);
  }
}
