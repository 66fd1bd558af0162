import { Collection, Entity, Enum, ManyToMany, ManyToOne, Property } from '@mikro-orm/core';
import { Min } from 'class-validator';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { NodeEntity, RecordEntity } from '../../graph/record.entity.js';
import { LocalDate } from '../../graph/scalars.js';
import { Organisation } from '../organisation/organisation.entity.js';
import { Person } from '../person/person.entity.js';

export enum ApplicationKind {
  FOREIGN_EXPERT_INVITATION = 'FOREIGN_EXPERT_INVITATION',
  APEC_BUSINESS_TRAVEL_CARD = 'APEC_BUSINESS_TRAVEL_CARD',
  INVITATION_LETTER = 'INVITATION_LETTER',
  OTHER = 'OTHER',
}
registerEnumType(ApplicationKind, { name: 'ApplicationKind' });

export enum ApplicationStatus {
  RECEIVED = 'RECEIVED',
  IN_PROGRESS = 'IN_PROGRESS',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(ApplicationStatus, { name: 'ApplicationStatus' });

@ObjectType({ implements: [RecordEntity, NodeEntity], description: 'A case the office processes: a foreign-expert invitation, an APEC card, an invitation letter.' })
@Entity()
export class Application extends NodeEntity {
  @Field(() => ApplicationKind)
  @Enum({ items: () => ApplicationKind, nativeEnumName: 'application_kind' })
  kind!: ApplicationKind;

  @Field(() => Organisation, { nullable: true })
  @ManyToOne(() => Organisation, { nullable: true })
  applicant?: Organisation | null;

  @Field(() => Int, { description: 'How many persons the application covers: never below the named persons' })
  @Property({ type: 'integer' })
  @Min(1, { message: 'must be at least 1' })
  personCount!: number;

  @Field(() => [Person], { description: 'Named persons' })
  @ManyToMany(() => Person, undefined, { pivotTable: 'application_person', joinColumn: 'application_id', inverseJoinColumn: 'person_id' })
  persons = new Collection<Person>(this);

  @Field(() => ApplicationStatus)
  @Enum({ items: () => ApplicationStatus, nativeEnumName: 'application_status', default: ApplicationStatus.RECEIVED })
  status: ApplicationStatus = ApplicationStatus.RECEIVED;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  submittedOn?: string | null;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  decidedOn?: string | null;
}
