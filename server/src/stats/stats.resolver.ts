import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RecordApiTypes } from '../graph/api-types.js';
import type { RequestContext } from '../graph/context.js';
import { recordTypeByName, type RecordType } from '../nodes/registry.js';
import { City } from '../nodes/city/city.entity.js';
import { Country } from '../nodes/country/country.entity.js';
import { StatsDimension, SUBJECTS, type StatsSubject } from './stats.dimensions.js';
import { groupedStats, type StatsRow } from './stats.service.js';
import {
  ApplicationStatsGroup,
  ContributionStatsGroup,
  DelegationStatsGroup,
  EventStatsGroup,
  PartnershipStatsGroup,
  Stats,
  StatsGroup,
  StatsWhere,
  StatusHistoryFilter,
} from './stats.types.js';

@Resolver(() => StatsGroup)
export class StatsGroupResolver {
  @FieldResolver(() => Country, { nullable: true, description: 'COUNTRY, when grouped by it' })
  country(@Root() group: StatsGroup, @Ctx() ctx: RequestContext): object | null | Promise<object | null> {
    return group.countryId ? ctx.loaders.byId(Country).load(group.countryId) : null;
  }

  @FieldResolver(() => City, { nullable: true, description: 'CITY, when grouped by it' })
  city(@Root() group: StatsGroup, @Ctx() ctx: RequestContext): object | null | Promise<object | null> {
    return group.cityId ? ctx.loaders.byId(City).load(group.cityId) : null;
  }
}

const GROUP_TYPES: Record<StatsSubject, new () => StatsGroup> = {
  delegations: DelegationStatsGroup,
  applications: ApplicationStatsGroup,
  contributions: ContributionStatsGroup,
  partnerships: PartnershipStatsGroup,
  events: EventStatsGroup,
};

const GROUP_BY_DESCRIPTION = 'Dimensions to group by, most significant first; none gives one group with the totals';
const WHERE_DESCRIPTION = 'Only records whose dimensions have these values (e.g. continent: [OCEANIA])';

/** `stats { delegations(…) … }`: one resolver whose subject fields take each subject's own list filter type. */
export function createStatsResolver(apiTypes: Map<RecordType, RecordApiTypes>): Function {
  const api = (subject: StatsSubject): RecordApiTypes => {
    const type = recordTypeByName(SUBJECTS[subject].typeName);
    const found = type && apiTypes.get(type);
    if (!found) throw new Error(`stats: no API types for ${subject}`);
    return found;
  };
  const filterOf = (subject: StatsSubject) => api(subject).Filter;
  const run = async (subject: StatsSubject, ctx: RequestContext, filter: Record<string, unknown> | null | undefined, where: StatsWhere | null | undefined, groupBy: StatsDimension[], statusHistory?: StatusHistoryFilter | null) => {
    const Group = GROUP_TYPES[subject];
    return groupedStats(ctx.em, subject, api(subject), { filter, where, statusHistory, visibilities: ctx.visibilities }, groupBy, () => Object.assign(new Group() as StatsRow, { count: 0 }));
  };
  const filterDescription = (subject: StatsSubject) => `Which ${subject} count, as the ${subject} list filters them`;

  @Resolver(() => Stats)
  class StatsResolver {
    @Query(() => Stats, { description: 'Grouped counts and sums over delegations, applications, contributions, partnerships and events' })
    stats(): Stats {
      return new Stats();
    }

    @FieldResolver(() => [DelegationStatsGroup], { description: 'Delegations: count and person-times' })
    delegations(
      @Ctx() ctx: RequestContext,
      @Arg('filter', () => filterOf('delegations'), { nullable: true, description: filterDescription('delegations') }) filter?: Record<string, unknown> | null,
      @Arg('where', () => StatsWhere, { nullable: true, description: WHERE_DESCRIPTION }) where?: StatsWhere | null,
      @Arg('groupBy', () => [StatsDimension], { defaultValue: [], description: GROUP_BY_DESCRIPTION }) groupBy: StatsDimension[] = [],
    ) {
      return run('delegations', ctx, filter, where, groupBy);
    }

    @FieldResolver(() => [ApplicationStatsGroup], { description: 'Applications: count, persons and different applicants' })
    applications(
      @Ctx() ctx: RequestContext,
      @Arg('filter', () => filterOf('applications'), { nullable: true, description: filterDescription('applications') }) filter?: Record<string, unknown> | null,
      @Arg('where', () => StatsWhere, { nullable: true, description: WHERE_DESCRIPTION }) where?: StatsWhere | null,
      @Arg('groupBy', () => [StatsDimension], { defaultValue: [], description: GROUP_BY_DESCRIPTION }) groupBy: StatsDimension[] = [],
    ) {
      return run('applications', ctx, filter, where, groupBy);
    }

    @FieldResolver(() => [ContributionStatsGroup], { description: 'Contributions: count, amounts per currency, beneficiaries and items in kind' })
    contributions(
      @Ctx() ctx: RequestContext,
      @Arg('filter', () => filterOf('contributions'), { nullable: true, description: filterDescription('contributions') }) filter?: Record<string, unknown> | null,
      @Arg('where', () => StatsWhere, { nullable: true, description: WHERE_DESCRIPTION }) where?: StatsWhere | null,
      @Arg('groupBy', () => [StatsDimension], { defaultValue: [], description: GROUP_BY_DESCRIPTION }) groupBy: StatsDimension[] = [],
    ) {
      return run('contributions', ctx, filter, where, groupBy);
    }

    @FieldResolver(() => [PartnershipStatsGroup], { description: 'Partnerships: count and different countries' })
    partnerships(
      @Ctx() ctx: RequestContext,
      @Arg('filter', () => filterOf('partnerships'), { nullable: true, description: filterDescription('partnerships') }) filter?: Record<string, unknown> | null,
      @Arg('where', () => StatsWhere, { nullable: true, description: WHERE_DESCRIPTION }) where?: StatsWhere | null,
      @Arg('groupBy', () => [StatsDimension], { defaultValue: [], description: GROUP_BY_DESCRIPTION }) groupBy: StatsDimension[] = [],
      @Arg('statusHistory', () => StatusHistoryFilter, { nullable: true, description: 'Only partnerships with a step of their history like this, e.g. contact opened in 2012' })
      statusHistory?: StatusHistoryFilter | null,
    ) {
      return run('partnerships', ctx, filter, where, groupBy, statusHistory);
    }

    @FieldResolver(() => [EventStatsGroup], { description: 'Events: count and attendance' })
    events(
      @Ctx() ctx: RequestContext,
      @Arg('filter', () => filterOf('events'), { nullable: true, description: filterDescription('events') }) filter?: Record<string, unknown> | null,
      @Arg('where', () => StatsWhere, { nullable: true, description: WHERE_DESCRIPTION }) where?: StatsWhere | null,
      @Arg('groupBy', () => [StatsDimension], { defaultValue: [], description: GROUP_BY_DESCRIPTION }) groupBy: StatsDimension[] = [],
    ) {
      return run('events', ctx, filter, where, groupBy);
    }
  }
  return StatsResolver;
}
