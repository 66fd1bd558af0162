import type { ResourceDefinition } from '../generic/resource';
import cities from './cities';
import delegations from './delegations';
import events from './events';
import exchanges from './exchanges';
import organisations from './organisations';
import partnerships from './partnerships';
import people from './people';

/** Types with a folder of their own, in menu order; every other type of the schema gets the generic screens. */
export const ownResources: Record<string, ResourceDefinition> = {
  City: cities,
  Organisation: organisations,
  Person: people,
  Partnership: partnerships,
  Exchange: exchanges,
  Delegation: delegations,
  Event: events,
};
