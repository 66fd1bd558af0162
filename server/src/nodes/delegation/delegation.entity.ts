import { Collection, Entity, Enum, Index, ManyToMany, ManyToOne, Property } from '@mikro-orm/core';
import { Min } from 'class-validator';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { NodeEntity, RecordEntity } from '../../graph/record.entity.js';
import { LocalDate } from '../../graph/scalars.js';
import { City } from '../city/city.entity.js';
import { Country } from '../country/country.entity.js';
import { Event } from '../event/event.entity.js';
import { Exchange } from '../exchange/exchange.entity.js';
import { Organisation } from '../organisation/organisation.entity.js';
import { Person } from '../person/person.entity.js';
import { NameOrderIndexes } from '../../graph/name-order.js';

export enum DelegationDirection {
  INBOUND = 'INBOUND',
  OUTBOUND = 'OUTBOUND',
}
registerEnumType(DelegationDirection, {
  name: 'DelegationDirection',
  description: 'INBOUND: received here; OUTBOUND: a trip abroad',
  valuesConfig: {
    INBOUND: { description: 'Received here: a visit from abroad (or from Hong Kong, Macao or Taiwan)' },
    OUTBOUND: { description: 'Sent from here: a trip abroad' },
  },
});

export enum DelegationChannel {
  GOVERNMENT_AND_PARTY = 'GOVERNMENT_AND_PARTY',
  SISTER_CITY = 'SISTER_CITY',
  OVERSEAS_CHINESE = 'OVERSEAS_CHINESE',
  BUSINESS = 'BUSINESS',
  ACADEMIC = 'ACADEMIC',
  OTHER = 'OTHER',
}
registerEnumType(DelegationChannel, {
  name: 'DelegationChannel',
  description:
    'GOVERNMENT_AND_PARTY: party and foreign government guests; SISTER_CITY: through sister-city and friendly-city channels; OVERSEAS_CHINESE: overseas Chinese and Hong Kong/Macao compatriots; BUSINESS; ACADEMIC; OTHER',
  valuesConfig: {
    GOVERNMENT_AND_PARTY: { description: 'Party and foreign-government guests' },
    SISTER_CITY: { description: 'Through sister-city and friendly-city channels' },
    OVERSEAS_CHINESE: { description: 'Overseas Chinese and Hong Kong and Macao compatriots' },
    BUSINESS: { description: 'Business and trade' },
    ACADEMIC: { description: 'Universities, schools and research' },
    OTHER: { description: 'Any other channel' },
  },
});

export enum DelegationPurpose {
  OFFICIAL_VISIT = 'OFFICIAL_VISIT',
  CONFERENCE = 'CONFERENCE',
  TRADE_AND_INVESTMENT = 'TRADE_AND_INVESTMENT',
  STUDY = 'STUDY',
  EDUCATION = 'EDUCATION',
  CULTURE = 'CULTURE',
  TRAINING = 'TRAINING',
  OTHER = 'OTHER',
}
registerEnumType(DelegationPurpose, {
  name: 'DelegationPurpose',
  description: 'What a visit was for',
  valuesConfig: {
    OFFICIAL_VISIT: { description: 'An official visit or talks' },
    CONFERENCE: { description: 'A conference or forum' },
    TRADE_AND_INVESTMENT: { description: 'Trade and investment' },
    STUDY: { description: 'A study tour' },
    EDUCATION: { description: 'Education and school exchange' },
    CULTURE: { description: 'Culture and the arts' },
    TRAINING: { description: 'Training' },
    OTHER: { description: 'Any other purpose' },
  },
});

export enum ApprovalStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  HELD_BACK = 'HELD_BACK',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(ApprovalStatus, {
  name: 'ApprovalStatus',
  description: 'The office’s decision on an outbound trip; HELD_BACK means stopped on review (把关)',
  valuesConfig: {
    PENDING: { description: 'Waiting for a decision' },
    APPROVED: { description: 'Approved' },
    HELD_BACK: { description: 'Stopped on review (把关)' },
    WITHDRAWN: { description: 'Withdrawn by those who applied' },
  },
});

@ObjectType({ implements: [RecordEntity, NodeEntity], description: 'A group visit, received (INBOUND) or sent abroad (OUTBOUND).' })
// The admin's delegation lists filter by channel and sort by start date.
@Index({ properties: ['channel', 'startDate'] })
@NameOrderIndexes()
@Entity()
export class Delegation extends NodeEntity {
  @Field(() => DelegationDirection, { description: 'INBOUND (received here) or OUTBOUND (a trip abroad)' })
  @Enum({ items: () => DelegationDirection, nativeEnumName: 'delegation_direction' })
  direction!: DelegationDirection;

  @Field(() => DelegationChannel, { description: 'The channel the visit came or went through' })
  @Enum({ items: () => DelegationChannel, nativeEnumName: 'delegation_channel' })
  channel!: DelegationChannel;

  @Field(() => DelegationPurpose, { description: 'What the visit was for' })
  @Enum({ items: () => DelegationPurpose, nativeEnumName: 'delegation_purpose', default: DelegationPurpose.OFFICIAL_VISIT })
  purpose: DelegationPurpose = DelegationPurpose.OFFICIAL_VISIT;

  @Field(() => City, { nullable: true, description: 'The city the delegation came from' })
  @ManyToOne(() => City, { nullable: true })
  originCity?: City | null;

  @Field(() => Country, { nullable: true, description: 'The country the delegation came from' })
  @ManyToOne(() => Country, { nullable: true })
  originCountry?: Country | null;

  @Field(() => City, { nullable: true, description: 'The city the delegation went to' })
  @ManyToOne(() => City, { nullable: true })
  destinationCity?: City | null;

  @Field(() => Country, { nullable: true, description: 'The country the delegation went to' })
  @ManyToOne(() => Country, { nullable: true })
  destinationCountry?: Country | null;

  @Field(() => Organisation, { nullable: true, description: 'The organisation that sent the delegation' })
  @ManyToOne(() => Organisation, { nullable: true })
  sendingOrganisation?: Organisation | null;

  @Field(() => Organisation, { nullable: true, description: 'The organisation that received the delegation' })
  @ManyToOne(() => Organisation, { nullable: true })
  hostOrganisation?: Organisation | null;

  @Field(() => Person, { nullable: true, description: 'Who led the delegation' })
  @ManyToOne(() => Person, { nullable: true })
  leader?: Person | null;

  @Field(() => [Person], { description: 'Named members (the leader may be one of them)' })
  @ManyToMany(() => Person, undefined, { pivotTable: 'delegation_member', joinColumn: 'delegation_id', inverseJoinColumn: 'person_id' })
  members = new Collection<Person>(this);

  @Field(() => Int, { description: 'Person-times (人次): never below the number of named members' })
  @Property({ type: 'integer' })
  @Min(1, { message: 'must be at least 1' })
  headcount!: number;

  @Field(() => LocalDate, { nullable: true, description: 'First day of the visit' })
  @Property({ type: 'date', nullable: true })
  startDate?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'Last day of the visit' })
  @Property({ type: 'date', nullable: true })
  endDate?: string | null;

  @Field(() => Exchange, { nullable: true, description: 'The exchange programme this visit belongs to' })
  @ManyToOne(() => Exchange, { nullable: true })
  exchange?: Exchange | null;

  @Field(() => [Event], { description: 'Events the delegation attended' })
  @ManyToMany(() => Event, undefined, { pivotTable: 'delegation_event', joinColumn: 'delegation_id', inverseJoinColumn: 'event_id' })
  events = new Collection<Event>(this);

  @Field(() => ApprovalStatus, { nullable: true, description: 'OUTBOUND only: the approval decision' })
  @Enum({ items: () => ApprovalStatus, nativeEnumName: 'approval_status', nullable: true })
  approvalStatus?: ApprovalStatus | null;

  @Field(() => String, { nullable: true, description: 'OUTBOUND only: approval number' })
  @Property({ type: 'text', nullable: true })
  approvalNumber?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'OUTBOUND only: date of the decision' })
  @Property({ type: 'date', nullable: true })
  approvalDate?: string | null;

  @Field({ description: 'OUTBOUND only: approved through the green channel (fast track)' })
  @Property({ default: false })
  greenChannel: boolean = false;
}
