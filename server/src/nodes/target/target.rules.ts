import type { TypeRules } from '../../graph/registry.js';
import { readMeasure } from '../../stats/measure.js';
import type { Target } from './target.entity.js';

export const targetRules: TypeRules<Target> = {
  /** A measure that could not be counted is refused when written, not discovered when the plan is read. */
  check(target, em) {
    if (target.measure == null) return [];
    return readMeasure(target.measure, em.getMetadata()).problems.map((message) => ({ field: 'measure', message }));
  },
};
