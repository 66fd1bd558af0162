import HubIcon from '@mui/icons-material/Hub';
import { Button, useRecordContext } from 'react-admin';
import { Link } from 'react-router-dom';

/** The way from a record's page to its graph view (/graph/:id). */
export function GraphButton() {
  const record = useRecordContext();
  if (!record) return null;
  return (
    <Button component={Link} to={graphPath(String(record.id))} label="amity.graph.button">
      <HubIcon />
    </Button>
  );
}

export function graphPath(id: string): string {
  return `/graph/${encodeURIComponent(id)}`;
}
