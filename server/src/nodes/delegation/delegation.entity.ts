import { Collection, Entity, Enum, ManyToMany, ManyToOne, Property } from '@mikro-orm/core';
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

export enum DelegationDirection {
  INBOUND = 'INBOUND',
  OUTBOUND = 'OUTBOUND',
}
registerEnumType(DelegationDirection, { name: 'DelegationDirection', description: 'INBOUND: received here; OUTBOUND: a trip abroad' });

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
registerEnumType(DelegationPurpose, { name: 'DelegationPurpose' });

export enum ApprovalStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  HELD_BACK = 'HELD_BACK',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(ApprovalStatus, {
  name: 'ApprovalStatus',
  description: 'The office’s decision on an outbound trip; HELD_BACK means stopped on review (把关)',
});

@ObjectType({ implements: [RecordEntity, NodeEntity], description: 'A group visit, received (INBOUND) or sent abroad (OUTBOUND).' })
@Entity()
export class Delegation extends NodeEntity {
  @Field(() => DelegationDirection)
  @Enum({ items: () => DelegationDirection, nativeEnumName: 'delegation_direction' })
  direction!: DelegationDirection;

  @Field(() => DelegationChannel)
  @Enum({ items: () => DelegationChannel, nativeEnumName: 'delegation_channel' })
  channel!: DelegationChannel;

  @Field(() => DelegationPurpose)
  @Enum({ items: () => DelegationPurpose, nativeEnumName: 'delegation_purpose', default: DelegationPurpose.OFFICIAL_VISIT })
  purpose: DelegationPurpose = DelegationPurpose.OFFICIAL_VISIT;

  @Field(() => City, { nullable: true })
  @ManyToOne(() => City, { nullable: true })
  originCity?: City | null;

  @Field(() => Country, { nullable: true })
  @ManyToOne(() => Country, { nullable: true })
  originCountry?: Country | null;

  @Field(() => City, { nullable: true })
  @ManyToOne(() => City, { nullable: true })
  destinationCity?: City | null;

  @Field(() => Country, { nullable: true })
  @ManyToOne(() => Country, { nullable: true })
  destinationCountry?: Country | null;

  @Field(() => Organisation, { nullable: true })
  @ManyToOne(() => Organisation, { nullable: true })
  sendingOrganisation?: Organisation | null;

  @Field(() => Organisation, { nullable: true })
  @ManyToOne(() => Organisation, { nullable: true })
  hostOrganisation?: Organisation | null;

  @Field(() => Person, { nullable: true })
  @ManyToOne(() => Person, { nullable: true })
  leader?: Person | null;

  @Field(() => [Person], { description: 'Named members (the leader may be one of them)' })
  @ManyToMany(() => Person, undefined, { pivotTable: 'delegation_member', joinColumn: 'delegation_id', inverseJoinColumn: 'person_id' })
  members = new Collection<Person>(this);

  @Field(() => Int, { description: 'Person-times (人次): never below the number of named members' })
  @Property({ type: 'integer' })
  @Min(1, { message: 'must be at least 1' })
  headcount!: number;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  startDate?: string | null;

  @Field(() => LocalDate, { nullable: true })
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
