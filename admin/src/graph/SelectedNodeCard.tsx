import { Box, Button, Card, CardContent, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { GNode } from './graphData';

/** The selected node, with buttons to expand it and to open its record. */
export function SelectedNodeCard({ node, expanded, onExpand, onOpen }: { node: GNode | undefined; expanded: boolean; onExpand: () => void; onOpen: () => void }) {
  const translate = useTranslate();
  return (
    <Card>
      <CardContent>
        <Typography variant="subtitle1">{translate('amity.graph.selected')}</Typography>
        {node ? (
          <Box data-testid="graph-selected">
            <Typography>
              <b>{node.displayName}</b> <span>({translate(`resources.${node.__typename}.name`, { smart_count: 1 })})</span>
            </Typography>
            <Box sx={{ display: 'flex', gap: 1, mt: 1 }}>
              <Button size="small" variant="contained" disabled={expanded} onClick={onExpand}>
                {translate('amity.graph.expand')}
              </Button>
              <Button size="small" variant="outlined" onClick={onOpen}>
                {translate('amity.graph.open')}
              </Button>
            </Box>
          </Box>
        ) : (
          <Typography variant="body2">—</Typography>
        )}
      </CardContent>
    </Card>
  );
}
