import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { Alert, Autocomplete, Box, Button, Card, CardContent, Checkbox, FormControlLabel, MenuItem, TextField, Typography } from '@mui/material';
import { useNavigate, useParams } from 'react-router-dom';
import { Title, useDataProvider, useLocale, useTranslate } from 'react-admin';
import { recordPath } from '../common/links';
import { graphqlQuery } from '../common/graphql';
import type { AmityDataProvider } from '../dataProvider';

interface GNode {
  __typename: string;
  id: string;
  displayName: string;
}
interface GEdge {
  kind: string | null;
  field: string | null;
  from: { id: string };
  to: { id: string };
}
interface Neighbourhood {
  nodes: GNode[];
  edges: GEdge[];
  truncated: boolean;
}

const NEIGHBOURHOOD = `
  query GraphNeighbourhood($id: ID!, $depth: Int!, $lang: Language!) {
    neighbourhood(id: $id, depth: $depth) {
      nodes {
        __typename
        id
        displayName(lang: $lang)
      }
      edges {
        kind
        field
        from {
          id
        }
        to {
          id
        }
      }
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
        nodes {
          __typename
          id
          displayName(lang: $lang)
        }
        edges {
          kind
          field
          from {
            id
          }
          to {
            id
          }
        }
      }
    }
  }
`;

const TYPE_COLOURS: Record<string, string> = {
  City: '#e53935',
  Organisation: '#1e88e5',
  Person: '#43a047',
  Partnership: '#fb8c00',
  Exchange: '#8e24aa',
  Delegation: '#00897b',
  Event: '#6d4c41',
  Country: '#757575',
};

/** The tie's kind as the filter names it: a Relationship record's kind, else the typed field (e.g. Delegation.leader). */
const edgeKind = (edge: GEdge) => edge.kind ?? edge.field ?? 'OTHER';
const edgeId = (edge: GEdge) => `${edge.from.id}|${edge.to.id}|${edgeKind(edge)}`;

const STYLE: any[] = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'background-color': 'data(colour)',
      'font-size': 10,
      'text-valign': 'bottom',
      'text-margin-y': 3,
      width: 18,
      height: 18,
      'text-wrap': 'ellipsis',
      'text-max-width': '140px',
    },
  },
  { selector: 'node.centre', style: { width: 28, height: 28, 'border-width': 3, 'border-color': '#000' } },
  { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#ffb300' } },
  { selector: 'edge', style: { width: 1.5, 'line-color': '#b0bec5', 'target-arrow-color': '#b0bec5', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier', label: 'data(label)', 'font-size': 7, color: '#78909c', 'text-rotation': 'autorotate' } },
  { selector: '.hidden', style: { display: 'none' } },
  { selector: 'node.path', style: { 'border-width': 4, 'border-color': '#d50000', width: 26, height: 26 } },
  { selector: 'edge.path', style: { width: 5, 'line-color': '#d50000', 'target-arrow-color': '#d50000', 'z-index': 10 } },
];

/** A record's neighbourhood as a network: click a node to expand it, double-click to open it; filter ties by kind; find paths. */
export default function GraphPage() {
  const { id: rawId } = useParams();
  const centreId = decodeURIComponent(rawId ?? '');
  const provider = useDataProvider<AmityDataProvider>();
  const translate = useTranslate();
  const locale = useLocale();
  const lang = locale === 'en' ? 'en' : 'zh';
  const navigate = useNavigate();
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const [nodes, setNodes] = useState<Map<string, GNode>>(new Map());
  const [edges, setEdges] = useState<Map<string, GEdge>>(new Map());
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [hiddenKinds, setHiddenKinds] = useState<Set<string>>(new Set());
  const [selected, setSelected] = useState<string | null>(null);
  const [depth, setDepth] = useState(1);
  const [truncated, setTruncated] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  // The path finder.
  const [target, setTarget] = useState<{ id: string; __typename: string; displayName: string } | null>(null);
  const [options, setOptions] = useState<Array<{ id: string; __typename: string; displayName: string }>>([]);
  const [query, setQuery] = useState('');
  const [path, setPath] = useState<{ nodes: GNode[]; edges: GEdge[] } | null | undefined>(undefined);
  const [pathBusy, setPathBusy] = useState(false);

  const merge = useCallback((found: { nodes: GNode[]; edges: GEdge[] }) => {
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
        const data = await graphqlQuery<{ neighbourhood: Neighbourhood }>(NEIGHBOURHOOD, { id, depth: levels, lang });
        merge(data.neighbourhood);
        if (data.neighbourhood.truncated) setTruncated(true);
        setExpanded((current) => new Set(current).add(id));
      } catch (e) {
        setError((e as Error).message);
      } finally {
        setLoading(false);
      }
    },
    [lang, merge],
  );

  // A new centre or depth starts over.
  useEffect(() => {
    setNodes(new Map());
    setEdges(new Map());
    setExpanded(new Set());
    setTruncated(false);
    setPath(undefined);
    setSelected(centreId);
    void expand(centreId, depth);
    // The language is left out on purpose: names are re-read below without losing what was expanded.
  }, [centreId, depth]);

  // The cytoscape instance, made once.
  useEffect(() => {
    if (!container.current) return;
    const cy = cytoscape({ container: container.current, style: STYLE, minZoom: 0.1, maxZoom: 4 });
    cyRef.current = cy;
    (window as any).amityGraph = cy;
    return () => {
      cy.destroy();
      cyRef.current = null;
    };
  }, []);

  // Taps: a click expands (and selects), a double click opens the record.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const onTap = (event: cytoscape.EventObject) => {
      const id = event.target.id() as string;
      setSelected(id);
      void expand(id);
    };
    const onDoubleTap = (event: cytoscape.EventObject) => {
      navigate(recordPath(event.target.data('typename') as string, event.target.id() as string));
    };
    cy.on('tap', 'node', onTap);
    cy.on('dbltap', 'node', onDoubleTap);
    return () => {
      cy.off('tap', 'node', onTap);
      cy.off('dbltap', 'node', onDoubleTap);
    };
  }, [expand, navigate]);

  /** A kind's label: a Relationship kind from the enum's labels, a typed field as "type · field" in the UI's language. */
  const kindLabel = (kind: string) => {
    const [type, field] = kind.split('.');
    if (!field) return translate(`enums.RelationshipKind.${kind}`);
    return `${translate(`resources.${type}.name`, { smart_count: 1 })} · ${translate(`resources.${type}.fields.${field}`)}`;
  };

  const kinds = useMemo(() => [...new Set([...edges.values()].map(edgeKind))].sort(), [edges]);

  // The drawing follows the state: elements added, filtered and highlighted; a layout when new nodes came.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    let added = false;
    const additions: ElementDefinition[] = [];
    for (const node of nodes.values()) {
      const existing = cy.getElementById(node.id);
      if (existing.nonempty()) existing.data('label', node.displayName);
      else additions.push({ group: 'nodes', data: { id: node.id, label: node.displayName, typename: node.__typename, colour: TYPE_COLOURS[node.__typename] ?? '#546e7a' } });
    }
    if (additions.length > 0) {
      cy.add(additions);
      added = true;
    }
    const edgeAdditions: ElementDefinition[] = [];
    for (const [key, edge] of edges) {
      if (cy.getElementById(key).empty() && nodes.has(edge.from.id) && nodes.has(edge.to.id))
        edgeAdditions.push({ group: 'edges', data: { id: key, source: edge.from.id, target: edge.to.id, kind: edgeKind(edge) } });
    }
    if (edgeAdditions.length > 0) {
      cy.add(edgeAdditions);
      added = true;
    }
    cy.batch(() => {
      cy.elements().removeClass('centre path');
      cy.getElementById(centreId).addClass('centre');
      cy.edges().forEach((edge) => {
        edge.data('label', kindLabel(edge.data('kind') as string));
        edge.toggleClass('hidden', hiddenKinds.has(edge.data('kind') as string));
      });
      // A node stays when a visible tie reaches it, or it is the centre or on the path.
      const onPath = new Set(path?.nodes.map((n) => n.id) ?? []);
      cy.nodes().forEach((node) => {
        const visible = node.id() === centreId || onPath.has(node.id()) || node.connectedEdges().filter((edge) => !edge.hasClass('hidden')).nonempty();
        node.toggleClass('hidden', !visible);
      });
      if (path) {
        for (const node of path.nodes) cy.getElementById(node.id).addClass('path');
        for (const edge of path.edges) cy.getElementById(edgeId(edge)).addClass('path').removeClass('hidden');
      }
      cy.getElementById(selected ?? '').select();
    });
    if (added) cy.elements(':visible').layout({ name: 'cose', animate: false, randomize: false, nodeDimensionsIncludeLabels: true, padding: 30 } as any).run();
  }, [nodes, edges, hiddenKinds, path, centreId, selected, locale]);

  // Names in the chosen language: what is drawn is read again when the language changes.
  const firstLang = useRef(lang);
  useEffect(() => {
    if (firstLang.current === lang) return;
    firstLang.current = lang;
    for (const id of expanded) void expand(id);
  }, [lang]);

  // The path finder's search, as you type, in any script.
  useEffect(() => {
    if (query.trim().length < 1) return;
    let live = true;
    const timer = setTimeout(() => {
      provider
        .search(query.trim())
        .then((found) => live && setOptions(found))
        .catch(() => undefined);
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, provider]);

  const findPath = async () => {
    if (!target) return;
    setPathBusy(true);
    setError(null);
    try {
      const data = await graphqlQuery<{ paths: { paths: Array<{ nodes: GNode[]; edges: GEdge[] }> } }>(PATHS, { from: centreId, to: target.id, maxHops: 6, lang });
      const first = data.paths.paths[0] ?? null;
      if (first) merge(first);
      setPath(first);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setPathBusy(false);
    }
  };

  const centre = nodes.get(centreId);
  const selectedNode = selected ? nodes.get(selected) : undefined;
  return (
    <Box sx={{ p: 2 }} data-testid="graph-view">
      <Title title={`${translate('amity.graph.title')}${centre ? ` · ${centre.displayName}` : ''}`} />
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 1, flexWrap: 'wrap' }}>
        <Typography variant="h5">
          {translate('amity.graph.title')}
          {centre ? ` · ${centre.displayName}` : ''}
        </Typography>
        <TextField select size="small" fullWidth={false} label={translate('amity.graph.depth')} value={depth} onChange={(e) => setDepth(Number(e.target.value))} sx={{ minWidth: 100 }} data-testid="graph-depth">
          {[1, 2, 3].map((d) => (
            <MenuItem key={d} value={d}>
              {d}
            </MenuItem>
          ))}
        </TextField>
        {centre && (
          <Button variant="outlined" onClick={() => navigate(recordPath(centre.__typename, centre.id))}>
            {translate('amity.graph.open_centre')}
          </Button>
        )}
        <Typography variant="body2" color="text.secondary" data-testid="graph-counts">
          {translate('amity.graph.counts', { nodes: nodes.size, edges: edges.size })}
          {loading ? ` · ${translate('ra.page.loading')}` : ''}
        </Typography>
      </Box>
      {error && <Alert severity="error">{error}</Alert>}
      {truncated && <Alert severity="warning">{translate('amity.graph.truncated')}</Alert>}
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 320px' }, gap: 2 }}>
        <Card>
          <Box ref={container} data-testid="graph-canvas" sx={{ height: 560, width: '100%' }} />
          <Typography variant="caption" color="text.secondary" sx={{ px: 2, pb: 1, display: 'block' }}>
            {translate('amity.graph.help')}
          </Typography>
        </Card>
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, minWidth: 0 }}>
          <Card>
            <CardContent>
              <Typography variant="subtitle1">{translate('amity.graph.selected')}</Typography>
              {selectedNode ? (
                <Box data-testid="graph-selected">
                  <Typography>
                    <b>{selectedNode.displayName}</b> <span>({translate(`resources.${selectedNode.__typename}.name`, { smart_count: 1 })})</span>
                  </Typography>
                  <Box sx={{ display: 'flex', gap: 1, mt: 1 }}>
                    <Button size="small" variant="contained" disabled={expanded.has(selectedNode.id)} onClick={() => void expand(selectedNode.id)}>
                      {translate('amity.graph.expand')}
                    </Button>
                    <Button size="small" variant="outlined" onClick={() => navigate(recordPath(selectedNode.__typename, selectedNode.id))}>
                      {translate('amity.graph.open')}
                    </Button>
                  </Box>
                </Box>
              ) : (
                <Typography variant="body2">—</Typography>
              )}
            </CardContent>
          </Card>
          <Card>
            <CardContent>
              <Typography variant="subtitle1">{translate('amity.graph.kinds')}</Typography>
              <Box data-testid="graph-kinds" sx={{ display: 'flex', flexDirection: 'column' }}>
                {kinds.map((kind) => (
                  <FormControlLabel
                    key={kind}
                    control={
                      <Checkbox
                        size="small"
                        checked={!hiddenKinds.has(kind)}
                        onChange={(e) =>
                          setHiddenKinds((current) => {
                            const next = new Set(current);
                            if (e.target.checked) next.delete(kind);
                            else next.add(kind);
                            return next;
                          })
                        }
                      />
                    }
                    label={`${kindLabel(kind)} (${[...edges.values()].filter((edge) => edgeKind(edge) === kind).length})`}
                  />
                ))}
              </Box>
            </CardContent>
          </Card>
          <Card>
            <CardContent>
              <Typography variant="subtitle1">{translate('amity.graph.path_title')}</Typography>
              <Typography variant="body2" color="text.secondary">
                {translate('amity.graph.path_from', { name: centre?.displayName ?? '' })}
              </Typography>
              <Autocomplete
                size="small"
                options={options}
                value={target}
                filterOptions={(x) => x}
                getOptionLabel={(option) => option.displayName}
                isOptionEqualToValue={(a, b) => a.id === b.id}
                onChange={(_, value) => {
                  setTarget(value);
                  setPath(undefined);
                }}
                onInputChange={(_, value) => setQuery(value)}
                renderOption={(props, option) => (
                  <li {...props} key={option.id}>
                    {option.displayName} <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 1 }}>{translate(`resources.${option.__typename}.name`, { smart_count: 1 })}</Typography>
                  </li>
                )}
                renderInput={(params) => <TextField {...params} label={translate('amity.graph.path_to')} sx={{ mt: 1 }} />}
              />
              <Button sx={{ mt: 1 }} variant="contained" size="small" disabled={!target || pathBusy} onClick={() => void findPath()}>
                {translate('amity.graph.find_path')}
              </Button>
              {path === null && (
                <Alert severity="info" sx={{ mt: 1 }} data-testid="graph-path-none">
                  {translate('amity.graph.no_path')}
                </Alert>
              )}
              {path && (
                <Box component="ol" data-testid="graph-path" sx={{ mt: 1, pl: 3, mb: 0 }}>
                  {path.nodes.map((node, i) => (
                    <li key={node.id}>
                      <b>{node.displayName}</b>
                      {path.edges[i] && (
                        <Typography component="div" variant="caption" color="text.secondary">
                          {path.edges[i].from.id === node.id ? '↓' : '↑'} {kindLabel(edgeKind(path.edges[i]))}
                        </Typography>
                      )}
                    </li>
                  ))}
                </Box>
              )}
            </CardContent>
          </Card>
        </Box>
      </Box>
    </Box>
  );
}
