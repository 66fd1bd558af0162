import type { EntityManager, QueryBuilder } from '@mikro-orm/postgresql';
import { namedSql, sqlArray } from '../graph/sql.js';
import { readableParam, visibleRowSql } from '../graph/visible.js';
import { Award } from '../nodes/award/award.entity.js';
import { Contribution, ContributionKind } from '../nodes/contribution/contribution.entity.js';
import { ApprovalStatus, Delegation, DelegationChannel, DelegationDirection } from '../nodes/delegation/delegation.entity.js';
import { Partnership } from '../nodes/partnership/partnership.entity.js';
import { checkYear, yearRange } from './years.js';

/** Zh and en wording, as the office's summary writes it. */
export interface Label {
  zh: string;
  en: string;
}

/** Columns of the one figures statement (FIGURES_SQL). */
type Column =
  | 'foreign_guests'
  | 'foreign_guest_person_times'
  | 'sister_city_visitors'
  | 'sister_city_visitor_person_times'
  | 'overseas_chinese_visitors'
  | 'overseas_chinese_visitor_person_times'
  | 'expert_invitations'
  | 'expert_invitation_persons'
  | 'expert_applicants'
  | 'apec_applications'
  | 'apec_companies'
  | 'apec_persons'
  | 'outbound_approved'
  | 'outbound_approved_person_times'
  | 'outbound_held_back'
  | 'outbound_held_back_person_times'
  | 'sister_cities'
  | 'sister_city_countries'
  | 'subsidy_recipients';

/** Which named delegations a line quotes ("of which named"). */
interface NamedDelegations {
  direction: DelegationDirection;
  channel?: DelegationChannel;
  approvalStatus?: ApprovalStatus;
}

interface LayoutFigure {
  key: string;
  column: Column;
  unit: Label;
}

export interface LayoutLine {
  /** The AnnualReport field, e.g. inboundForeignGuests. */
  key: string;
  label: Label;
  /** Each figure of the table: its field in the line's type, its column, and its unit. */
  figures: LayoutFigure[];
  /** Figures the line's type also gives, though the summary's table does not show them. */
  more?: LayoutFigure[];
  named?: NamedDelegations;
}

const batches: Label = { zh: '批', en: 'delegations' };
const personTimes: Label = { zh: '人次', en: 'person-times' };

/**
 * The summary's table of figures, in its order and words (FACTS.md, "Figures the report states"): the GraphQL
 * type, the XLSX and the CSV are all laid out from this.
 */
export const REPORT_LAYOUT: LayoutLine[] = [
  {
    key: 'inboundForeignGuests',
    label: { zh: '接待党宾、外宾', en: 'Party and foreign guests received' },
    figures: [
      { key: 'delegations', column: 'foreign_guests', unit: batches },
      { key: 'personTimes', column: 'foreign_guest_person_times', unit: personTimes },
    ],
    named: { direction: DelegationDirection.INBOUND, channel: DelegationChannel.GOVERNMENT_AND_PARTY },
  },
  {
    key: 'sisterCityVisitors',
    label: { zh: '接待友城渠道来访客人', en: 'Visitors through sister-city channels' },
    figures: [
      { key: 'delegations', column: 'sister_city_visitors', unit: batches },
      { key: 'personTimes', column: 'sister_city_visitor_person_times', unit: personTimes },
    ],
    named: { direction: DelegationDirection.INBOUND, channel: DelegationChannel.SISTER_CITY },
  },
  {
    key: 'overseasChineseVisitors',
    label: { zh: '接待海外侨胞、港澳同胞', en: 'Overseas Chinese and Hong Kong/Macao compatriots received' },
    figures: [
      { key: 'delegations', column: 'overseas_chinese_visitors', unit: batches },
      { key: 'personTimes', column: 'overseas_chinese_visitor_person_times', unit: personTimes },
    ],
    named: { direction: DelegationDirection.INBOUND, channel: DelegationChannel.OVERSEAS_CHINESE },
  },
  {
    key: 'foreignExpertInvitations',
    label: { zh: '外专邀请', en: 'Foreign-expert invitations handled' },
    figures: [
      { key: 'applications', column: 'expert_invitations', unit: { zh: '批', en: 'batches' } },
      { key: 'persons', column: 'expert_invitation_persons', unit: personTimes },
    ],
    more: [{ key: 'applicants', column: 'expert_applicants', unit: { zh: '家单位', en: 'applicants' } }],
  },
  {
    key: 'apecBusinessTravelCards',
    label: { zh: '申办APEC商务旅行卡', en: 'APEC business travel cards applied for' },
    figures: [
      { key: 'applicants', column: 'apec_companies', unit: { zh: '家企业', en: 'companies' } },
      { key: 'persons', column: 'apec_persons', unit: { zh: '人', en: 'persons' } },
    ],
    more: [{ key: 'applications', column: 'apec_applications', unit: { zh: '份', en: 'applications' } }],
  },
  {
    key: 'outboundApproved',
    label: { zh: '批准出访团组', en: 'Outbound delegations approved' },
    figures: [
      { key: 'delegations', column: 'outbound_approved', unit: batches },
      { key: 'personTimes', column: 'outbound_approved_person_times', unit: personTimes },
    ],
    named: { direction: DelegationDirection.OUTBOUND, approvalStatus: ApprovalStatus.APPROVED },
  },
  {
    key: 'outboundHeldBack',
    label: { zh: '把关团组', en: 'Outbound delegations held back on review' },
    figures: [
      { key: 'delegations', column: 'outbound_held_back', unit: batches },
      { key: 'personTimes', column: 'outbound_held_back_person_times', unit: personTimes },
    ],
    named: { direction: DelegationDirection.OUTBOUND, approvalStatus: ApprovalStatus.HELD_BACK },
  },
  {
    key: 'sisterCities',
    label: { zh: '友好城市（年底）', en: 'Sister cities (at the year’s end)' },
    figures: [
      { key: 'cities', column: 'sister_cities', unit: { zh: '个城市', en: 'cities' } },
      { key: 'countries', column: 'sister_city_countries', unit: { zh: '个国家', en: 'countries' } },
    ],
  },
  {
    key: 'subsidyRecipients',
    label: { zh: '发放归侨生活补贴', en: 'Returned overseas Chinese paid the living subsidy' },
    figures: [{ key: 'persons', column: 'subsidy_recipients', unit: { zh: '名', en: 'persons' } }],
  },
];

/**
 * Every figure of the report for the given years, in ONE statement of grouped SQL (one grouped pass over each
 * table, however many rows): a year's row of each grouping is joined to the list of years. Delegations
 * received count by start date; outbound approvals by the decision date (else the start date); applications
 * (not withdrawn) by submission; sister cities as they stood at the year's end (signed by then, not ended, of a
 * home city of this office); subsidy recipients are the beneficiaries of the year's SUBSIDY contributions.
 * Records the caller cannot read do not count.
 */
const FIGURES_SQL = `
with years as (select unnest(:years::int[]) as year),
inbound as (
  select date_part('year', e.start_date)::int as year,
    count(*) filter (where e.channel = 'GOVERNMENT_AND_PARTY') as foreign_guests,
    sum(e.headcount) filter (where e.channel = 'GOVERNMENT_AND_PARTY') as foreign_guest_person_times,
    count(*) filter (where e.channel = 'SISTER_CITY') as sister_city_visitors,
    sum(e.headcount) filter (where e.channel = 'SISTER_CITY') as sister_city_visitor_person_times,
    count(*) filter (where e.channel = 'OVERSEAS_CHINESE') as overseas_chinese_visitors,
    sum(e.headcount) filter (where e.channel = 'OVERSEAS_CHINESE') as overseas_chinese_visitor_person_times
  from delegation e
  where e.direction = 'INBOUND' and date_part('year', e.start_date)::int = any(:years::int[]) and ${visibleRowSql('e')}
  group by 1
),
outbound as (
  select date_part('year', coalesce(e.approval_date, e.start_date))::int as year,
    count(*) filter (where e.approval_status = 'APPROVED') as outbound_approved,
    sum(e.headcount) filter (where e.approval_status = 'APPROVED') as outbound_approved_person_times,
    count(*) filter (where e.approval_status = 'HELD_BACK') as outbound_held_back,
    sum(e.headcount) filter (where e.approval_status = 'HELD_BACK') as outbound_held_back_person_times
  from delegation e
  where e.direction = 'OUTBOUND' and date_part('year', coalesce(e.approval_date, e.start_date))::int = any(:years::int[])
    and ${visibleRowSql('e')}
  group by 1
),
applications as (
  select date_part('year', e.submitted_on)::int as year,
    count(*) filter (where e.kind = 'FOREIGN_EXPERT_INVITATION') as expert_invitations,
    sum(e.person_count) filter (where e.kind = 'FOREIGN_EXPERT_INVITATION') as expert_invitation_persons,
    count(distinct e.applicant_id) filter (where e.kind = 'FOREIGN_EXPERT_INVITATION') as expert_applicants,
    count(*) filter (where e.kind = 'APEC_BUSINESS_TRAVEL_CARD') as apec_applications,
    count(distinct e.applicant_id) filter (where e.kind = 'APEC_BUSINESS_TRAVEL_CARD') as apec_companies,
    sum(e.person_count) filter (where e.kind = 'APEC_BUSINESS_TRAVEL_CARD') as apec_persons
  from application e
  where e.status <> 'WITHDRAWN' and date_part('year', e.submitted_on)::int = any(:years::int[]) and ${visibleRowSql('e')}
  group by 1
),
sister_cities as (
  select y.year, count(*) as sister_cities, count(distinct pc.country_id) as sister_city_countries
  from years y
  join partnership e on e.level = 'SISTER_CITY' and e.signed_on <= make_date(y.year, 12, 31)
    and not exists (
      select 1 from jsonb_array_elements(e.status_history) as step
      where step ->> 'status' = 'ENDED' and step ->> 'date' <= make_date(y.year, 12, 31)::text)
  join city hc on hc.id = e.home_city_id and hc.is_home_city
  join city pc on pc.id = e.partner_city_id
  where ${visibleRowSql('e')}
  group by y.year
),
subsidies as (
  select date_part('year', e.date)::int as year, sum(e.beneficiaries) as subsidy_recipients
  from contribution e
  where e.kind = 'SUBSIDY' and date_part('year', e.date)::int = any(:years::int[]) and ${visibleRowSql('e')}
  group by 1
)
select y.year as report_year, $COLUMNS
from years y
left join inbound using (year)
left join outbound using (year)
left join applications using (year)
left join sister_cities using (year)
left join subsidies using (year)`;

export interface Figure {
  value: number;
  /** The compareTo year's value; null without compareTo. */
  compareValue: number | null;
  change: number | null;
  changePercent: number | null;
}

export interface ReportLists {
  mainDelegations(): Promise<Delegation[]>;
  newContacts(): Promise<Partnership[]>;
  donations(): Promise<Contribution[]>;
  investments(): Promise<Contribution[]>;
  awards(): Promise<Award[]>;
}

export interface AnnualReportData {
  year: number;
  compareTo: number | null;
  /** Figures by line key, then figure key. */
  lines: Record<string, Record<string, Figure>>;
  lists: ReportLists;
}

function figure(value: number, compareValue: number | null): Figure {
  if (compareValue === null) return { value, compareValue: null, change: null, changePercent: null };
  const change = value - compareValue;
  return { value, compareValue, change, changePercent: compareValue === 0 ? null : Math.round((change / compareValue) * 1000) / 10 };
}

/** Named delegations the report quotes: those of its year by the same dates its figures count them by. */
function mainDelegations(em: EntityManager, year: number): Promise<Delegation[]> {
  const { from, to } = yearRange(year);
  const within = { $gte: from, $lte: to };
  return em.find(
    Delegation,
    {
      generated: false,
      $or: [
        { direction: DelegationDirection.INBOUND, startDate: within },
        { direction: DelegationDirection.OUTBOUND, approvalDate: within },
        { direction: DelegationDirection.OUTBOUND, approvalDate: null, startDate: within },
      ],
    },
    { orderBy: [{ startDate: 'asc' }, { id: 'asc' }] },
  );
}

/** Partnerships whose contact was opened in the year (their CONTACT_OPENED step). */
async function newContacts(em: EntityManager, year: number): Promise<Partnership[]> {
  const { from, to } = yearRange(year);
  const qb = em.createQueryBuilder(Partnership, 'e') as unknown as QueryBuilder<Partnership>;
  qb.where(`exists (select 1 from jsonb_array_elements(e.status_history) as step where step ->> 'status' = 'CONTACT_OPENED' and step ->> 'date' between ? and ?)`, [from, to]);
  qb.orderBy([{ level: 'asc' }, { id: 'asc' }] as never);
  await qb.applyFilters();
  return qb.getResultList();
}

function contributions(em: EntityManager, year: number, kinds: ContributionKind[]): Promise<Contribution[]> {
  const { from, to } = yearRange(year);
  return em.find(Contribution, { kind: { $in: kinds }, date: { $gte: from, $lte: to } }, { orderBy: [{ date: 'asc' }, { id: 'asc' }] });
}

function memo<T>(load: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= load());
}

/**
 * The office's yearly summary computed from records: its figures in one statement, and (when asked for) the
 * named lists a summary quotes, one statement each. `compareTo` adds another year's value and the change.
 */
export async function annualReport(em: EntityManager, year: number, compareTo: number | null | undefined, visibilities: readonly string[]): Promise<AnnualReportData> {
  checkYear(year, 'year');
  if (compareTo != null) checkYear(compareTo, 'compareTo');
  const years = compareTo != null ? [year, compareTo] : [year];
  const columns = REPORT_LAYOUT.flatMap((line) => [...line.figures, ...(line.more ?? [])].map((spec) => spec.column));
  const { sql, params } = namedSql(FIGURES_SQL.replace('$COLUMNS', columns.join(', ')), { years: sqlArray(years.map(String)), visibilities: readableParam(visibilities) });
  const rows: Array<Record<string, unknown>> = await em.execute(sql, params);
  const rowOf = (wanted: number) => rows.find((row) => Number(row.report_year) === wanted) ?? {};
  const current = rowOf(year);
  const other = compareTo != null ? rowOf(compareTo) : null;

  const lines: AnnualReportData['lines'] = {};
  for (const line of REPORT_LAYOUT) {
    lines[line.key] = Object.fromEntries(
      [...line.figures, ...(line.more ?? [])].map((spec) => [spec.key, figure(Number(current[spec.column] ?? 0), other ? Number(other[spec.column] ?? 0) : null)]),
    );
  }
  return {
    year,
    compareTo: compareTo ?? null,
    lines,
    lists: {
      mainDelegations: memo(() => mainDelegations(em, year)),
      newContacts: memo(() => newContacts(em, year)),
      donations: memo(() => contributions(em, year, [ContributionKind.DONATION, ContributionKind.IN_KIND])),
      investments: memo(() => contributions(em, year, [ContributionKind.INVESTMENT])),
      awards: memo(() => em.find(Award, { year }, { orderBy: [{ id: 'asc' }] })),
    },
  };
}

/** Whether a named delegation belongs to a line of the report. */
export function quotedBy(line: LayoutLine, delegation: Delegation): boolean {
  const named = line.named;
  return (
    !!named &&
    delegation.direction === named.direction &&
    (!named.channel || delegation.channel === named.channel) &&
    (!named.approvalStatus || delegation.approvalStatus === named.approvalStatus)
  );
}
