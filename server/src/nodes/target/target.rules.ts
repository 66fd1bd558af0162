import type { MetadataStorage } from '@mikro-orm/core';
import type { TypeRules } from '../../graph/record-types.js';
import type { Target } from './target.entity.js';

/** The problems of a target's measure, each with its path in the JSON; none when it can be counted. */
export type MeasureCheck = (measure: unknown, metadata: MetadataStorage) => string[];

/*
 * A measure names statistics to count, which only the statistics can check. They count over every record type,
 * this one included, so they sit above the types: they give the check when they load (stats/measure.ts) rather
 * than the rules importing them.
 */
let measureCheck: MeasureCheck | undefined;

export function checkMeasuresWith(check: MeasureCheck): void {
  measureCheck = check;
}

export const targetRules: TypeRules<Target> = {
  /** A measure that could not be counted is refused when written, not discovered when the plan is read. */
  check(target, em) {
    if (target.measure == null) return [];
    if (!measureCheck) throw new Error('No check of measures is given: load stats/measure.js before writing a target');
    return measureCheck(target.measure, em.getMetadata()).map((message) => ({ field: 'measure', message }));
  },
};
