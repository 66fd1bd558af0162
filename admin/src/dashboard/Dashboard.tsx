import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Box, Card, CardContent, CircularProgress, MenuItem, TextField, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { Title, useLocale, useTranslate } from 'react-admin';
import land from 'virtual:world-land';
import { recordPath } from '../common/links';
import { graphqlQuery } from '../common/graphql';
import { dateLocale } from '../i18n/language';

type Label = { zh: string; en: string };
interface ReportLine {
  key: string;
  label: Label;
  figures: Array<{ key: string; unit: Label; value: number; compareValue: number | null; change: number | null; changePercent: number | null }>;
}
interface Group {
  count: number;
  personTimes: number;
  month?: number | null;
  channel?: string | null;
  year?: number | null;
}
interface Dated {
  __typename: string;
  id: string;
  displayName: string;
  startDate: string | null;
}
interface PartnerDot {
  id: string;
  level: string;
  partnerCity: { id: string; displayName: string; latitude: number | null; longitude: number | null } | null;
}

export const LEVEL_COLOURS: Record<string, string> = { SISTER_CITY: '#c62828', FRIENDLY_EXCHANGE: '#1565c0', PROSPECT: '#9e9e9e' };

const YEARS = `
  query DashboardYears {
    stats {
      delegations(groupBy: [YEAR]) {
        year
        count
      }
    }
  }
`;

const YEAR_DATA = `
  query DashboardYear($year: Int!, $compareTo: Int!, $filter: DelegationFilter!, $lang: Language!) {
    annualReport(year: $year, compareTo: $compareTo) {
      year
      compareTo
      lines {
        key
        label {
          zh
          en
        }
        figures {
          key
          unit {
            zh
            en
          }
          value
          compareValue
          change
          changePercent
        }
      }
    }
    stats {
      byMonth: delegations(groupBy: [MONTH], filter: $filter) {
        month
        count
        personTimes
      }
      byChannel: delegations(groupBy: [CHANNEL], filter: $filter) {
        channel
        count
        personTimes
      }
    }
    partnerships(perPage: 500) {
      items {
        id
        level
        partnerCity {
          id
          displayName(lang: $lang)
          latitude
          longitude
        }
      }
    }
  }
`;

const DATED = `
  query DashboardDated($today: LocalDate!, $lang: Language!) {
    upcomingDelegations: delegations(filter: { startDateFrom: $today }, sort: [{ field: startDate, order: ASC }], perPage: 5) {
      items {
        __typename
        id
        displayName(lang: $lang)
        startDate
      }
    }
    upcomingEvents: events(filter: { startDateFrom: $today }, sort: [{ field: startDate, order: ASC }], perPage: 5) {
      items {
        __typename
        id
        displayName(lang: $lang)
        startDate
      }
    }
    latestDelegations: delegations(filter: { startDateTo: $today }, sort: [{ field: startDate, order: DESC }], perPage: 5) {
      items {
        __typename
        id
        displayName(lang: $lang)
        startDate
      }
    }
    latestEvents: events(filter: { startDateTo: $today }, sort: [{ field: startDate, order: DESC }], perPage: 5) {
      items {
        __typename
        id
        displayName(lang: $lang)
        startDate
      }
    }
  }
`;

function Panel({ title, children, testId, wide }: { title: string; children: ReactNode; testId: string; wide?: boolean }) {
  return (
    <Card data-testid={testId} sx={{ gridColumn: wide ? { md: 'span 2' } : undefined, minWidth: 0 }}>
      <CardContent>
        <Typography variant="h6" gutterBottom>
          {title}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
}

function changeText(change: number | null, percent: number | null): string {
  if (change == null) return '';
  const sign = change > 0 ? '+' : '';
  return `${sign}${change}${percent != null ? ` (${sign}${percent}%)` : ''}`;
}

/** The annual report's figures, this year against the year compared with. */
function Figures({ lines, year, compareTo, locale }: { lines: ReportLine[]; year: number; compareTo: number; locale: string }) {
  const translate = useTranslate();
  const numbers = new Intl.NumberFormat(dateLocale(locale));
  return (
    <Box component="table" data-testid="dashboard-figures" sx={{ width: '100%', borderCollapse: 'collapse', '& td, & th': { p: 0.5, borderBottom: '1px solid #eee', textAlign: 'right' }, '& td:first-of-type, & th:first-of-type': { textAlign: 'left' } }}>
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
                {index === 0 ? (locale === 'en' ? line.label.en : line.label.zh) : ''}{' '}
                <Typography component="span" variant="caption" color="text.secondary">
                  {locale === 'en' ? figure.unit.en : figure.unit.zh}
                </Typography>
              </td>
              <td>
                <b>{numbers.format(figure.value)}</b>
              </td>
              <td>{figure.compareValue != null ? numbers.format(figure.compareValue) : '—'}</td>
              <Box component="td" sx={{ color: (figure.change ?? 0) > 0 ? 'success.main' : (figure.change ?? 0) < 0 ? 'error.main' : undefined }}>
                {changeText(figure.change, figure.changePercent)}
              </Box>
            </tr>
          )),
        )}
      </tbody>
    </Box>
  );
}

/** A plain SVG bar chart: one bar a value, labels under the bars, the value over each. */
export function BarChart({ bars, label, testId }: { bars: Array<{ key: string; label: string; value: number; title?: string }>; label: string; testId: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const width = 36;
  const height = 120;
  const total = bars.length * width;
  return (
    <svg data-testid={testId} role="img" aria-label={label} viewBox={`0 0 ${total} ${height + 36}`} style={{ width: '100%', maxHeight: 220 }}>
      {bars.map((bar, i) => {
        const h = Math.round((bar.value / max) * height);
        const x = i * width + 6;
        return (
          <g key={bar.key} data-key={bar.key}>
            <title>{`${bar.title ?? bar.label}: ${bar.value}`}</title>
            <rect x={x} y={height - h + 14} width={width - 12} height={h} fill="#1976d2" />
            <text x={x + (width - 12) / 2} y={height - h + 10} fontSize="10" textAnchor="middle">
              {bar.value}
            </text>
            <text x={x + (width - 12) / 2} y={height + 28} fontSize="9" textAnchor="middle">
              {bar.label.length > 6 ? `${bar.label.slice(0, 5)}…` : bar.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Plain SVG horizontal bars, for categories whose names are long (channels). */
export function HorizontalBarChart({ bars, label, testId }: { bars: Array<{ key: string; label: string; value: number }>; label: string; testId: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const row = 26;
  return (
    <svg data-testid={testId} role="img" aria-label={label} viewBox={`0 0 400 ${bars.length * row + 4}`} style={{ width: '100%', maxHeight: 220 }}>
      {bars.map((bar, i) => {
        const w = Math.round((bar.value / max) * 220);
        const y = i * row + 4;
        return (
          <g key={bar.key} data-key={bar.key}>
            <title>{`${bar.label}: ${bar.value}`}</title>
            <text x={130} y={y + 14} fontSize="12" textAnchor="end">
              {bar.label}
            </text>
            <rect x={138} y={y} width={w} height={row - 8} fill="#00897b" />
            <text x={142 + w} y={y + 14} fontSize="11">
              {bar.value}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Partner cities on the world's land (shipped in the bundle), a dot a city coloured by the partnership's level. */
function WorldMap({ items }: { items: PartnerDot[] }) {
  const translate = useTranslate();
  const placed = items.filter((item) => item.partnerCity?.latitude != null && item.partnerCity?.longitude != null);
  const levels = Object.keys(LEVEL_COLOURS).filter((level) => items.some((item) => item.level === level));
  return (
    <div>
      <svg data-testid="dashboard-map" viewBox="0 0 360 150" role="img" aria-label={translate('amity.dashboard.map')} style={{ width: '100%', background: '#e3f2fd' }}>
        <path d={land} fill="#cfd8dc" stroke="#90a4ae" strokeWidth={0.2} />
        {placed.map((item) => (
          <Link key={item.id} to={recordPath('City', item.partnerCity!.id)}>
            <circle className="partner-city" data-level={item.level} cx={item.partnerCity!.longitude! + 180} cy={90 - item.partnerCity!.latitude!} r={2.2} fill={LEVEL_COLOURS[item.level] ?? '#555'} stroke="#fff" strokeWidth={0.4}>
              <title>{`${item.partnerCity!.displayName} · ${translate(`enums.PartnershipLevel.${item.level}`)}`}</title>
            </circle>
          </Link>
        ))}
      </svg>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', mt: 1 }}>
        {levels.map((level) => (
          <Box key={level} sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
            <Box sx={{ width: 10, height: 10, borderRadius: '50%', background: LEVEL_COLOURS[level] }} />
            <Typography variant="body2">
              {translate(`enums.PartnershipLevel.${level}`)} ({items.filter((item) => item.level === level).length})
            </Typography>
          </Box>
        ))}
      </Box>
    </div>
  );
}

function DatedList({ items, empty, locale, testId }: { items: Dated[]; empty?: string; locale: string; testId: string }) {
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

/** The home page: the year's figures against the year before, delegations by month and channel, partner cities, what comes next. */
export function Dashboard() {
  const translate = useTranslate();
  const locale = useLocale();
  const lang = locale === 'en' ? 'en' : 'zh';
  const [years, setYears] = useState<number[] | null>(null);
  const [year, setYear] = useState<number | null>(null);
  const [data, setData] = useState<any>(null);
  const [dated, setDated] = useState<any>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    graphqlQuery<{ stats: { delegations: Group[] } }>(YEARS)
      .then((answer) => {
        if (!live) return;
        const thisYear = new Date().getFullYear();
        const found = answer.stats.delegations.map((g) => g.year).filter((y): y is number => y != null && y <= thisYear + 1).sort((a, b) => b - a);
        const list = found.length > 0 ? found : [thisYear];
        setYears(list);
        setYear((current) => current ?? list[0]);
      })
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (year == null) return;
    let live = true;
    setData(null);
    graphqlQuery(YEAR_DATA, { year, compareTo: year - 1, lang, filter: { startDateFrom: `${year}-01-01`, startDateTo: `${year}-12-31` } })
      .then((answer) => live && setData(answer))
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [year, lang]);

  useEffect(() => {
    let live = true;
    const today = new Date().toISOString().slice(0, 10);
    graphqlQuery(DATED, { today, lang })
      .then((answer) => live && setDated(answer))
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [lang]);

  const months = Array.from({ length: 12 }, (_, i) => {
    const group = (data?.stats.byMonth as Group[] | undefined)?.find((g) => g.month === i + 1);
    return { key: String(i + 1), label: translate(`amity.dashboard.months.${i + 1}`), value: group?.count ?? 0 };
  });
  const channels = ((data?.stats.byChannel as Group[] | undefined) ?? []).map((g) => ({
    key: g.channel ?? 'NONE',
    label: g.channel ? translate(`enums.DelegationChannel.${g.channel}`) : '—',
    value: g.count,
  }));

  return (
    <Box sx={{ p: 2 }} data-testid="dashboard">
      <Title title={translate('amity.dashboard.title')} />
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 2 }}>
        <Typography variant="h5">{translate('amity.dashboard.title')}</Typography>
        {years && year != null && (
          <TextField select size="small" fullWidth={false} label={translate('amity.dashboard.year')} value={year} onChange={(e) => setYear(Number(e.target.value))} data-testid="dashboard-year" sx={{ minWidth: 120 }}>
            {years.map((y) => (
              <MenuItem key={y} value={y}>
                {y}
              </MenuItem>
            ))}
          </TextField>
        )}
      </Box>
      {error && <Alert severity="error">{error}</Alert>}
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, gap: 2 }}>
        <Panel title={translate('amity.dashboard.figures', { year: year ?? '', compareTo: year != null ? year - 1 : '' })} testId="panel-figures" wide>
          {data ? <Figures lines={data.annualReport.lines} year={data.annualReport.year} compareTo={data.annualReport.compareTo} locale={locale} /> : <CircularProgress size={24} />}
        </Panel>
        <Panel title={translate('amity.dashboard.by_month', { year: year ?? '' })} testId="panel-by-month">
          {data ? <BarChart bars={months} label={translate('amity.dashboard.by_month', { year })} testId="chart-by-month" /> : <CircularProgress size={24} />}
        </Panel>
        <Panel title={translate('amity.dashboard.by_channel', { year: year ?? '' })} testId="panel-by-channel">
          {data ? <HorizontalBarChart bars={channels} label={translate('amity.dashboard.by_channel', { year })} testId="chart-by-channel" /> : <CircularProgress size={24} />}
        </Panel>
        <Panel title={translate('amity.dashboard.map')} testId="panel-map" wide>
          {data ? <WorldMap items={data.partnerships.items} /> : <CircularProgress size={24} />}
        </Panel>
        <Panel title={translate('amity.dashboard.upcoming')} testId="panel-upcoming">
          {dated ? (
            <>
              <Typography variant="subtitle2">{translate('resources.Delegation.name', { smart_count: 2 })}</Typography>
              <DatedList items={dated.upcomingDelegations.items} empty={translate('amity.dashboard.no_upcoming_delegations')} locale={locale} testId="upcoming-delegations" />
              <Typography variant="subtitle2" sx={{ mt: 1 }}>
                {translate('resources.Event.name', { smart_count: 2 })}
              </Typography>
              <DatedList items={dated.upcomingEvents.items} empty={translate('amity.dashboard.no_upcoming_events')} locale={locale} testId="upcoming-events" />
            </>
          ) : (
            <CircularProgress size={24} />
          )}
        </Panel>
        <Panel title={translate('amity.dashboard.latest')} testId="panel-latest">
          {dated ? (
            <>
              <Typography variant="subtitle2">{translate('resources.Delegation.name', { smart_count: 2 })}</Typography>
              <DatedList items={dated.latestDelegations.items} locale={locale} testId="latest-delegations" />
              <Typography variant="subtitle2" sx={{ mt: 1 }}>
                {translate('resources.Event.name', { smart_count: 2 })}
              </Typography>
              <DatedList items={dated.latestEvents.items} locale={locale} testId="latest-events" />
            </>
          ) : (
            <CircularProgress size={24} />
          )}
        </Panel>
      </Box>
    </Box>
  );
}
