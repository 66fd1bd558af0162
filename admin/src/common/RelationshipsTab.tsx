import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Loading, useDataProvider, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import type { AmityDataProvider } from '../dataProvider';
import { RecordLink } from './fields';

/** Every tie of a record, typed fields (Delegation.leader) and Relationship records alike, each linking onward. */
export function RelationshipsTab() {
  const record = useRecordContext();
  const provider = useDataProvider<AmityDataProvider>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data, isPending, error } = useQuery({
    queryKey: ['relationships', record?.id, locale],
    queryFn: () => provider.relationships(record!.id),
    enabled: record?.id != null,
  });
  if (isPending) return <Loading />;
  if (error) return <Typography color="error">{(error as Error).message}</Typography>;
  if (!data?.length) return <Typography>{translate('amity.relationships.empty')}</Typography>;
  return (
    <Table size="small" data-testid="relationships">
      <TableHead>
        <TableRow>
          <TableCell>{translate('amity.relationships.kind')}</TableCell>
          <TableCell>{translate('amity.relationships.direction')}</TableCell>
          <TableCell>{translate('amity.relationships.other')}</TableCell>
          <TableCell>{translate('amity.relationships.role')}</TableCell>
          <TableCell>{translate('amity.relationships.dates')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {data.map((edge, i) => (
          <TableRow key={`${edge.relationship?.id ?? edge.field}-${edge.other.id}-${i}`}>
            <TableCell>
              {edge.field ? translate(`resources.any.fields.${edge.field.split('.').pop()}`) : edge.relationship ? <RecordLink value={{ __typename: 'Relationship', id: edge.relationship.id, displayName: translate(`enums.RelationshipKind.${edge.kind}`) }} /> : edge.kind}
            </TableCell>
            <TableCell>{translate(`amity.relationships.${edge.direction}`)}</TableCell>
            <TableCell>
              <RecordLink value={edge.other} /> <Typography component="span" variant="caption" color="text.secondary">{translate(`resources.${edge.other.__typename}.name`, { smart_count: 1 })}</Typography>
            </TableCell>
            <TableCell>{edge.role}</TableCell>
            <TableCell>{[edge.startDate, edge.endDate].filter(Boolean).join(' – ')}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
