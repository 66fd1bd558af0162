import { lazy, useState } from 'react';
import { Alert, Box, MenuItem, TextField, Typography } from '@mui/material';
import { Title, useLocale, useTranslate } from 'react-admin';
import { apiLanguage } from '../i18n/language';
import { currentYear, useDatedRecords, useRecordYears, useYearData, type DatedRecord } from './dashboardData';
import { defaultYear } from './reportYears';
import { Panel } from './Panel';
import { ReportFigures } from './ReportFigures';
import { PartnerCityMap } from './PartnerCityMap';
import { DatedList } from './DatedList';

// The chart library is loaded with the charts, after the page's first paint, not in the admin's main script.
const DelegationsByMonthChart = lazy(() => import('./DelegationsByMonthChart').then((module) => ({ default: module.DelegationsByMonthChart })));
const DelegationsByChannelChart = lazy(() => import('./DelegationsByChannelChart').then((module) => ({ default: module.DelegationsByChannelChart })));

/** A panel's delegations and events, one list each under their resources' names. */
function DelegationsAndEvents({ delegations, events, empty, testId }: { delegations: DatedRecord[]; events: DatedRecord[]; empty?: { delegations: string; events: string }; testId: string }) {
  const translate = useTranslate();
  return (
    <>
      <Typography variant="subtitle2">{translate('resources.Delegation.name', { smart_count: 2 })}</Typography>
      <DatedList items={delegations} empty={empty?.delegations} testId={`${testId}-delegations`} />
      <Typography variant="subtitle2" sx={{ mt: 1 }}>
        {translate('resources.Event.name', { smart_count: 2 })}
      </Typography>
      <DatedList items={events} empty={empty?.events} testId={`${testId}-events`} />
    </>
  );
}

/** The home page: a year's report against the year before, its delegations by month and channel, partner cities, what comes next. */
export function Dashboard() {
  const translate = useTranslate();
  const lang = apiLanguage(useLocale());
  const years = useRecordYears();
  const opening = years.data ? defaultYear(years.data, currentYear()) : null;
  const [chosen, setChosen] = useState<number | null>(null);
  const year = chosen ?? opening;
  const report = useYearData(year, lang);
  const dated = useDatedRecords(lang);
  const error = years.error ?? report.error ?? dated.error;
  const data = report.data;
  const compareHasRecords = year != null && (years.data ?? []).includes(year - 1);

  return (
    <Box sx={{ p: 2 }} data-testid="dashboard">
      <Title title={translate('amity.dashboard.title')} />
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 2, flexWrap: 'wrap' }}>
        <Typography variant="h5" component="h1">
          {translate('amity.dashboard.title')}
        </Typography>
        {years.data && year != null && (
          <TextField select size="small" fullWidth={false} label={translate('amity.dashboard.year')} value={year} onChange={(e) => setChosen(Number(e.target.value))} data-testid="dashboard-year" sx={{ minWidth: 120 }}>
            {(years.data.includes(year) ? years.data : [year, ...years.data]).map((y) => (
              <MenuItem key={y} value={y}>
                {y}
              </MenuItem>
            ))}
          </TextField>
        )}
        {year != null && year === opening && year < currentYear() && years.data?.includes(year) && (
          <Typography variant="body2" color="text.secondary" data-testid="dashboard-default-year">
            {translate('amity.dashboard.default_year', { year })}
          </Typography>
        )}
      </Box>
      {error && <Alert severity="error">{error.message}</Alert>}
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, gap: 2 }}>
        <Panel title={translate('amity.dashboard.figures', { year: year ?? '', compareTo: year != null ? year - 1 : '' })} testId="panel-figures" wide ready={!!data}>
          {data && <ReportFigures lines={data.annualReport.lines} year={data.annualReport.year} compareTo={data.annualReport.compareTo} compareHasRecords={compareHasRecords} />}
        </Panel>
        <Panel title={translate('amity.dashboard.by_month', { year: year ?? '' })} testId="panel-by-month" ready={!!data}>
          {data && <DelegationsByMonthChart groups={data.stats.byMonth} title={translate('amity.dashboard.by_month', { year })} />}
        </Panel>
        <Panel title={translate('amity.dashboard.by_channel', { year: year ?? '' })} testId="panel-by-channel" ready={!!data}>
          {data && <DelegationsByChannelChart groups={data.stats.byChannel} title={translate('amity.dashboard.by_channel', { year })} />}
        </Panel>
        <Panel title={translate('amity.dashboard.map')} testId="panel-map" wide ready={!!data}>
          {data && <PartnerCityMap items={data.partnerships.items} />}
        </Panel>
        <Panel title={translate('amity.dashboard.upcoming')} testId="panel-upcoming" ready={!!dated.data}>
          {dated.data && <DelegationsAndEvents delegations={dated.data.upcomingDelegations.items} events={dated.data.upcomingEvents.items} empty={{ delegations: translate('amity.dashboard.no_upcoming_delegations'), events: translate('amity.dashboard.no_upcoming_events') }}
              testId="upcoming" />}
        </Panel>
        <Panel title={translate('amity.dashboard.latest')} testId="panel-latest" ready={!!dated.data}>
          {dated.data && <DelegationsAndEvents delegations={dated.data.latestDelegations.items} events={dated.data.latestEvents.items} testId="latest" />}
        </Panel>
      </Box>
    </Box>
  );
}
