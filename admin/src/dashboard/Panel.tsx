import { Suspense, type ReactNode } from 'react';
import { Card, CardContent, CircularProgress, Typography } from '@mui/material';

/** One card of the dashboard: a title, and its content once `ready` and its code loaded (a spinner until then). */
export function Panel({ title, children, testId, wide, ready }: { title: string; children: ReactNode; testId: string; wide?: boolean; ready: boolean }) {
  return (
    <Card data-testid={testId} sx={{ gridColumn: wide ? { md: 'span 2' } : undefined, minWidth: 0 }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {title}
        </Typography>
        {ready ? <Suspense fallback={<CircularProgress size={24} />}>{children}</Suspense> : <CircularProgress size={24} />}
      </CardContent>
    </Card>
  );
}
