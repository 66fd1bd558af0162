import type { EntityManager } from '@mikro-orm/postgresql';
import { Extensions, Field, ObjectType } from 'type-graphql';
import { readSql } from '../db/read-sql.js';
import { BadInputError } from '../errors.js';
import { RelationshipKind } from '../nodes/relationship/relationship.entity.js';
import type { EdgeRow } from '../graph/loaders.js';
import { Edge, edgeJsonSql } from './edge.js';
import { isRecordId } from '../graph/ids.js';
import { toEdge, type EdgeResult } from './node-fields.resolver.js';
import { noSuchNode } from './paths.js';
import type { SelectedFields } from '../graph/projection.js';
import { nodeRowsSql, type NodeRow } from '../graph/read-records.js';
import { NodeEntity } from '../graph/record.entity.js';
import { namedSql, sqlArray } from '../graph/sql.js';
import { readableParam, visibilitiesParam, visibleNodeSql, visibleTieSql } from '../graph/visible.js';
import { walkCteSql } from './walk.js';

export const MAX_DEPTH = 3;
/** Nodes a neighbourhood holds at most, the centre included. */
export const NEIGHBOURHOOD_MAX_NODES = 500;
/** Ties a neighbourhood holds at most. */
export const NEIGHBOURHOOD_MAX_EDGES = 2000;

@ObjectType({ description: 'A node and the nodes and ties around it, for a graph view' })
export class Neighbourhood {
  @Field(() => NodeEntity, { description: 'The node asked about' })
  center!: NodeEntity;

  // maxItems: what the query limits count this list as (limits.ts).
  @Extensions({ maxItems: NEIGHBOURHOOD_MAX_NODES })
  @Field(() => [NodeEntity], { description: 'The nodes within the depth, the centre first, then nearest first' })
  nodes!: NodeEntity[];

  @Extensions({ maxItems: NEIGHBOURHOOD_MAX_EDGES })
  @Field(() => [Edge], {
    description: 'Every tie between two of the nodes (of the kinds asked for), with direction and other seen from the end nearer the centre',
  })
  edges!: Edge[];

  @Field({
    description: `True when a cap cut the answer short: more than ${NEIGHBOURHOOD_MAX_NODES} nodes or ${NEIGHBOURHOOD_MAX_EDGES} ties lie within the depth`,
  })
  truncated!: boolean;
}

export interface NeighbourhoodAnswer {
  centerId: string;
  /** Ids of the nodes, the centre first, then by distance. */
  nodeIds: string[];
  edges: EdgeResult[];
  truncated: boolean;
  /** The rows of the nodes, so that they load with no further statement. */
  nodeRows: NodeRow[];
}

interface NeighbourhoodStatementRow {
  found: boolean;
  truncated: boolean;
  nodes: Array<{ id: string; depth: number }> | null;
  node_rows: NodeRow[] | null;
  edges: EdgeRow[] | null;
}

/**
 * The nodes within `depth` ties of a node and every tie among them, in one SQL statement: the breadth-first
 * walk, then the ties between the nodes it reached. Without `kinds` every tie counts (typed fields and
 * Relationship records); with `kinds` only Relationship records of those kinds do, for the walk and the ties.
 */
export async function neighbourhoodOf(
  em: EntityManager,
  id: string,
  depth: number,
  kinds: readonly RelationshipKind[] | null | undefined,
  visibilities?: readonly string[],
  selection?: SelectedFields,
): Promise<NeighbourhoodAnswer> {
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH) throw BadInputError.field('depth', `must be from 1 to ${MAX_DEPTH} (got ${depth})`);
  if (!isRecordId(id)) throw noSuchNode('id');

  const filtered = kinds !== null && kinds !== undefined;
  const hidden = visibilitiesParam(visibilities) !== null;
  // The ties compare against `(select ids from members)`, a value computed once, so PostgreSQL pushes the test into
  // every branch of the edge view and uses its indexes; a join to `members` filtered whole tables instead (0.6 s at M).
  const { sql, params } = namedSql(
    `with recursive ${walkCteSql({ target: false, kinds: filtered, hidden })},
    reached as (select unnest(frontier) as id, depth from walk),
    members as (select array_agg(id) as ids from reached)
    select ${visibleNodeSql(':start::uuid', true)} as found,
           coalesce((select bool_or(truncated) from walk), false) as truncated,
           (select jsonb_agg(jsonb_build_object('id', r.id, 'depth', r.depth) order by r.depth, r.id) from reached r) as nodes,
           (select jsonb_agg(tie.edge) from (
              select ${edgeJsonSql('e', selection)} as edge from edge e
              where e.from_id = any((select ids from members)::uuid[]) and e.to_id = any((select ids from members)::uuid[]) ${filtered ? 'and e.kind = any(:kinds::text[])' : ''} ${visibleTieSql('e', hidden)}
              order by e.field nulls first, e.kind, e.relationship_id, e.from_id, e.to_id
              limit :edgesPlusOne) tie) as edges,
           (select jsonb_agg(jsonb_build_object('type', x.type, 'row', x.row)) from (${nodeRowsSql(em, '(select ids from members)', hidden, undefined, selection)}) x) as node_rows`,
    {
      start: id,
      maxDepth: depth,
      cap: NEIGHBOURHOOD_MAX_NODES,
      edgesPlusOne: NEIGHBOURHOOD_MAX_EDGES + 1,
      visibilities: readableParam(visibilities),
      ...(filtered ? { kinds: sqlArray(kinds) } : {}),
    },
  );
  const [row] = await readSql<NeighbourhoodStatementRow>(em, sql, params);
  if (!row.found) throw noSuchNode('id');

  const nodes = row.nodes ?? [];
  const depthOf = new Map(nodes.map((node) => [node.id, node.depth]));
  const rows = row.edges ?? [];
  const edges = rows.slice(0, NEIGHBOURHOOD_MAX_EDGES).map((edge) => {
    const nearer = (depthOf.get(edge.to_id) ?? 0) < (depthOf.get(edge.from_id) ?? 0) ? edge.to_id : edge.from_id;
    return toEdge(edge, nearer);
  });
  return {
    centerId: id,
    nodeIds: nodes.map((node) => node.id),
    edges,
    truncated: row.truncated || rows.length > NEIGHBOURHOOD_MAX_EDGES,
    nodeRows: row.node_rows ?? [],
  };
}
