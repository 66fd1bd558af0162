import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { RequestContext } from './context.js';
import { NodeEntity } from './record.entity.js';

@Resolver(() => NodeEntity)
export class NodeResolver {
  @Query(() => NodeEntity, { nullable: true, description: 'Any node by id, whatever its type; null when absent' })
  async node(@Arg('id', () => ID, { description: "The node's id" }) id: string, @Ctx() ctx: RequestContext): Promise<object | null> {
    return ctx.loaders.node(id);
  }
}
