import { Collection, Entity, Enum, ManyToMany, ManyToOne, Property } from '@mikro-orm/core';
import { Min } from 'class-validator';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { NodeEntity, RecordEntity } from '../../graph/record.entity.js';
import { LocalDate } from '../../graph/scalars.js';
import { Organisation } from '../organisation/organisation.entity.js';
import { Person } from '../person/person.entity.js';
import { NameOrderIndexes } from '../../graph/name-order.js';

export enum ApplicationKind {
  FOREIGN_EXPERT_INVITATION = 'FOREIGN_EXPERT_INVITATION',
  APEC_BUSINESS_TRAVEL_CARD = 'APEC_BUSINESS_TRAVEL_CARD',
  INVITATION_LETTER = 'INVITATION_LETTER',
  OTHER = 'OTHER',
}
registerEnumType(ApplicationKind, {
  name: 'ApplicationKind',
  description: 'What an application asks for',
  valuesConfig: {
    FOREIGN_EXPERT_INVITATION: { description: 'Inviting a foreign expert to work here' },
    APEC_BUSINESS_TRAVEL_CARD: { description: 'An APEC Business Travel Card for a business traveller' },
    INVITATION_LETTER: { description: 'A letter inviting foreign guests, for their visas' },
    OTHER: { description: 'Any other case' },
  },
});

export enum ApplicationStatus {
  RECEIVED = 'RECEIVED',
  IN_PROGRESS = 'IN_PROGRESS',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(ApplicationStatus, {
  name: 'ApplicationStatus',
  description: 'Where an application stands',
  valuesConfig: {
    RECEIVED: { description: 'Received, not yet worked on' },
    IN_PROGRESS: { description: 'Being processed' },
    APPROVED: { description: 'Approved' },
    REJECTED: { description: 'Refused' },
    WITHDRAWN: { description: 'Withdrawn by the applicant' },
  },
});

@ObjectType({ implements: [RecordEntity, NodeEntity], description: 'A case the office processes: a foreign-expert invitation, an APEC card, an invitation letter.' })
@NameOrderIndexes()
@Entity()
export class Application extends NodeEntity {
  @Field(() => ApplicationKind, { description: 'What the application asks for' })
  @Enum({ items: () => ApplicationKind, nativeEnumName: 'application_kind' })
  kind!: ApplicationKind;

  @Field(() => Organisation, { nullable: true, description: 'The organisation that applied' })
  @ManyToOne(() => Organisation, { nullable: true })
  applicant?: Organisation | null;

  @Field(() => Int, { description: 'How many persons the application covers: never below the named persons' })
  @Property({ type: 'integer' })
  @Min(1, { message: 'must be at least 1' })
  personCount!: number;

  @Field(() => [Person], { description: 'Named persons' })
  @ManyToMany(() => Person, undefined, { pivotTable: 'application_person', joinColumn: 'application_id', inverseJoinColumn: 'person_id' })
  persons = new Collection<Person>(this);

  @Field(() => ApplicationStatus, { description: 'Where the application stands' })
  @Enum({ items: () => ApplicationStatus, nativeEnumName: 'application_status', default: ApplicationStatus.RECEIVED })
  status: ApplicationStatus = ApplicationStatus.RECEIVED;

  @Field(() => LocalDate, { nullable: true, description: 'When the office received it' })
  @Property({ type: 'date', nullable: true })
  submittedOn?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'When it was decided' })
  @Property({ type: 'date', nullable: true })
  decidedOn?: string | null;
}
