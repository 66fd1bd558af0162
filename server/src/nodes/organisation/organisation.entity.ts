import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/core';
import { IsUrl } from 'class-validator';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { NodeEntity, RecordEntity } from '../../graph/record.entity.js';
import { City } from '../city/city.entity.js';
import { ReferencedBy } from '../../graph/referenced-by.js';
import { Delegation } from '../delegation/delegation.entity.js';

export enum OrganisationKind {
  GOVERNMENT = 'GOVERNMENT',
  SCHOOL = 'SCHOOL',
  UNIVERSITY = 'UNIVERSITY',
  COMPANY = 'COMPANY',
  FOUNDATION = 'FOUNDATION',
  ASSOCIATION = 'ASSOCIATION',
  MEDIA = 'MEDIA',
  COOPERATIVE = 'COOPERATIVE',
  CLUB = 'CLUB',
  OTHER = 'OTHER',
}
registerEnumType(OrganisationKind, {
  name: 'OrganisationKind',
  description: 'GOVERNMENT office, SCHOOL, UNIVERSITY, COMPANY, FOUNDATION, ASSOCIATION or chamber, MEDIA, COOPERATIVE, CLUB, OTHER',
});

@ObjectType({ implements: [RecordEntity, NodeEntity], description: 'A government office, school, university, company, foundation, association, …' })
@Entity()
export class Organisation extends NodeEntity {
  @Field(() => OrganisationKind)
  @Enum({ items: () => OrganisationKind, nativeEnumName: 'organisation_kind' })
  kind!: OrganisationKind;

  @Field(() => City, { nullable: true })
  @ManyToOne(() => City, { nullable: true })
  city?: City | null;

  @Field(() => Organisation, { nullable: true, description: 'The organisation this one belongs to' })
  @ManyToOne(() => Organisation, { nullable: true })
  parent?: Organisation | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  @IsUrl({ require_protocol: true }, { message: 'must be a web address starting with http:// or https://' })
  website?: string | null;

  @Field(() => [Delegation], { description: 'Delegations this organisation sent or hosted' })
  @ReferencedBy(() => Delegation, ['sendingOrganisation', 'hostOrganisation'])
  delegations?: Delegation[];
}
