import type { EntityManager } from '@mikro-orm/postgresql';
import { readSql } from '../db/read-sql.js';
import { BadInputError } from '../errors.js';
import type { RecordApiTypes } from '../graph/api-types.js';
import { isRecordId } from '../graph/ids.js';
import { listFilterSql, whereSql, type SqlPart } from '../graph/record-sql.js';
import { visibleRecordSql } from '../graph/visible.js';
import { recordTypeByName } from '../nodes/registry.js';
import { measurableValues, DIMENSION_FILTER_KEYS, DIMENSION_FILTERS, joinsFor, StatsDimension, SUBJECTS, type DimensionFilter, type DimensionSpec, type StatsSubject, type SubjectSpec } from './stats.dimensions.js';

export type { DimensionFilter } from './stats.dimensions.js';

/** Partnerships with a step of their dated history that matches (e.g. contact opened in 2012). */
export interface HistoryStepFilter {
  status?: string[] | null;
  level?: string[] | null;
  dateFrom?: string | null;
  dateTo?: string | null;
}

/** Everything that selects a subject's rows: its list filter, dimension values, and (partnerships) a history step. */
export interface StatsSelection {
  filter?: Record<string, unknown> | null;
  where?: DimensionFilter | null;
  statusHistory?: HistoryStepFilter | null;
  /** The visibilities the caller reads (RequestContext.visibilities): records it cannot read do not count. */
  visibilities?: readonly string[];
}

export interface StatsRow {
  [field: string]: unknown;
  count: number;
}

const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(', ');

/** The spec of a dimension for the subject, or BAD_USER_INPUT naming the dimension and what the subject groups by. */
function dimensionOf(spec: SubjectSpec, dimension: StatsDimension, field: string): DimensionSpec {
  const found = spec.dimensions[dimension];
  if (!found) {
    const allowed = Object.keys(spec.dimensions).join(', ');
    throw BadInputError.field(field, `${dimension} makes no sense for ${spec.subject}: they group by ${allowed}`);
  }
  return found;
}

function hasValues(filter: Record<string, unknown> | null | undefined): filter is Record<string, unknown> {
  return !!filter && Object.values(filter).some((value) => value !== null && value !== undefined);
}

/**
 * The list filter as a condition `e.id in (…)`: the very query the list would run (graph/record-sql.ts listFilterSql),
 * so stats filter exactly as the lists filter.
 */
function listFilterCondition(em: EntityManager, spec: SubjectSpec, api: RecordApiTypes, filter: Record<string, unknown>): SqlPart {
  const type = recordTypeByName(spec.typeName);
  if (!type) throw new Error(`stats: no record type ${spec.typeName}`);
  const meta = em.getMetadata().get(type.entity.name);
  const where = whereSql(listFilterSql(type, meta, api, filter));
  return { sql: `e.id in (select e.id from "${meta.tableName}" as e${where.sql})`, params: where.params };
}

/** The WHERE conditions of a selection and the joins they need. */
function selectionSql(em: EntityManager, spec: SubjectSpec, api: RecordApiTypes, selection: StatsSelection): { conditions: SqlPart[]; joins: Set<string> } {
  const conditions: SqlPart[] = [];
  const joins = new Set<string>();
  conditions.push(...visibleRecordSql('e', selection.visibilities));
  if (hasValues(selection.filter)) conditions.push(listFilterCondition(em, spec, api, selection.filter));
  for (const key of DIMENSION_FILTER_KEYS) {
    const raw = selection.where?.[key];
    if (raw == null) continue;
    const how = DIMENSION_FILTERS[key];
    const dimension = dimensionOf(spec, how.dimension, `where.${key}`);
    const values = key === 'cityId' ? raw.filter((value) => isRecordId(value)) : raw;
    for (const alias of how.joins ?? dimension.joins ?? []) joins.add(alias);
    conditions.push(values.length > 0 ? { sql: `${how.sql ?? dimension.sql} in (${placeholders(values)})`, params: [...values] } : { sql: 'false', params: [] });
  }
  const step = selection.statusHistory;
  if (step && hasValues(step as Record<string, unknown>)) {
    if (spec.subject !== 'partnerships') throw BadInputError.field('statusHistory', `only partnerships have a status history, not ${spec.subject}`);
    const parts: SqlPart[] = [];
    if (step.status) parts.push({ sql: step.status.length > 0 ? `step ->> 'status' in (${placeholders(step.status)})` : 'false', params: [...step.status] });
    if (step.level) parts.push({ sql: step.level.length > 0 ? `step ->> 'level' in (${placeholders(step.level)})` : 'false', params: [...step.level] });
    if (step.dateFrom) parts.push({ sql: `step ->> 'date' >= ?`, params: [step.dateFrom] });
    if (step.dateTo) parts.push({ sql: `step ->> 'date' <= ?`, params: [step.dateTo] });
    conditions.push({
      sql: `exists (select 1 from jsonb_array_elements(e.status_history) as step where ${parts.map((part) => part.sql).join(' and ') || 'true'})`,
      params: parts.flatMap((part) => part.params),
    });
  }
  return { conditions, joins };
}

/**
 * Grouped counts and sums of one subject, in ONE SQL statement with GROUP BY, whatever the number of rows:
 * no row is loaded into JavaScript. Contributions sum amounts per currency (an inner grouping by currency
 * under the requested one), so money in different currencies is never added up.
 */
export async function groupedStats(
  em: EntityManager,
  subject: StatsSubject,
  api: RecordApiTypes,
  selection: StatsSelection,
  groupBy: readonly StatsDimension[],
  newGroup: () => StatsRow = () => ({ count: 0 }),
): Promise<StatsRow[]> {
  const spec = SUBJECTS[subject];
  const dimensions = [...new Set(groupBy)].map((dimension) => dimensionOf(spec, dimension, 'groupBy'));
  const { conditions, joins } = selectionSql(em, spec, api, selection);
  for (const dimension of dimensions) for (const alias of dimension.joins ?? []) joins.add(alias);
  for (const metric of spec.metrics) for (const alias of metric.joins ?? []) joins.add(alias);
  const where = whereSql(conditions);
  const from = `from ${spec.table} e ${joinsFor(spec, joins).join(' ')} ${where.sql}`;

  const keys = dimensions.map((dimension, index) => `${dimension.sql} as k${index}`);
  // A dimension that sorts by its key (a year, a channel) sorts by the key column; one that sorts by something else
  // (a country by its code, a city by its name) gets an order column of its own.
  const orders = dimensions.flatMap((dimension, index) => (dimension.order ? [`${dimension.order} as o${index}`] : []));
  const ownOrderColumns = dimensions.flatMap((dimension, index) => (dimension.order ? [`o${index}`] : []));
  const orderColumns = dimensions.map((dimension, index) => (dimension.order ? `o${index}` : `k${index}`));
  const groupSql = dimensions.length > 0 ? `group by ${dimensions.map((dimension) => dimension.sql).join(', ')}` : '';
  const orderSql = dimensions.length > 0 ? `order by ${orderColumns.map((column) => `${column} nulls last`).join(', ')}` : '';
  const metrics = spec.metrics.map((metric) => `${metric.sql} as "${metric.field}"`);

  let sql: string;
  if (subject === 'contributions') {
    const outerKeys = [...dimensions.map((_, index) => `k${index}`), ...ownOrderColumns];
    const inner = `select ${[...keys, ...orders, 'e.currency as currency', 'sum(e.amount) as amount', ...metrics].join(', ')} ${from}
      group by ${[...dimensions.map((dimension) => dimension.sql), 'e.currency'].join(', ')}`;
    const summed = spec.metrics.map((metric) => `sum("${metric.field}") as "${metric.field}"`);
    const amounts = `coalesce(jsonb_agg(jsonb_build_object('currency', currency, 'amount', amount) order by currency) filter (where amount is not null and currency is not null), '[]'::jsonb) as amounts`;
    sql = `select ${[...outerKeys, ...summed, amounts].join(', ')} from (${inner}) g ${outerKeys.length > 0 ? `group by ${outerKeys.join(', ')}` : ''} ${orderSql}`;
  } else {
    sql = `select ${[...keys, ...orders, ...metrics].join(', ')} ${from} ${groupSql} ${orderSql}`;
  }

  const rows = await readSql<Record<string, unknown>>(em, sql, where.params);
  return rows.map((row) => {
    const group = newGroup();
    dimensions.forEach((dimension, index) => {
      group[dimension.field] = row[`k${index}`] ?? null;
    });
    for (const metric of spec.metrics) group[metric.field] = Number(row[metric.field] ?? 0);
    if (subject === 'contributions') {
      group.amounts = ((row.amounts as Array<{ currency: string; amount: number | string }> | null) ?? []).map((money) => ({ currency: money.currency, amount: Number(money.amount) }));
    }
    return group;
  });
}

/**
 * One figure of a subject as a scalar subquery (no GROUP BY), for batching many target measures into one
 * statement: `(select count(*) from partnership e … where …)`.
 */
export function figureSql(em: EntityManager, subject: StatsSubject, api: RecordApiTypes, selection: StatsSelection, value: string, currency: string): SqlPart {
  const spec = SUBJECTS[subject];
  const { conditions, joins } = selectionSql(em, spec, api, selection);
  let aggregate: SqlPart;
  if (value === 'amount') {
    aggregate = { sql: 'coalesce(sum(e.amount) filter (where e.currency = ?), 0)', params: [currency] };
  } else {
    const metric = spec.metrics.find((candidate) => candidate.field === value);
    if (!metric) throw BadInputError.field('measure.value', `${subject} measure one of ${measurableValues(subject).join(', ')}`);
    for (const alias of metric.joins ?? []) joins.add(alias);
    aggregate = { sql: metric.sql, params: [] };
  }
  const where = whereSql(conditions);
  return {
    sql: `(select (${aggregate.sql})::float8 from ${spec.table} e ${joinsFor(spec, joins).join(' ')} ${where.sql})`,
    params: [...aggregate.params, ...where.params],
  };
}
