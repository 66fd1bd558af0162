import type { MetadataStorage } from '@mikro-orm/core';
import { describeFields, type RecordField } from '../graph/fields.js';
import { recordTypeByName } from '../nodes/registry.js';
import { Visibility } from '../graph/visibility.js';
import { Continent } from '../nodes/country/country.entity.js';
import { checkMeasuresWith } from '../nodes/target/target.rules.js';
import { OrganisationKind } from '../nodes/organisation/organisation.entity.js';
import { PartnershipLevel, PartnershipStatus } from '../nodes/partnership/partnership.entity.js';
import { DIMENSION_FILTER_KEYS, DIMENSION_FILTERS, measurableValues, STATS_SUBJECTS, SUBJECTS, type DimensionFilter, type StatsSubject } from './stats.dimensions.js';
import type { HistoryStepFilter, StatsSelection } from './stats.service.js';

/**
 * A target's measure, read from its JSON: what to count, over which records.
 *
 * ```json
 * { "subject": "partnerships",                       // delegations, applications, contributions, partnerships, events
 *   "filter": { "level": ["PROSPECT"],                // the subject's list filter (PartnershipFilter), as in the API
 *               "continent": ["OCEANIA"],             // and dimension values, as stats' `where` takes them
 *               "statusHistory": { "status": "CONTACT_OPENED", "dateFrom": "2012-01-01", "dateTo": "2012-12-31" } },
 *   "value": "count" }                                // or another figure of the subject (personTimes, attendance, …);
 *                                                     // "amount" of contributions with "currency" (default CNY)
 * ```
 * Records count as they stand now: a measure bounded to its year says so with dates in its filter.
 */
export interface Measure {
  subject: StatsSubject;
  selection: StatsSelection;
  value: string;
  currency: string;
}

export interface MeasureReading {
  measure?: Measure;
  /** What is wrong with the measure, each with its path in the JSON (e.g. `filter.level`). */
  problems: string[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** How a filter key's value must look: a check that returns a problem, or nothing when it is fine. */
type Check = (value: unknown) => string | undefined;

const strings: Check = (value) => (isStrings(value) ? undefined : 'must be a list of strings');
const oneOf =
  (allowed: readonly string[], what: string): Check =>
  (value) => {
    if (!isStrings(value)) return `must be a list of ${what} values`;
    const wrong = value.filter((item) => !allowed.includes(item));
    return wrong.length > 0 ? `${wrong.join(', ')} is not a ${what} (${allowed.join(', ')})` : undefined;
  };
const date: Check = (value) => (typeof value === 'string' && DATE.test(value) ? undefined : 'must be a date written YYYY-MM-DD');
const dateTime: Check = (value) => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? undefined : 'must be a date and time');
const number: Check = (value) => (typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number');
const boolean: Check = (value) => (typeof value === 'boolean' ? undefined : 'must be true or false');

/** The keys of a subject's list filter and how each value must look, as api-types.ts derives the Filter input. */
function listFilterChecks(fields: RecordField[]): Map<string, Check> {
  const checks = new Map<string, Check>([
    ['q', (value) => (typeof value === 'string' ? undefined : 'must be a string')],
    ['ids', strings],
    ['visibility', oneOf(Object.values(Visibility), 'Visibility')],
  ]);
  for (const field of fields) {
    if (field.name === 'visibility') continue;
    if (field.kind === 'scalar') {
      const items = (field.prop.items ?? []).map(String);
      if (field.filter === 'enum') checks.set(field.name, oneOf(items, field.name));
      if (field.filter === 'exact') checks.set(field.name, strings);
      if (field.filter === 'boolean') checks.set(field.name, boolean);
      if (field.filter === 'range') {
        const type = String(field.prop.columnTypes?.[0] ?? field.prop.type).toLowerCase();
        const check = /timestamp|datetime/.test(type) ? dateTime : /date/.test(type) ? date : number;
        checks.set(`${field.name}From`, check);
        checks.set(`${field.name}To`, check);
      }
    }
    if (field.kind === 'reference') checks.set(field.inputName, strings);
    if (field.kind === 'links') checks.set(field.inputName.replace(/Ids$/, 'Id'), strings);
  }
  return checks;
}

const DIMENSION_CHECKS: Record<keyof DimensionFilter, Check> = {
  year: (value) => (Array.isArray(value) && value.every((item) => Number.isInteger(item)) ? undefined : 'must be a list of years'),
  countryCode: strings,
  continent: oneOf(Object.values(Continent), 'Continent'),
  subregion: strings,
  cityId: strings,
  organisationKind: oneOf(Object.values(OrganisationKind), 'OrganisationKind'),
};

const listOf = (value: unknown) => (typeof value === 'string' ? [value] : value);

function readStatusHistory(value: unknown, problems: string[]): HistoryStepFilter | undefined {
  if (!isObject(value)) {
    problems.push('filter.statusHistory: must be an object such as { "status": "CONTACT_OPENED", "dateFrom": "2012-01-01" }');
    return undefined;
  }
  const checks: Record<string, Check> = {
    status: oneOf(Object.values(PartnershipStatus), 'PartnershipStatus'),
    level: oneOf(Object.values(PartnershipLevel), 'PartnershipLevel'),
    dateFrom: date,
    dateTo: date,
  };
  const step: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(value)) {
    const given = key === 'status' || key === 'level' ? listOf(raw) : raw;
    const problem = checks[key] ? checks[key](given) : `unknown; a step filter takes ${Object.keys(checks).join(', ')}`;
    if (problem) problems.push(`filter.statusHistory.${key}: ${problem}`);
    else step[key] = given;
  }
  return step as HistoryStepFilter;
}

/** Reads and checks a target's measure against the subject's fields (from the ORM's metadata). */
export function readMeasure(raw: unknown, metadata: MetadataStorage): MeasureReading {
  const problems: string[] = [];
  if (!isObject(raw)) return { problems: ['must be an object such as { "subject": "partnerships", "filter": { "level": ["SISTER_CITY"] } }'] };
  const subject = raw.subject as StatsSubject;
  if (!STATS_SUBJECTS.includes(subject)) return { problems: [`subject: must be one of ${STATS_SUBJECTS.join(', ')}`] };
  for (const key of Object.keys(raw)) {
    if (!['subject', 'filter', 'value', 'currency'].includes(key)) problems.push(`${key}: unknown; a measure has subject, filter, value and currency`);
  }
  const value = raw.value ?? 'count';
  if (typeof value !== 'string' || !measurableValues(subject).includes(value)) problems.push(`value: ${subject} measure one of ${measurableValues(subject).join(', ')}`);
  const currency = raw.currency ?? 'CNY';
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) problems.push('currency: must be a three-letter ISO 4217 code such as CNY');

  const spec = SUBJECTS[subject];
  const type = recordTypeByName(spec.typeName);
  const checks = type ? listFilterChecks(describeFields(type.entity, metadata, type.rules.derived ?? [])) : new Map<string, Check>();
  const filter: Record<string, unknown> = {};
  const where: Record<string, unknown> = {};
  let statusHistory: HistoryStepFilter | undefined;
  if (raw.filter != null && !isObject(raw.filter)) problems.push('filter: must be an object, as the list filter of the subject');
  for (const [key, given] of Object.entries(isObject(raw.filter) ? raw.filter : {})) {
    if (given === null) continue;
    if (key === 'statusHistory' && subject === 'partnerships') {
      statusHistory = readStatusHistory(given, problems);
    } else if ((DIMENSION_FILTER_KEYS as string[]).includes(key)) {
      const dimensionKey = key as keyof DimensionFilter;
      const problem = spec.dimensions[DIMENSION_FILTERS[dimensionKey].dimension] ? DIMENSION_CHECKS[dimensionKey](given) : `${subject} have no ${DIMENSION_FILTERS[dimensionKey].dimension}`;
      if (problem) problems.push(`filter.${key}: ${problem}`);
      else where[key] = given;
    } else if (checks.has(key)) {
      const problem = checks.get(key)?.(given);
      if (problem) problems.push(`filter.${key}: ${problem}`);
      else filter[key] = given;
    } else {
      problems.push(`filter.${key}: ${subject} do not filter by ${key}`);
    }
  }
  if (problems.length > 0) return { problems };
  return { measure: { subject, selection: { filter, where, statusHistory }, value: value as string, currency: currency as string }, problems };
}

checkMeasuresWith((raw, metadata) => readMeasure(raw, metadata).problems);
