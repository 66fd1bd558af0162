import { useCallback, useEffect, useState } from 'react';
import { Alert, Box, Button, Card, MenuItem, TextField, Typography } from '@mui/material';
import { useNavigate, useParams } from 'react-router-dom';
import { Title, useLocale, useTranslate } from 'react-admin';
import { recordPath } from '../common/links';
import { apiLanguage } from '../i18n/language';
import { readFirstPath, type Subgraph } from './graphData';
import { useNeighbourhood } from './useNeighbourhood';
import { useKindLabel } from './useKindLabel';
import { GraphCanvas } from './GraphCanvas';
import { SelectedNodeCard } from './SelectedNodeCard';
import { KindFilter } from './KindFilter';
import { PathFinder } from './PathFinder';

/** A record's neighbourhood as a network (the route /graph/:id): click a node to expand it, double-click to open it; filter ties by kind; find paths. */
export default function GraphPage() {
  const { id: rawId } = useParams();
  const centreId = decodeURIComponent(rawId ?? '');
  const translate = useTranslate();
  const lang = apiLanguage(useLocale());
  const navigate = useNavigate();
  const kindLabel = useKindLabel();
  const [depth, setDepth] = useState(1);
  const graph = useNeighbourhood(centreId, depth, lang);
  const [hiddenKinds, setHiddenKinds] = useState<Set<string>>(new Set());
  const [selected, setSelected] = useState<string | null>(null);
  const [path, setPath] = useState<Subgraph | null | undefined>(undefined);
  const [pathBusy, setPathBusy] = useState(false);
  const { expand, merge, setError } = graph;

  // A new centre or depth starts over: the centre selected, no path.
  useEffect(() => {
    setPath(undefined);
    setSelected(centreId);
  }, [centreId, depth]);

  const open = useCallback((typename: string, id: string) => navigate(recordPath(typename, id)), [navigate]);
  const tap = useCallback(
    (id: string) => {
      setSelected(id);
      void expand(id);
    },
    [expand],
  );

  const findPath = async (targetId: string) => {
    setPathBusy(true);
    setError(null);
    try {
      const first = await readFirstPath(centreId, targetId, lang);
      if (first) merge(first);
      setPath(first);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setPathBusy(false);
    }
  };

  const centre = graph.nodes.get(centreId);
  const selectedNode = selected ? graph.nodes.get(selected) : undefined;
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
          <Button variant="outlined" onClick={() => open(centre.__typename, centre.id)}>
            {translate('amity.graph.open_centre')}
          </Button>
        )}
        <Typography variant="body2" color="text.secondary" data-testid="graph-counts">
          {translate('amity.graph.counts', { nodes: graph.nodes.size, edges: graph.edges.size })}
          {graph.loading ? ` · ${translate('ra.page.loading')}` : ''}
        </Typography>
      </Box>
      {graph.error && <Alert severity="error">{graph.error}</Alert>}
      {graph.truncated && <Alert severity="warning">{translate('amity.graph.truncated')}</Alert>}
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 320px' }, gap: 2 }}>
        <Card>
          <GraphCanvas nodes={graph.nodes} edges={graph.edges} centreId={centreId} selected={selected} hiddenKinds={hiddenKinds} path={path} kindLabel={kindLabel} onTap={tap} onOpen={open} />
          <Typography variant="caption" color="text.secondary" sx={{ px: 2, pb: 1, display: 'block' }}>
            {translate('amity.graph.help')}
          </Typography>
        </Card>
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, minWidth: 0 }}>
          <SelectedNodeCard
            node={selectedNode}
            expanded={!!selectedNode && graph.expanded.has(selectedNode.id)}
            onExpand={() => selectedNode && void expand(selectedNode.id)}
            onOpen={() => selectedNode && open(selectedNode.__typename, selectedNode.id)}
          />
          <KindFilter edges={graph.edges} hidden={hiddenKinds} onChange={setHiddenKinds} kindLabel={kindLabel} />
          <PathFinder centre={centre} path={path} busy={pathBusy} onFind={(targetId) => void findPath(targetId)} onTargetChange={() => setPath(undefined)} kindLabel={kindLabel} />
        </Box>
      </Box>
    </Box>
  );
}
