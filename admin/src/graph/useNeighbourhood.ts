import { useCallback, useEffect, useRef, useState } from 'react';
import type { Language } from '@amity/schema/generated/graphql';
import { edgeId, readNeighbourhood, type GEdge, type GNode, type Subgraph } from './graphData';

/**
 * What the view has read around a centre: the nodes and ties merged from every expansion, which nodes were
 * expanded, and whether the hub cut an answer short. A new centre or depth starts over; a new language reads the
 * expanded nodes again, keeping what was drawn.
 */
export function useNeighbourhood(centreId: string, depth: number, lang: Language) {
  const [nodes, setNodes] = useState<Map<string, GNode>>(new Map());
  const [edges, setEdges] = useState<Map<string, GEdge>>(new Map());
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [truncated, setTruncated] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const merge = useCallback((found: Subgraph) => {
    setNodes((current) => {
      const next = new Map(current);
      for (const node of found.nodes) next.set(node.id, node);
      return next;
    });
    setEdges((current) => {
      const next = new Map(current);
      for (const edge of found.edges) next.set(edgeId(edge), edge);
      return next;
    });
  }, []);

  const expand = useCallback(
    async (id: string, levels = 1) => {
      setLoading(true);
      setError(null);
      try {
        const found = await readNeighbourhood(id, levels, lang);
        merge(found);
        if (found.truncated) setTruncated(true);
        setExpanded((current) => new Set(current).add(id));
      } catch (e) {
        setError((e as Error).message);
      } finally {
        setLoading(false);
      }
    },
    [lang, merge],
  );

  useEffect(() => {
    setNodes(new Map());
    setEdges(new Map());
    setExpanded(new Set());
    setTruncated(false);
    void expand(centreId, depth);
    // The language is left out on purpose: names are re-read below without losing what was expanded.
  }, [centreId, depth]);

  const firstLang = useRef(lang);
  useEffect(() => {
    if (firstLang.current === lang) return;
    firstLang.current = lang;
    for (const id of expanded) void expand(id);
  }, [lang]);

  return { nodes, edges, expanded, truncated, error, setError, loading, merge, expand };
}
