import { Alert, Box, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { useLocale } from 'react-admin';
import { recordPath } from '../common/links';
import { dateLocale } from '../i18n/language';
import type { DatedRecord } from './dashboardData';

/** Records with their start dates, each linking to its page; `empty` is said when there are none. */
export function DatedList({ items, empty, testId }: { items: DatedRecord[]; empty?: string; testId: string }) {
  const locale = useLocale();
  const dates = new Intl.DateTimeFormat(dateLocale(locale), { dateStyle: 'medium', timeZone: 'UTC' });
  if (items.length === 0) return empty ? <Alert severity="info" data-testid={testId}>{empty}</Alert> : null;
  return (
    <Box component="ul" data-testid={testId} sx={{ m: 0, pl: 2 }}>
      {items.map((item) => (
        <li key={item.id}>
          <Link to={recordPath(item.__typename, item.id)}>{item.displayName}</Link>{' '}
          <Typography component="span" variant="body2" color="text.secondary">
            {item.startDate ? dates.format(new Date(`${item.startDate}T00:00:00Z`)) : ''}
          </Typography>
        </li>
      ))}
    </Box>
  );
}
