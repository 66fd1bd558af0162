import { Box, Typography } from '@mui/material';
import { useLocale, useTranslate } from 'react-admin';
import type { ReportLineFigure } from '@amity/schema/generated/graphql';
import { dateLocale } from '../i18n/language';
import type { ReportLines } from './dashboardData';

type Figure = Pick<ReportLineFigure, 'change' | 'changePercent'>;

function changeText({ change, changePercent }: Figure): string {
  if (change == null) return '';
  const sign = change > 0 ? '+' : '';
  return `${sign}${change}${changePercent != null ? ` (${sign}${changePercent}%)` : ''}`;
}

const changeColour = ({ change }: Figure) => ((change ?? 0) > 0 ? 'success.main' : (change ?? 0) < 0 ? 'error.main' : undefined);

interface Props {
  lines: ReportLines;
  year: number;
  compareTo: number;
  /**
   * Whether the year compared with has records. Without any, its figures are zeros only because nothing was
   * entered, and a change against them ("+28") would read as growth: no comparison or change is shown then.
   */
  compareHasRecords: boolean;
}

/** The annual report's figures, the year against the year compared with. */
export function ReportFigures({ lines, year, compareTo, compareHasRecords }: Props) {
  const translate = useTranslate();
  const locale = useLocale();
  const numbers = new Intl.NumberFormat(dateLocale(locale));
  const inLanguage = (label: { zh: string; en: string }) => (locale === 'en' ? label.en : label.zh);
  return (
    <>
      <Box component="table" data-testid="dashboard-figures" sx={{ width: '100%', borderCollapse: 'collapse', '& td, & th': { p: 0.5, borderBottom: '1px solid #eee', textAlign: 'right' }, '& th': { whiteSpace: 'nowrap' }, '& td:first-of-type, & th:first-of-type': { textAlign: 'left' } }}>
        <thead>
          <tr>
            <th>{translate('amity.dashboard.figure')}</th>
            <th>{year}</th>
            <th>{compareTo}</th>
            <th>{translate('amity.dashboard.change')}</th>
          </tr>
        </thead>
        <tbody>
          {lines.flatMap((line) =>
            line.figures.map((figure, index) => (
              <tr key={`${line.key}.${figure.key}`} data-key={`${line.key}.${figure.key}`}>
                <td>
                  {index === 0 ? inLanguage(line.label) : ''}{' '}
                  <Typography component="span" variant="caption" color="text.secondary">
                    {inLanguage(figure.unit)}
                  </Typography>
                </td>
                <td>
                  <b>{numbers.format(figure.value)}</b>
                </td>
                <td>{compareHasRecords && figure.compareValue != null ? numbers.format(figure.compareValue) : '—'}</td>
                <Box component="td" data-testid="figure-change" sx={{ color: compareHasRecords ? changeColour(figure) : undefined }}>
                  {compareHasRecords ? changeText(figure) : ''}
                </Box>
              </tr>
            )),
          )}
        </tbody>
      </Box>
      {!compareHasRecords && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }} data-testid="dashboard-no-comparison">
          {translate('amity.dashboard.no_comparison', { year: compareTo })}
        </Typography>
      )}
    </>
  );
}
