import type { EntityManager } from '@mikro-orm/postgresql';
import type { RecordApiTypes } from '../graph/api-types.js';
import type { Target } from '../nodes/target/target.entity.js';
import { readMeasure } from './measure.js';
import type { StatsSubject } from './stats.dimensions.js';
import { figureSql } from './stats.service.js';

export interface TargetActual {
  /** Null when the target has no measure, or a measure that cannot be counted (see problem). */
  actual: number | null;
  problem: string | null;
}

/**
 * The actual figure of each target, counted from records by its measure: every target's count is a scalar
 * subquery of ONE statement (`select id, (select count(*) …) union all …`), however many targets there are.
 */
export async function targetActuals(
  em: EntityManager,
  targets: readonly Target[],
  apiOf: (subject: StatsSubject) => RecordApiTypes,
  visibilities: readonly string[],
): Promise<TargetActual[]> {
  const metadata = em.getMetadata();
  const answers: TargetActual[] = targets.map(() => ({ actual: null, problem: null }));
  const parts: Array<{ sql: string; params: unknown[] }> = [];
  targets.forEach((target, index) => {
    if (target.measure == null) {
      answers[index].problem = 'no measure: the actual cannot be counted';
      return;
    }
    const { measure, problems } = readMeasure(target.measure, metadata);
    if (!measure) {
      answers[index].problem = problems.join('; ');
      return;
    }
    const figure = figureSql(em, measure.subject, apiOf(measure.subject), { ...measure.selection, visibilities }, measure.value, measure.currency);
    parts.push({ sql: `select ${index}::int as target, ${figure.sql} as actual`, params: figure.params });
  });
  if (parts.length > 0) {
    const rows: Array<{ target: number; actual: number | string | null }> = await em.execute(
      parts.map((part) => part.sql).join(' union all '),
      parts.flatMap((part) => part.params),
    );
    for (const row of rows) answers[Number(row.target)].actual = row.actual === null ? 0 : Number(row.actual);
  }
  return answers;
}
