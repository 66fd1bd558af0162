import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/core';
import { IsUrl } from 'class-validator';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { NodeEntity, RecordEntity } from '../../graph/record.entity.js';
import { City } from '../city/city.entity.js';
import { ReferencedBy } from '../../graph/referenced-by.js';
import { Delegation } from '../delegation/delegation.entity.js';
import { NameOrderIndexes } from '../../graph/name-order.js';

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
  description:
    'GOVERNMENT office, SCHOOL, UNIVERSITY, COMPANY, FOUNDATION, ASSOCIATION or chamber, MEDIA, COOPERATIVE, CLUB, OTHER',
  valuesConfig: {
    GOVERNMENT: { description: 'A government office or agency' },
    SCHOOL: { description: 'A school' },
    UNIVERSITY: { description: 'A university or college' },
    COMPANY: { description: 'A company' },
    FOUNDATION: { description: 'A foundation or charity' },
    ASSOCIATION: { description: 'An association or chamber' },
    MEDIA: { description: 'A newspaper, broadcaster or other medium' },
    COOPERATIVE: { description: 'A cooperative' },
    CLUB: { description: 'A club' },
    OTHER: { description: 'Any other organisation' },
  },
});

@ObjectType({ implements: [RecordEntity, NodeEntity], description: 'A government office, school, university, company, foundation, association, …' })
@NameOrderIndexes()
@Entity()
export class Organisation extends NodeEntity {
  @Field(() => OrganisationKind, { description: 'What kind of organisation' })
  @Enum({ items: () => OrganisationKind, nativeEnumName: 'organisation_kind' })
  kind!: OrganisationKind;

  @Field(() => City, { nullable: true, description: 'The city it is based in' })
  @ManyToOne(() => City, { nullable: true })
  city?: City | null;

  @Field(() => Organisation, { nullable: true, description: 'The organisation this one belongs to' })
  @ManyToOne(() => Organisation, { nullable: true })
  parent?: Organisation | null;

  @Field(() => String, { nullable: true, description: 'Its website address' })
  @Property({ type: 'text', nullable: true })
  @IsUrl({ require_protocol: true }, { message: 'must be a web address starting with http:// or https://' })
  website?: string | null;

  @Field(() => [Delegation], { description: 'Delegations this organisation sent or hosted' })
  @ReferencedBy(() => Delegation, ['sendingOrganisation', 'hostOrganisation'])
  delegations?: Delegation[];
}
