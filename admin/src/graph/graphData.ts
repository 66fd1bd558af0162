import type { Language } from '@amity/schema/generated/graphql';
import { graphqlQuery } from '../common/graphql';

/** The graph view's reads of the API: a record's neighbourhood and the shortest paths between two records. */

export interface GNode {
  __typename: string;
  id: string;
  displayName: string;
}
export interface GEdge {
  kind: string | null;
  field: string | null;
  from: { id: string };
  to: { id: string };
}
export interface Subgraph {
  nodes: GNode[];
  edges: GEdge[];
}
interface Neighbourhood extends Subgraph {
  truncated: boolean;
}

const NODE = `
  __typename
  id
  displayName(lang: $lang)
`;

const EDGE = `
  kind
  field
  from {
    id
  }
  to {
    id
  }
`;

const NEIGHBOURHOOD = `
  query GraphNeighbourhood($id: ID!, $depth: Int!, $lang: Language!) {
    neighbourhood(id: $id, depth: $depth) {
      nodes {${NODE}}
      edges {${EDGE}}
      truncated
    }
  }
`;

const PATHS = `
  query GraphPaths($from: ID!, $to: ID!, $maxHops: Int!, $lang: Language!) {
    paths(from: $from, to: $to, maxHops: $maxHops) {
      length
      truncated
      paths {
        nodes {${NODE}}
        edges {${EDGE}}
      }
    }
  }
`;

/** The tie's kind as the filter names it: a Relationship record's kind, else the typed field (e.g. Delegation.leader). */
export const edgeKind = (edge: GEdge) => edge.kind ?? edge.field ?? 'OTHER';
export const edgeId = (edge: GEdge) => `${edge.from.id}|${edge.to.id}|${edgeKind(edge)}`;

/** The most ties a path may take, as the view's "no path" message says. */
export const MAX_HOPS = 6;

export async function readNeighbourhood(id: string, depth: number, lang: Language): Promise<Neighbourhood> {
  return (await graphqlQuery<{ neighbourhood: Neighbourhood }>(NEIGHBOURHOOD, { id, depth, lang })).neighbourhood;
}

/** The first shortest path from one record to another, or null when none is within MAX_HOPS. */
export async function readFirstPath(from: string, to: string, lang: Language): Promise<Subgraph | null> {
  const data = await graphqlQuery<{ paths: { paths: Subgraph[] } }>(PATHS, { from, to, maxHops: MAX_HOPS, lang });
  return data.paths.paths[0] ?? null;
}
