import { Box, Card, CardContent, Checkbox, FormControlLabel, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { edgeKind, type GEdge } from './graphData';

/** One checkbox per kind of tie drawn, with how many there are; unticking one hides its ties. */
export function KindFilter({ edges, hidden, onChange, kindLabel }: { edges: Map<string, GEdge>; hidden: Set<string>; onChange: (hidden: Set<string>) => void; kindLabel: (kind: string) => string }) {
  const translate = useTranslate();
  const all = [...edges.values()];
  const kinds = [...new Set(all.map(edgeKind))].sort();
  const toggle = (kind: string, shown: boolean) => {
    const next = new Set(hidden);
    if (shown) next.delete(kind);
    else next.add(kind);
    onChange(next);
  };
  return (
    <Card>
      <CardContent>
        <Typography variant="subtitle1">{translate('amity.graph.kinds')}</Typography>
        <Box data-testid="graph-kinds" sx={{ display: 'flex', flexDirection: 'column' }}>
          {kinds.map((kind) => (
            <FormControlLabel
              key={kind}
              control={<Checkbox size="small" checked={!hidden.has(kind)} onChange={(e) => toggle(kind, e.target.checked)} />}
              label={`${kindLabel(kind)} (${all.filter((edge) => edgeKind(edge) === kind).length})`}
            />
          ))}
        </Box>
      </CardContent>
    </Card>
  );
}
