import type { DelegationDirection } from '@amity/schema/generated/graphql';
import type { DirectedGroup } from './dashboardData';

/**
 * Inbound visits and outbound trips are different work, counted on different lines of the annual report: the
 * charts keep them apart, one series each, and never add one to the other.
 */
export const DIRECTIONS: readonly DelegationDirection[] = ['INBOUND', 'OUTBOUND'];

export const DIRECTION_COLOURS: Record<DelegationDirection, string> = { INBOUND: '#1565c0', OUTBOUND: '#e65100' };

export type CountsByDirection = Record<DelegationDirection, number[]>;

/** The delegations of each category (a month, a channel) in each direction, in the order of `categories`. */
export function countsByDirection<C>(groups: DirectedGroup[], categoryOf: (group: DirectedGroup) => C, categories: readonly C[]): CountsByDirection {
  const counts = (direction: DelegationDirection) =>
    categories.map((category) => groups.filter((group) => group.direction === direction && categoryOf(group) === category).reduce((sum, group) => sum + group.count, 0));
  return { INBOUND: counts('INBOUND'), OUTBOUND: counts('OUTBOUND') };
}
