import { useEffect, useState } from 'react';
import { Alert, Autocomplete, Box, Button, Card, CardContent, TextField, Typography } from '@mui/material';
import { useDataProvider, useTranslate } from 'react-admin';
import type { AmityDataProvider } from '../dataProvider';
import { edgeKind, type GNode, type Subgraph } from './graphData';

type Found = { id: string; __typename: string; displayName: string };

interface Props {
  centre: GNode | undefined;
  /** The path found: undefined before a search, null when there is none. */
  path: Subgraph | null | undefined;
  busy: boolean;
  onFind: (targetId: string) => void;
  /** A new target forgets the path found for the last one. */
  onTargetChange: () => void;
  kindLabel: (kind: string) => string;
}

/** From the centre to a record searched by name as you type (any script); the path found, step by step. */
export function PathFinder({ centre, path, busy, onFind, onTargetChange, kindLabel }: Props) {
  const provider = useDataProvider<AmityDataProvider>();
  const translate = useTranslate();
  const [target, setTarget] = useState<Found | null>(null);
  const [options, setOptions] = useState<Found[]>([]);
  const [query, setQuery] = useState('');

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

  return (
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
            onTargetChange();
          }}
          onInputChange={(_, value) => setQuery(value)}
          renderOption={(props, option) => (
            <li {...props} key={option.id}>
              {option.displayName} <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 1 }}>{translate(`resources.${option.__typename}.name`, { smart_count: 1 })}</Typography>
            </li>
          )}
          renderInput={(params) => <TextField {...params} label={translate('amity.graph.path_to')} sx={{ mt: 1 }} />}
        />
        <Button sx={{ mt: 1 }} variant="contained" size="small" disabled={!target || busy} onClick={() => target && onFind(target.id)}>
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
  );
}
