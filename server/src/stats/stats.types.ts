import { Field, Float, ID, InputType, Int, InterfaceType, ObjectType } from 'type-graphql';
import { typeNameOf } from '../graph/record.entity.js';
import { LocalDate } from '../graph/scalars.js';
import { ApplicationKind, ApplicationStatus } from '../nodes/application/application.entity.js';
import { ContributionKind, ContributionStatus } from '../nodes/contribution/contribution.entity.js';
import { Continent } from '../nodes/country/country.entity.js';
import { ApprovalStatus, DelegationChannel, DelegationDirection, DelegationPurpose } from '../nodes/delegation/delegation.entity.js';
import { EventKind } from '../nodes/event/event.entity.js';
import { OrganisationKind } from '../nodes/organisation/organisation.entity.js';
import { PartnershipLevel, PartnershipStatus } from '../nodes/partnership/partnership.entity.js';
import type { DimensionFilter, HistoryStepFilter } from './stats.service.js';

@InputType({ description: 'Filters by the values of dimensions, as StatsDimension defines them for the subject (a delegation’s country is its foreign end’s)' })
export class StatsWhere implements DimensionFilter {
  @Field(() => [Int], { nullable: true, description: 'YEAR is any of these' })
  year?: number[] | null;

  @Field(() => [String], { nullable: true, description: 'COUNTRY is any of these, by ISO 3166-1 alpha-2 code (e.g. NO)' })
  countryCode?: string[] | null;

  @Field(() => [Continent], { nullable: true, description: 'CONTINENT is any of these' })
  continent?: Continent[] | null;

  @Field(() => [String], { nullable: true, description: 'SUBREGION is any of these UN M49 sub-regions, e.g. Eastern Europe or Australia and New Zealand' })
  subregion?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'CITY is any of these cities' })
  cityId?: string[] | null;

  @Field(() => [OrganisationKind], { nullable: true, description: 'ORGANISATION_KIND is any of these' })
  organisationKind?: OrganisationKind[] | null;
}

@InputType({ description: 'Partnerships with at least one step of their dated status history matching all of these' })
export class StatusHistoryFilter implements HistoryStepFilter {
  @Field(() => [PartnershipStatus], { nullable: true, description: 'The step’s status is any of these, e.g. CONTACT_OPENED' })
  status?: PartnershipStatus[] | null;

  @Field(() => [PartnershipLevel], { nullable: true, description: 'The level reached with the step is any of these' })
  level?: PartnershipLevel[] | null;

  @Field(() => LocalDate, { nullable: true, description: 'The step happened on or after this date' })
  dateFrom?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'The step happened on or before this date' })
  dateTo?: string | null;
}

@ObjectType({ description: 'An amount of money in one currency' })
export class Money {
  @Field(() => String, { description: 'ISO 4217 currency code, e.g. CNY' })
  currency!: string;

  @Field(() => Float, { description: 'The sum in that currency' })
  amount!: number;
}

/**
 * One group of a stats answer: its keys (only those grouped by are set) and its figures. Countries and
 * cities are keys by id and resolve through the request's loaders.
 */
@InterfaceType('StatsGroup', {
  description: 'One group of a stats answer: the values of the dimensions grouped by (the others are null) and the group’s figures',
  resolveType: typeNameOf,
})
export abstract class StatsGroup {
  @Field(() => Int, { description: 'How many records are in the group' })
  count!: number;

  @Field(() => Int, { nullable: true, description: 'YEAR, when grouped by it' })
  year?: number | null;

  @Field(() => Int, { nullable: true, description: 'MONTH (1–12), when grouped by it' })
  month?: number | null;

  @Field(() => Continent, { nullable: true, description: 'CONTINENT, when grouped by it' })
  continent?: Continent | null;

  @Field(() => String, { nullable: true, description: 'SUBREGION (UN M49), when grouped by it' })
  subregion?: string | null;

  /** COUNTRY's key; the `country` field resolves it. */
  countryId?: string | null;

  /** CITY's key; the `city` field resolves it. */
  cityId?: string | null;
}

@ObjectType({ implements: StatsGroup, description: 'Delegations of one group: how many, and their person-times' })
export class DelegationStatsGroup extends StatsGroup {
  @Field(() => Int, { description: 'Person-times (人次): the sum of the headcounts' })
  personTimes!: number;

  @Field(() => DelegationDirection, { nullable: true, description: 'DIRECTION, when grouped by it' })
  direction?: DelegationDirection | null;

  @Field(() => DelegationChannel, { nullable: true, description: 'CHANNEL, when grouped by it' })
  channel?: DelegationChannel | null;

  @Field(() => DelegationPurpose, { nullable: true, description: 'PURPOSE, when grouped by it' })
  purpose?: DelegationPurpose | null;

  @Field(() => ApprovalStatus, { nullable: true, description: 'STATUS (the approval status of OUTBOUND delegations), when grouped by it' })
  status?: ApprovalStatus | null;

  @Field(() => OrganisationKind, { nullable: true, description: 'ORGANISATION_KIND (of the sending organisation), when grouped by it' })
  organisationKind?: OrganisationKind | null;
}

@ObjectType({ implements: StatsGroup, description: 'Applications of one group: how many, for how many persons, from how many applicants' })
export class ApplicationStatsGroup extends StatsGroup {
  @Field(() => Int, { description: 'Persons the applications cover' })
  persons!: number;

  @Field(() => Int, { description: 'Different applicant organisations (the companies of APEC card applications)' })
  applicants!: number;

  @Field(() => ApplicationKind, { nullable: true, description: 'KIND, when grouped by it' })
  kind?: ApplicationKind | null;

  @Field(() => ApplicationStatus, { nullable: true, description: 'STATUS, when grouped by it' })
  status?: ApplicationStatus | null;

  @Field(() => OrganisationKind, { nullable: true, description: 'ORGANISATION_KIND (of the applicant), when grouped by it' })
  organisationKind?: OrganisationKind | null;
}

@ObjectType({ implements: StatsGroup, description: 'Contributions of one group: how many, their amounts per currency, beneficiaries and items' })
export class ContributionStatsGroup extends StatsGroup {
  @Field(() => [Money], { description: 'The amounts, summed per currency (never added across currencies); contributions without an amount add none' })
  amounts!: Money[];

  @Field(() => Int, { description: 'People who benefit' })
  beneficiaries!: number;

  @Field(() => Int, { description: 'Items given in kind' })
  quantity!: number;

  @Field(() => ContributionKind, { nullable: true, description: 'KIND, when grouped by it' })
  kind?: ContributionKind | null;

  @Field(() => ContributionStatus, { nullable: true, description: 'STATUS, when grouped by it' })
  status?: ContributionStatus | null;

  @Field(() => OrganisationKind, { nullable: true, description: 'ORGANISATION_KIND (of the donor), when grouped by it' })
  organisationKind?: OrganisationKind | null;
}

@ObjectType({ implements: StatsGroup, description: 'Partnerships of one group: how many, in how many countries' })
export class PartnershipStatsGroup extends StatsGroup {
  @Field(() => Int, { description: 'Different countries of the partner cities' })
  countries!: number;

  @Field(() => PartnershipLevel, { nullable: true, description: 'LEVEL, when grouped by it' })
  level?: PartnershipLevel | null;

  @Field(() => PartnershipStatus, { nullable: true, description: 'STATUS (the latest of the history), when grouped by it' })
  status?: PartnershipStatus | null;
}

@ObjectType({ implements: StatsGroup, description: 'Events of one group: how many, and how many took part' })
export class EventStatsGroup extends StatsGroup {
  @Field(() => Int, { description: 'People who took part' })
  attendance!: number;

  @Field(() => EventKind, { nullable: true, description: 'KIND, when grouped by it' })
  kind?: EventKind | null;

  @Field(() => OrganisationKind, { nullable: true, description: 'ORGANISATION_KIND (of the host), when grouped by it' })
  organisationKind?: OrganisationKind | null;
}

@ObjectType({
  description:
    'Grouped counts and sums over the records, computed in SQL: one statement per subject asked for. Each subject filters as its list filters, ' +
    'and may also filter by dimension values (where) and group by dimensions (groupBy); groups come sorted by their keys.',
})
export class Stats {
  /** A marker: the subjects are field resolvers. */
  readonly kind = 'stats';
}
