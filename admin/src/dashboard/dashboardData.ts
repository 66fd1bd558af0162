import { useQuery } from '@tanstack/react-query';
import type { DelegationChannel, DelegationDirection, Language, PartnershipLevel, ReportLine } from '@amity/schema/generated/graphql';
import { graphqlQuery } from '../common/graphql';
import { yearsWithRecords, type YearCount } from './reportYears';

/** What the dashboard reads from the API: one hook per request, cached by react-query under the dashboard's keys. */

export type ReportLines = Array<Pick<ReportLine, 'key' | 'label' | 'figures'>>;

export interface DirectedGroup {
  count: number;
  direction: DelegationDirection;
  month?: number | null;
  channel?: DelegationChannel | null;
}

export interface PartnerDot {
  id: string;
  level: PartnershipLevel;
  partnerCity: { id: string; displayName: string; latitude: number | null; longitude: number | null } | null;
}

export interface DatedRecord {
  __typename: string;
  id: string;
  displayName: string;
  startDate: string | null;
}

export interface YearData {
  annualReport: { year: number; compareTo: number; lines: ReportLines };
  stats: { byMonth: DirectedGroup[]; byChannel: DirectedGroup[] };
  partnerships: { items: PartnerDot[] };
}

export interface DatedData {
  upcomingDelegations: { items: DatedRecord[] };
  upcomingEvents: { items: DatedRecord[] };
  latestDelegations: { items: DatedRecord[] };
  latestEvents: { items: DatedRecord[] };
}

const YEARS = `
  query DashboardYears {
    stats {
      delegations(groupBy: [YEAR]) {
        year
        count
      }
      applications(groupBy: [YEAR]) {
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
      byMonth: delegations(groupBy: [MONTH, DIRECTION], filter: $filter) {
        month
        direction
        count
      }
      byChannel: delegations(groupBy: [CHANNEL, DIRECTION], filter: $filter) {
        channel
        direction
        count
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

const DATED_ITEMS = `
      items {
        __typename
        id
        displayName(lang: $lang)
        startDate
      }
`;

const DATED = `
  query DashboardDated($today: LocalDate!, $lang: Language!) {
    upcomingDelegations: delegations(filter: { startDateFrom: $today }, sort: [{ field: startDate, order: ASC }], perPage: 5) {${DATED_ITEMS}}
    upcomingEvents: events(filter: { startDateFrom: $today }, sort: [{ field: startDate, order: ASC }], perPage: 5) {${DATED_ITEMS}}
    latestDelegations: delegations(filter: { startDateTo: $today }, sort: [{ field: startDate, order: DESC }], perPage: 5) {${DATED_ITEMS}}
    latestEvents: events(filter: { startDateTo: $today }, sort: [{ field: startDate, order: DESC }], perPage: 5) {${DATED_ITEMS}}
  }
`;

/** The current year as the hub counts it (UTC), so that "complete" means the same here and in the API. */
export const currentYear = (): number => new Date().getUTCFullYear();

/** Years with records, newest first. */
export function useRecordYears() {
  return useQuery({
    queryKey: ['dashboard', 'years'],
    queryFn: async ({ signal }) => {
      const answer = await graphqlQuery<{ stats: { delegations: YearCount[]; applications: YearCount[] } }>(YEARS, {}, signal);
      return yearsWithRecords([...answer.stats.delegations, ...answer.stats.applications], currentYear());
    },
  });
}

/** A year's report against the year before, its delegations by month and channel (each by direction), the partner cities. */
export function useYearData(year: number | null, lang: Language) {
  return useQuery({
    queryKey: ['dashboard', 'year', year, lang],
    enabled: year != null,
    queryFn: ({ signal }) =>
      graphqlQuery<YearData>(YEAR_DATA, { year, compareTo: year! - 1, lang, filter: { startDateFrom: `${year}-01-01`, startDateTo: `${year}-12-31` } }, signal),
  });
}

/** Delegations and events from today on, and the latest ones before. */
export function useDatedRecords(lang: Language) {
  const today = new Date().toISOString().slice(0, 10);
  return useQuery({
    queryKey: ['dashboard', 'dated', today, lang],
    queryFn: ({ signal }) => graphqlQuery<DatedData>(DATED, { today, lang }, signal),
  });
}
