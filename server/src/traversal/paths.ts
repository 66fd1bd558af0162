import type { EntityManager } from '@mikro-orm/postgresql';
import { Extensions, Field, Int, ObjectType } from 'type-graphql';
import { readSql } from '../db/read-sql.js';
import { BadInputError, DomainError, ErrorCode } from '../errors.js';
import type { EdgeRow } from '../graph/loaders.js';
import { Edge } from './edge.js';
import { isRecordId } from '../graph/ids.js';
import { toEdge, type EdgeResult } from './node-fields.resolver.js';
import type { SelectedFields } from '../graph/projection.js';
import { nodeRowsSql, type NodeRow } from '../graph/read-records.js';
import { NodeEntity } from '../graph/record.entity.js';
import { namedSql } from '../graph/sql.js';
import { readableParam, visibilitiesParam, visibleNodeSql, visibleTieSql } from '../graph/visible.js';
import { walkCteSql } from './walk.js';

export const MAX_HOPS = 6;
/** Nodes a search for paths may visit before it gives up with `truncated`. */
export const PATHS_MAX_VISITED = 1000;
/** Shortest paths returned at most; more is reported as `truncated`. */
export const MAX_PATHS = 20;

@ObjectType({ description: 'A way from one node to another through ties, each node once' })
export class Path {
  @Field(() => Int, { description: 'Number of ties (hops) on the path' })
  length!: number;

  // maxItems: what the query limits count these lists as (limits.ts).
  @Extensions({ maxItems: MAX_HOPS + 1 })
  @Field(() => [NodeEntity], { description: 'The nodes in order, from the first to the last' })
  nodes!: NodeEntity[];

  @Extensions({ maxItems: MAX_HOPS })
  @Field(() => [Edge], {
    description: 'The ties in order: the i-th joins nodes i and i+1, with direction and other seen from node i',
  })
  edges!: Edge[];
}

@ObjectType({ description: 'The shortest paths between two nodes' })
export class PathsResult {
  @Extensions({ maxItems: MAX_PATHS })
  @Field(() => [Path], { description: `The shortest paths, all of the same length, at most ${MAX_PATHS}; empty when none is within maxHops` })
  paths!: Path[];

  @Field(() => Int, { nullable: true, description: 'The length of the shortest paths; null when none was found' })
  length?: number | null;

  @Field({
    description:
      `True when a cap cut the answer short: the search visited ${PATHS_MAX_VISITED} nodes before reaching the end (a path may still exist), ` +
      `or there are more than ${MAX_PATHS} shortest paths (only ${MAX_PATHS} are returned)`,
  })
  truncated!: boolean;
}

/**
 * NOT_FOUND for a node id given as `argument`. The id is not repeated, so that a node the caller may not see
 * reads exactly as one that does not exist.
 */
export function noSuchNode(argument: string): DomainError {
  return new DomainError(ErrorCode.NOT_FOUND, `${argument}: no node with this id`, { argument });
}

/** A path before its nodes load: node ids, and ties shaped for the Edge type. */
export interface PathRow {
  length: number;
  nodeIds: string[];
  edges: EdgeResult[];
}

export interface PathsAnswer {
  paths: PathRow[];
  length: number | null;
  truncated: boolean;
  /** The rows of the nodes on the paths, so that they load with no further statement. */
  nodeRows: NodeRow[];
}

interface PathsStatementRow {
  start_found: boolean;
  target_found: boolean;
  truncated: boolean;
  length: number | null;
  paths: Array<{ nodes: string[]; edges: EdgeRow[] }> | null;
  node_rows: NodeRow[] | null;
}

/**
 * The shortest paths between two nodes through every tie (typed fields and Relationship records, either
 * direction), in one SQL statement: a breadth-first walk from `from` that stops at the level reaching `to`,
 * then the paths read back from `to` level by level, each step keeping at most MAX_PATHS + 1 partial paths.
 * Every node of a partial path lies on a shortest path, so each one completes and the count stays honest.
 */
export async function pathsBetween(
  em: EntityManager,
  from: string,
  to: string,
  maxHops: number,
  visibilities?: readonly string[],
  selection?: SelectedFields,
): Promise<PathsAnswer> {
  if (!Number.isInteger(maxHops) || maxHops < 1 || maxHops > MAX_HOPS) {
    throw BadInputError.field('maxHops', `must be from 1 to ${MAX_HOPS} (got ${maxHops})`);
  }
  if (!isRecordId(from)) throw noSuchNode('from');
  if (!isRecordId(to)) throw noSuchNode('to');
  const hidden = visibilitiesParam(visibilities) !== null;

  const { sql, params } = namedSql(
    `with recursive ${walkCteSql({ target: true, kinds: false, hidden })},
    goal as (select depth from walk where :target::uuid = any(frontier)),
    back(depth, paths) as (
      select g.depth, jsonb_build_array(jsonb_build_object('nodes', jsonb_build_array(:target::uuid), 'edges', '[]'::jsonb)) from goal g
      union all
      select b.depth - 1, step.paths
      from back b
      join walk w on w.depth = b.depth - 1
      cross join lateral (
        select jsonb_agg(jsonb_build_object('nodes', jsonb_build_array(x.previous) || (x.path->'nodes'), 'edges', jsonb_build_array(x.edge) || (x.path->'edges'))
                         order by x.i, x.previous, x.edge->>'field' nulls first, x.edge->>'relationship_id') as paths
        from (
          select partial.path, partial.i, tie.previous, tie.edge
          from jsonb_array_elements(b.paths) with ordinality as partial(path, i)
          cross join lateral (
            select e.from_id as previous, to_jsonb(e) as edge from edge e
              where e.to_id = (partial.path->'nodes'->>0)::uuid and e.from_id = any(w.frontier) ${visibleTieSql('e', hidden)}
            union all
            select e.to_id, to_jsonb(e) from edge e
              where e.from_id = (partial.path->'nodes'->>0)::uuid and e.to_id = any(w.frontier) ${visibleTieSql('e', hidden)}
          ) tie
          order by partial.i, tie.previous, tie.edge->>'field' nulls first, tie.edge->>'relationship_id'
          limit :pathsPlusOne
        ) x
      ) step
      where b.depth > 0
    )
    select ${visibleNodeSql(':start::uuid', true)} as start_found,
           ${visibleNodeSql(':target::uuid', true)} as target_found,
           coalesce((select bool_or(truncated) from walk), false) as truncated,
           (select depth from goal) as length,
           (select paths from back where depth = 0) as paths,
           (select jsonb_agg(jsonb_build_object('type', x.type, 'row', x.row)) from (${nodeRowsSql(
             em,
             `(select array_agg(node_id::uuid) from back b, jsonb_array_elements(b.paths) as path(p), jsonb_array_elements_text(path.p->'nodes') as node_id where b.depth = 0)`,
             hidden,
             undefined,
             selection,
           )}) x) as node_rows`,
    { start: from, target: to, maxDepth: maxHops, cap: PATHS_MAX_VISITED, pathsPlusOne: MAX_PATHS + 1, visibilities: readableParam(visibilities) },
  );
  const [row] = await readSql<PathsStatementRow>(em, sql, params);
  if (!row.start_found) throw noSuchNode('from');
  if (!row.target_found) throw noSuchNode('to');

  const found = row.paths ?? [];
  const paths = found.slice(0, MAX_PATHS).map((path) => ({
    length: path.edges.length,
    nodeIds: path.nodes,
    edges: path.edges.map((edge, index) => toEdge(edge, path.nodes[index])),
  }));
  return {
    paths,
    length: row.length,
    truncated: row.truncated || found.length > MAX_PATHS,
    nodeRows: row.node_rows ?? [],
  };
}
