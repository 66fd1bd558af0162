import { registerEnumType } from 'type-graphql';

/** What `stats` can group by; each subject says which column each one means (SUBJECTS below). */
export enum StatsDimension {
  YEAR = 'YEAR',
  MONTH = 'MONTH',
  DIRECTION = 'DIRECTION',
  CHANNEL = 'CHANNEL',
  PURPOSE = 'PURPOSE',
  STATUS = 'STATUS',
  LEVEL = 'LEVEL',
  KIND = 'KIND',
  COUNTRY = 'COUNTRY',
  CONTINENT = 'CONTINENT',
  SUBREGION = 'SUBREGION',
  CITY = 'CITY',
  ORGANISATION_KIND = 'ORGANISATION_KIND',
}

export type StatsSubject = 'delegations' | 'applications' | 'contributions' | 'partnerships' | 'events';
export const STATS_SUBJECTS: readonly StatsSubject[] = ['delegations', 'applications', 'contributions', 'partnerships', 'events'];

/** A table joined in when a dimension, a dimension filter or a metric needs it; `needs` are joined first. */
interface JoinSpec {
  alias: string;
  sql: string;
  needs?: string[];
}

export interface DimensionSpec {
  /** The field of the group that carries the key (`countryId` and `cityId` resolve to records). */
  field: string;
  /** The SQL expression of the key. */
  sql: string;
  /** How groups sort by it (a country by its code, a city by its name). */
  order?: string;
  joins?: string[];
  /** What the dimension means for this subject, for the API's descriptions. */
  meaning: string;
}

export interface MetricSpec {
  field: string;
  /** An aggregate over the subject's rows. */
  sql: string;
  joins?: string[];
  description: string;
}

export interface SubjectSpec {
  subject: StatsSubject;
  /** The record type's GraphQL name, e.g. Delegation. */
  typeName: string;
  table: string;
  joins: JoinSpec[];
  dimensions: Partial<Record<StatsDimension, DimensionSpec>>;
  /** Count first; every metric is computed in the same statement. */
  metrics: MetricSpec[];
}

const year = (column: string, what: string): Pick<Partial<Record<StatsDimension, DimensionSpec>>, StatsDimension.YEAR | StatsDimension.MONTH> => ({
  [StatsDimension.YEAR]: { field: 'year', sql: `date_part('year', ${column})::int`, meaning: `the year of ${what}` },
  [StatsDimension.MONTH]: { field: 'month', sql: `date_part('month', ${column})::int`, meaning: `the month (1–12) of ${what}; with YEAR, the month of that year` },
});

/** COUNTRY, CONTINENT, SUBREGION from the joined country `pk`; CITY from the joined city `pc`. */
const place = (countryMeaning: string, cityMeaning: string): Partial<Record<StatsDimension, DimensionSpec>> => ({
  [StatsDimension.COUNTRY]: { field: 'countryId', sql: 'pk.id', order: 'pk.code', joins: ['pk'], meaning: countryMeaning },
  [StatsDimension.CONTINENT]: { field: 'continent', sql: 'pk.continent', joins: ['pk'], meaning: `the continent of ${countryMeaning}` },
  [StatsDimension.SUBREGION]: { field: 'subregion', sql: 'pk.subregion', joins: ['pk'], meaning: `the UN M49 sub-region of ${countryMeaning}` },
  [StatsDimension.CITY]: { field: 'cityId', sql: 'pc.id', order: 'coalesce(pc.name_en, pc.name_zh)', joins: ['pc'], meaning: cityMeaning },
});

const count: MetricSpec = { field: 'count', sql: 'count(*)', description: 'How many records' };

/**
 * The subjects of `stats`, each with the SQL of its dimensions and metrics. A dimension missing here makes no
 * sense for that subject (LEVEL for delegations) and is refused.
 */
export const SUBJECTS: Record<StatsSubject, SubjectSpec> = {
  delegations: {
    subject: 'delegations',
    typeName: 'Delegation',
    table: 'delegation',
    joins: [
      // The foreign end: where an INBOUND delegation comes from, where an OUTBOUND one goes.
      { alias: 'pc', sql: `left join city pc on pc.id = case when e.direction = 'INBOUND' then e.origin_city_id else e.destination_city_id end` },
      {
        alias: 'pk',
        sql: `left join country pk on pk.id = coalesce(case when e.direction = 'INBOUND' then e.origin_country_id else e.destination_country_id end, pc.country_id)`,
        needs: ['pc'],
      },
      { alias: 'so', sql: 'left join organisation so on so.id = e.sending_organisation_id' },
    ],
    dimensions: {
      ...year('e.start_date', 'the start date'),
      [StatsDimension.DIRECTION]: { field: 'direction', sql: 'e.direction', meaning: 'INBOUND or OUTBOUND' },
      [StatsDimension.CHANNEL]: { field: 'channel', sql: 'e.channel', meaning: 'the channel' },
      [StatsDimension.PURPOSE]: { field: 'purpose', sql: 'e.purpose', meaning: 'the purpose' },
      [StatsDimension.STATUS]: { field: 'status', sql: 'e.approval_status', meaning: 'the approval status (OUTBOUND only; empty for INBOUND)' },
      ...place(
        'the foreign end’s country: the origin of an INBOUND delegation, the destination of an OUTBOUND one (its country, else its city’s)',
        'the foreign end’s city: the origin city of an INBOUND delegation, the destination city of an OUTBOUND one',
      ),
      [StatsDimension.ORGANISATION_KIND]: { field: 'organisationKind', sql: 'so.kind', joins: ['so'], meaning: 'the kind of the sending organisation' },
    },
    metrics: [count, { field: 'personTimes', sql: 'coalesce(sum(e.headcount), 0)', description: 'Person-times (人次): the sum of the headcounts' }],
  },

  applications: {
    subject: 'applications',
    typeName: 'Application',
    table: 'application',
    joins: [
      { alias: 'ao', sql: 'left join organisation ao on ao.id = e.applicant_id' },
      { alias: 'pc', sql: 'left join city pc on pc.id = ao.city_id', needs: ['ao'] },
      { alias: 'pk', sql: 'left join country pk on pk.id = pc.country_id', needs: ['pc'] },
    ],
    dimensions: {
      ...year('e.submitted_on', 'submission'),
      [StatsDimension.STATUS]: { field: 'status', sql: 'e.status', meaning: 'the status' },
      [StatsDimension.KIND]: { field: 'kind', sql: 'e.kind', meaning: 'the kind' },
      ...place('the applicant organisation’s country (its city’s)', 'the applicant organisation’s city'),
      [StatsDimension.ORGANISATION_KIND]: { field: 'organisationKind', sql: 'ao.kind', joins: ['ao'], meaning: 'the kind of the applicant organisation' },
    },
    metrics: [
      count,
      { field: 'persons', sql: 'coalesce(sum(e.person_count), 0)', description: 'Persons (人次) the applications cover' },
      { field: 'applicants', sql: 'count(distinct e.applicant_id)', description: 'Different applicant organisations (the companies of APEC card applications)' },
    ],
  },

  contributions: {
    subject: 'contributions',
    typeName: 'Contribution',
    table: 'contribution',
    joins: [
      // Where the money comes from: the donor's country (an organisation's or city's, a person's nationality, or the country itself).
      { alias: 'dorg', sql: 'left join organisation dorg on dorg.id = e.donor_id' },
      { alias: 'dper', sql: 'left join person dper on dper.id = e.donor_id' },
      { alias: 'dc', sql: 'left join city dc on dc.id = coalesce(dorg.city_id, e.donor_id)', needs: ['dorg'] },
      { alias: 'pk', sql: 'left join country pk on pk.id = coalesce(dc.country_id, dper.nationality_id, e.donor_id)', needs: ['dc', 'dper'] },
      // Where it goes: the recipient's city (an organisation's, or the city itself).
      { alias: 'rorg', sql: 'left join organisation rorg on rorg.id = e.recipient_id' },
      { alias: 'pc', sql: 'left join city pc on pc.id = coalesce(rorg.city_id, e.recipient_id)', needs: ['rorg'] },
    ],
    dimensions: {
      ...year('e.date', 'the date it was pledged or signed'),
      [StatsDimension.STATUS]: { field: 'status', sql: 'e.status', meaning: 'the status' },
      [StatsDimension.KIND]: { field: 'kind', sql: 'e.kind', meaning: 'the kind' },
      ...place(
        'where it comes from: the donor’s country (an organisation’s or city’s, or a person’s nationality)',
        'where it goes: the recipient’s city (a recipient organisation’s city, or the recipient city)',
      ),
      [StatsDimension.ORGANISATION_KIND]: { field: 'organisationKind', sql: 'dorg.kind', joins: ['dorg'], meaning: 'the kind of the donor organisation' },
    },
    metrics: [
      count,
      { field: 'beneficiaries', sql: 'coalesce(sum(e.beneficiaries), 0)', description: 'People who benefit' },
      { field: 'quantity', sql: 'coalesce(sum(e.quantity), 0)', description: 'Items given in kind' },
    ],
  },

  partnerships: {
    subject: 'partnerships',
    typeName: 'Partnership',
    table: 'partnership',
    joins: [
      { alias: 'pc', sql: 'left join city pc on pc.id = e.partner_city_id' },
      { alias: 'pk', sql: 'left join country pk on pk.id = pc.country_id', needs: ['pc'] },
    ],
    dimensions: {
      ...year(`coalesce(e.signed_on, (e.status_history -> 0 ->> 'date')::date)`, 'signing, or for one not signed, of its first step'),
      [StatsDimension.LEVEL]: { field: 'level', sql: 'e.level', meaning: 'the level' },
      [StatsDimension.STATUS]: { field: 'status', sql: 'e.status', meaning: 'the latest status of the history' },
      ...place('the partner city’s country', 'the partner city'),
    },
    metrics: [count, { field: 'countries', sql: 'count(distinct pc.country_id)', joins: ['pc'], description: 'Different countries of the partner cities' }],
  },

  events: {
    subject: 'events',
    typeName: 'Event',
    table: 'event',
    joins: [
      { alias: 'pc', sql: 'left join city pc on pc.id = e.city_id' },
      { alias: 'pk', sql: 'left join country pk on pk.id = pc.country_id', needs: ['pc'] },
      { alias: 'ho', sql: 'left join organisation ho on ho.id = e.host_id' },
    ],
    dimensions: {
      ...year('e.start_date', 'the start date'),
      [StatsDimension.KIND]: { field: 'kind', sql: 'e.kind', meaning: 'the kind' },
      ...place('the country of the event’s city', 'the event’s city'),
      [StatsDimension.ORGANISATION_KIND]: { field: 'organisationKind', sql: 'ho.kind', joins: ['ho'], meaning: 'the kind of the host organisation' },
    },
    metrics: [count, { field: 'attendance', sql: 'coalesce(sum(e.attendance), 0)', description: 'People who took part' }],
  },
};

function describeDimension(dimension: StatsDimension): string {
  const meanings = STATS_SUBJECTS.map((subject) => {
    const spec = SUBJECTS[subject].dimensions[dimension];
    return spec ? `${subject}: ${spec.meaning}` : undefined;
  }).filter(Boolean);
  return `${meanings.join('; ')}. Not for ${STATS_SUBJECTS.filter((subject) => !SUBJECTS[subject].dimensions[dimension]).join(', ') || 'any other'}.`;
}

registerEnumType(StatsDimension, {
  name: 'StatsDimension',
  description: 'What stats group by. A dimension that makes no sense for a subject (LEVEL for delegations) is refused with BAD_USER_INPUT.',
  valuesConfig: Object.fromEntries(Object.values(StatsDimension).map((dimension) => [dimension, { description: describeDimension(dimension) }])),
});

/** The joins a set of aliases needs, each once, in the subject's order (so a join's `needs` come before it). */
export function joinsFor(spec: SubjectSpec, aliases: Iterable<string>): string[] {
  const wanted = new Set<string>();
  const add = (alias: string) => {
    if (wanted.has(alias)) return;
    const join = spec.joins.find((candidate) => candidate.alias === alias);
    if (!join) throw new Error(`stats: ${spec.subject} has no join ${alias}`);
    for (const need of join.needs ?? []) add(need);
    wanted.add(alias);
  };
  for (const alias of aliases) add(alias);
  return spec.joins.filter((join) => wanted.has(join.alias)).map((join) => join.sql);
}

/** Filters by dimension values, as the dimensions are defined for the subject (`where` of stats, and target measures). */
export interface DimensionFilter {
  year?: number[] | null;
  countryCode?: string[] | null;
  continent?: string[] | null;
  subregion?: string[] | null;
  cityId?: string[] | null;
  organisationKind?: string[] | null;
}

/** Which dimension each key of a DimensionFilter filters by, and how a value is compared. */
export const DIMENSION_FILTERS: Record<keyof DimensionFilter, { dimension: StatsDimension; sql?: string; joins?: string[] }> = {
  year: { dimension: StatsDimension.YEAR },
  countryCode: { dimension: StatsDimension.COUNTRY, sql: 'pk.code', joins: ['pk'] },
  continent: { dimension: StatsDimension.CONTINENT },
  subregion: { dimension: StatsDimension.SUBREGION },
  cityId: { dimension: StatsDimension.CITY },
  organisationKind: { dimension: StatsDimension.ORGANISATION_KIND },
};
export const DIMENSION_FILTER_KEYS = Object.keys(DIMENSION_FILTERS) as Array<keyof DimensionFilter>;

/** What a target's measure can count: the subject's metrics, and for contributions the amount in one currency. */
export function measurableValues(subject: StatsSubject): string[] {
  return [...SUBJECTS[subject].metrics.map((metric) => metric.field), ...(subject === 'contributions' ? ['amount'] : [])];
}

