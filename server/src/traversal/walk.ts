import { visibleNodeSql, visibleTieSql } from '../graph/visible.js';

/**
 * The breadth-first walk that paths and neighbourhoods share, as SQL: the recursive CTE
 * `walk(depth, frontier, visited, truncated)` over the `edge` view taken as undirected, one row a level.
 *
 * - `frontier`: the nodes first reached at this level; `visited`: every node reached so far. A level adds only
 *   nodes not visited before, so cycles end the walk instead of feeding it, and each node appears once.
 * - The walk visits at most `:cap` nodes. A level that would pass the cap is cut (its first nodes by id are
 *   kept) and marked `truncated`, and the walk stops there.
 * - With a target, the level that reaches it keeps only the target and the walk stops.
 * - With `hidden`, the walk passes only through nodes and Relationship records of the visibilities the caller
 *   reads (typed fields are seen with the nodes at their ends).
 *
 * Named parameters (see namedSql): `:start`, `:maxDepth`, `:cap`, `:target` when `target`, `:kinds` when `kinds`,
 * `:visibilities` when `hidden`.
 */
export function walkCteSql(options: { target: boolean; kinds: boolean; hidden: boolean }): string {
  const ties = `${options.kinds ? 'and e.kind = any(:kinds::text[])' : ''} ${visibleTieSql('e', options.hidden)}`;
  const nextFrontier = options.target
    ? `case when :target::uuid = any(step.found) then array[:target::uuid] else step.found[1:(greatest(:cap - cardinality(w.visited), 0))] end`
    : `step.found[1:(greatest(:cap - cardinality(w.visited), 0))]`;
  const cut = options.target
    ? `:target::uuid <> all(step.found) and step.total > :cap - cardinality(w.visited)`
    : `step.total > :cap - cardinality(w.visited)`;
  return `walk(depth, frontier, visited, truncated) as (
    select 0, array[:start::uuid], array[:start::uuid], false
    union all
    select w.depth + 1, next.frontier, w.visited || next.frontier, next.truncated
    from walk w
    cross join lateral (
      select coalesce(array_agg(reached.id order by reached.id), '{}') as found, count(*) as total
      from (
        select e.to_id as id from edge e where e.from_id = any(w.frontier) ${ties}
        union
        select e.from_id from edge e where e.to_id = any(w.frontier) ${ties}
        except
        select unnest(w.visited)
      ) reached
      ${options.hidden ? `where ${visibleNodeSql('reached.id', true)}` : ''}
    ) step
    cross join lateral (select ${nextFrontier} as frontier, ${cut} as truncated) next
    where w.depth < :maxDepth and not w.truncated and step.total > 0${options.target ? ' and :target::uuid <> all(w.frontier)' : ''}
  )`;
}
