import { historicalView, type HistoryRules } from '../../graph/history.js';
import { namedSql, sqlArray } from '../../graph/sql.js';
import { Partnership, PartnershipLevel, PartnershipStatus, type PartnershipStatusChange } from './partnership.entity.js';

/** The steps of the history dated on or before the date, oldest first (steps of one day in the order given). */
function stepsUntil(partnership: Partnership, date: string): PartnershipStatusChange[] {
  return (partnership.statusHistory ?? []).filter((step) => step.date <= date).sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * The level a partnership had after these steps: the level named by the latest step that names one; when none
 * does, PROSPECT until an agreement is signed, and its present level after.
 */
function levelAfter(steps: PartnershipStatusChange[], present: PartnershipLevel): PartnershipLevel {
  const named = steps.findLast((step) => step.level);
  if (named?.level) return named.level;
  return steps.some((step) => step.status === PartnershipStatus.AGREEMENT_SIGNED) ? present : PartnershipLevel.PROSPECT;
}

// The same rules in SQL, over the jsonb column status_history of the list's root alias `e`.
const STEPS_UNTIL = `jsonb_array_elements(e.status_history) with ordinality as step(value, position) where step.value->>'date' <= :date`;
const LEVEL_AS_OF = `coalesce(
    (select step.value->>'level' from ${STEPS_UNTIL} and step.value->>'level' is not null order by step.value->>'date' desc, step.position desc limit 1),
    case when exists (select 1 from ${STEPS_UNTIL} and step.value->>'status' = 'AGREEMENT_SIGNED') then e.level::text else 'PROSPECT' end)`;
const STATUS_AS_OF = `(select step.value->>'status' from ${STEPS_UNTIL} order by step.value->>'date' desc, step.position desc limit 1)`;
const SIGNED_ON_AS_OF = `(case when e.signed_on <= :date::date then e.signed_on end)`;

export const partnershipHistory: HistoryRules<Partnership> = {
  description:
    'Show partnerships as they stood on this date, from their dated status history: level, status, signedOn and the history up to ' +
    'that date; a partnership with no step on or before it is left out (null when asked for by id). The level, status and signedOn filters apply to the values ' +
    'on that date; sorting uses the present values.',

  existedOn(date, filter) {
    const conditions = [`exists (select 1 from ${STEPS_UNTIL})`];
    const values: Record<string, unknown> = { date };
    const handled: string[] = [];
    if (Array.isArray(filter.level)) {
      conditions.push(`${LEVEL_AS_OF} = any(:levels::text[])`);
      values.levels = sqlArray(filter.level as string[]);
      handled.push('level');
    }
    if (Array.isArray(filter.status)) {
      conditions.push(`${STATUS_AS_OF} = any(:statuses::text[])`);
      values.statuses = sqlArray(filter.status as string[]);
      handled.push('status');
    }
    if (filter.signedOnFrom != null) {
      conditions.push(`${SIGNED_ON_AS_OF} >= :signedOnFrom::date`);
      values.signedOnFrom = filter.signedOnFrom;
      handled.push('signedOnFrom');
    }
    if (filter.signedOnTo != null) {
      conditions.push(`${SIGNED_ON_AS_OF} <= :signedOnTo::date`);
      values.signedOnTo = filter.signedOnTo;
      handled.push('signedOnTo');
    }
    return { ...namedSql(conditions.join(' and '), values), handled };
  },

  asOf(partnership, date) {
    const steps = stepsUntil(partnership, date);
    if (steps.length === 0) return null;
    return historicalView(partnership, {
      level: levelAfter(steps, partnership.level),
      status: steps[steps.length - 1].status,
      signedOn: steps.find((step) => step.status === PartnershipStatus.AGREEMENT_SIGNED)?.date ?? null,
      statusHistory: steps,
    });
  },
};
