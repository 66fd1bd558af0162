import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Loading, useDataProvider, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import type { AmityDataProvider } from '../dataProvider';
import { dateLocale } from '../i18n/language';

function changes(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const out: string[] = [];
  for (const key of keys) {
    if (['updatedAt', 'version', 'createdAt'].includes(key)) continue;
    const a = JSON.stringify(before?.[key] ?? null);
    const b = JSON.stringify(after?.[key] ?? null);
    if (a !== b) out.push(`${key}: ${before ? a : ''} → ${after ? b : ''}`);
  }
  return out;
}

/** Who changed the record, when, and what changed (from the audit trail). */
export function HistoryTab() {
  const record = useRecordContext();
  const provider = useDataProvider<AmityDataProvider>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data, isPending, error } = useQuery({
    queryKey: ['history', record?.id, record?.version],
    queryFn: () => provider.history(record!.id),
    enabled: record?.id != null,
  });
  if (isPending) return <Loading />;
  if (error) return <Typography color="error">{(error as Error).message}</Typography>;
  if (!data?.length) return <Typography>{translate('amity.history.empty')}</Typography>;
  return (
    <Table size="small" data-testid="history">
      <TableHead>
        <TableRow>
          <TableCell>{translate('amity.history.at')}</TableCell>
          <TableCell>{translate('amity.history.action')}</TableCell>
          <TableCell>{translate('amity.history.actor')}</TableCell>
          <TableCell>{translate('amity.history.changes')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {[...data].reverse().map((entry, i) => (
          <TableRow key={i}>
            <TableCell>{new Date(entry.at).toLocaleString(dateLocale(locale))}</TableCell>
            <TableCell>{translate(`enums.AuditAction.${entry.action}`)}</TableCell>
            <TableCell>{entry.actorUsername ?? '—'}</TableCell>
            <TableCell sx={{ whiteSpace: 'pre-wrap', fontFamily: 'monospace', fontSize: 12 }}>{changes(entry.before, entry.after).slice(0, 30).join('\n')}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
