import type { RecordApiTypes } from '../graph/api-types.js';
import type { RecordType } from '../nodes/registry.js';
import { AnnualReportResolver, DelegationFiguresResolver } from './annual-report.resolver.js';
import { createStatsResolver, StatsGroupResolver } from './stats.resolver.js';
import { createTargetsResolver } from './targets.resolver.js';

/** The resolvers of grouped figures, the annual report and plan progress, for buildAmitySchema. */
export function createStatsResolvers(apiTypes: Map<RecordType, RecordApiTypes>): Function[] {
  return [createStatsResolver(apiTypes), StatsGroupResolver, AnnualReportResolver, DelegationFiguresResolver, createTargetsResolver(apiTypes)];
}
