import type { HistoryRules } from '../../graph/history.js';
import { namedSql } from '../../graph/sql.js';
import type { Relationship } from './relationship.entity.js';

export const relationshipHistory: HistoryRules<Relationship> = {
  description:
    'Only relationships in force on this date: started on or before it and not ended before it (no end date: still in force). ' +
    'Relationships without a start date are left out, since when they began is not known.',

  existedOn(date) {
    return { ...namedSql('e.start_date <= :date::date and (e.end_date is null or e.end_date >= :date::date)', { date }), handled: [] };
  },

  asOf(relationship, date) {
    const started = !!relationship.startDate && relationship.startDate <= date;
    const ended = !!relationship.endDate && relationship.endDate < date;
    return started && !ended ? relationship : null;
  },
};
