import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { Relationship, RelationshipKind } from '../nodes/relationship/relationship.entity.js';
import { checkedFirst, FIRST_DEFAULT, FirstArg } from '../graph/bounded-lists.js';
import type { RequestContext } from '../graph/context.js';
import type { EdgeRow } from '../graph/loaders.js';
import { Edge, EdgeDirection } from './edge.js';
import { displayName, Language } from '../graph/names.js';
import { NodeEntity } from '../graph/record.entity.js';

/** The order of a node's ties, as Loaders.ties reads them. */
const TIE_ORDER = 'Relationship records first, by kind, then typed fields by field name; then by record and ends';

/** Fields every node has beyond its columns: a display name, and its ties in the graph. */
@Resolver(() => NodeEntity)
export class NodeFieldsResolver {
  @FieldResolver(() => String, { description: 'The name in the requested language, falling back to Chinese, English, then the local name' })
  displayName(@Root() node: NodeEntity, @Arg('lang', () => Language, { defaultValue: Language.zh, description: 'The language wanted' }) lang: Language): string {
    return displayName(node.names, lang);
  }

  @FieldResolver(() => [Edge], { description: `Ties of this node: typed fields (e.g. Delegation.leader) and Relationship records, ${TIE_ORDER}` })
  async relationships(
    @Root() node: NodeEntity,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('kind', () => [RelationshipKind], { nullable: true, description: 'Only Relationship records of these kinds' }) kind?: RelationshipKind[] | null,
    @Arg('direction', () => EdgeDirection, { nullable: true, description: 'Only ties in this direction; both when absent' }) direction?: EdgeDirection | null,
    @FirstArg() first = FIRST_DEFAULT,
  ): Promise<Edge[]> {
    const bound = checkedFirst(first);
    const rows = await ctx.loaders.ties(node.id, { kinds: kind, direction, first: bound, others: false });
    return ctx.loaders.bounds.firstOf(rows, bound, info.path).map((row) => toEdge(row, node.id));
  }

  @FieldResolver(() => [NodeEntity], { description: `Nodes tied to this one by any edge, each once, in the order of their first tie (that of relationships)` })
  async neighbours(
    @Root() node: NodeEntity,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('kind', () => [RelationshipKind], { nullable: true, description: 'Only through Relationship records of these kinds' }) kind?: RelationshipKind[] | null,
    @FirstArg() first = FIRST_DEFAULT,
  ): Promise<object[]> {
    const bound = checkedFirst(first);
    const rows = await ctx.loaders.ties(node.id, { kinds: kind, first: bound, others: true });
    return ctx.loaders.nodesById(ctx.loaders.bounds.firstOf(rows, bound, info.path).map((row) => row.other));
  }
}


/** Edge rows carry ids; their node and relationship fields resolve through the loaders. */
export type EdgeResult = Edge & { fromId: string; toId: string; otherId: string; relationshipId: string | null };

/** A row of the `edge` view as an Edge, its direction and `other` seen from `nodeId` (also used by paths and neighbourhoods). */
export function toEdge(row: EdgeRow, nodeId: string): EdgeResult {
  const outgoing = row.from_id === nodeId;
  return {
    kind: row.kind as RelationshipKind | null,
    field: row.field,
    direction: outgoing ? EdgeDirection.OUTGOING : EdgeDirection.INCOMING,
    role: row.role,
    startDate: row.start_date,
    endDate: row.end_date,
    fromId: row.from_id,
    toId: row.to_id,
    otherId: outgoing ? row.to_id : row.from_id,
    relationshipId: row.relationship_id,
  } as EdgeResult;
}

@Resolver(() => Edge)
export class EdgeResolver {
  @FieldResolver(() => NodeEntity)
  from(@Root() edge: EdgeResult, @Ctx() ctx: RequestContext) {
    return ctx.loaders.node(edge.fromId);
  }

  @FieldResolver(() => NodeEntity)
  to(@Root() edge: EdgeResult, @Ctx() ctx: RequestContext) {
    return ctx.loaders.node(edge.toId);
  }

  @FieldResolver(() => Relationship, { nullable: true })
  relationship(@Root() edge: EdgeResult, @Ctx() ctx: RequestContext) {
    return edge.relationshipId ? ctx.loaders.byId(Relationship).load(edge.relationshipId) : null;
  }

  @FieldResolver(() => NodeEntity)
  other(@Root() edge: EdgeResult, @Ctx() ctx: RequestContext) {
    return ctx.loaders.node(edge.otherId);
  }
}
