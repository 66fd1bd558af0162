import type { TypeRules } from '../../graph/record-types.js';
import type { Relationship } from './relationship.entity.js';

export const relationshipRules: TypeRules<Relationship> = {
  check(relationship) {
    return relationship.from && relationship.to && relationship.from.id === relationship.to.id
      ? [{ field: 'toId', message: 'a relationship needs two different nodes' }]
      : [];
  },
};
