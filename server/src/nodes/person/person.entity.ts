import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/core';
import { IsEmail, Matches } from 'class-validator';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { NodeEntity, RecordEntity } from '../../graph/record.entity.js';
import { PersonalData } from '../../graph/personal-data.js';
import { LocalDate } from '../../graph/scalars.js';
import { Country } from '../country/country.entity.js';
import { NameOrderIndexes } from '../../graph/name-order.js';

export enum PersonCategory {
  FOREIGN_GUEST = 'FOREIGN_GUEST',
  FOREIGN_EXPERT = 'FOREIGN_EXPERT',
  OVERSEAS_CHINESE = 'OVERSEAS_CHINESE',
  RETURNED_OVERSEAS_CHINESE = 'RETURNED_OVERSEAS_CHINESE',
  RELATIVE_OF_OVERSEAS_CHINESE = 'RELATIVE_OF_OVERSEAS_CHINESE',
  COMPATRIOT = 'COMPATRIOT',
  OFFICIAL = 'OFFICIAL',
  STAFF = 'STAFF',
  OTHER = 'OTHER',
}
registerEnumType(PersonCategory, {
  name: 'PersonCategory',
  description:
    'COMPATRIOT is a Hong Kong, Macao or Taiwan compatriot; OFFICIAL a Chinese official; STAFF this office’s own staff.',
  valuesConfig: {
    FOREIGN_GUEST: { description: 'A foreign guest' },
    FOREIGN_EXPERT: { description: 'A foreign expert working here' },
    OVERSEAS_CHINESE: { description: 'A Chinese citizen living abroad (华侨)' },
    RETURNED_OVERSEAS_CHINESE: { description: 'An overseas Chinese who has come back (归侨)' },
    RELATIVE_OF_OVERSEAS_CHINESE: { description: 'A relative of an overseas Chinese (侨眷)' },
    COMPATRIOT: { description: 'A Hong Kong, Macao or Taiwan compatriot' },
    OFFICIAL: { description: 'A Chinese official' },
    STAFF: { description: 'Staff of this office' },
    OTHER: { description: 'Anyone else' },
  },
});

@ObjectType({ implements: [RecordEntity, NodeEntity], description: 'A person: a foreign guest or expert, an overseas Chinese, an official, …' })
@NameOrderIndexes()
@Entity()
export class Person extends NodeEntity {
  @Field(() => PersonCategory, { description: 'What kind of person, as the office counts people' })
  @Enum({ items: () => PersonCategory, nativeEnumName: 'person_category' })
  category!: PersonCategory;

  @Field(() => Country, { nullable: true, description: 'The country of nationality' })
  @ManyToOne(() => Country, { nullable: true })
  nationality?: Country | null;

  @Field(() => String, { nullable: true, description: 'Title or position, e.g. vice-president of the chamber' })
  @Property({ type: 'text', nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'Passport or ID number (personal data)' })
  @Property({ type: 'text', nullable: true })
  @PersonalData()
  passportNumber?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'Date of birth (personal data)' })
  @Property({ type: 'date', nullable: true })
  @PersonalData()
  dateOfBirth?: string | null;

  @Field(() => String, { nullable: true, description: 'Phone number (personal data)' })
  @Property({ type: 'text', nullable: true })
  @PersonalData()
  @Matches(/^[+0-9 ()-]{5,30}$/, { message: 'must be a phone number of digits, spaces and + ( ) -' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Email address (personal data)' })
  @Property({ type: 'text', nullable: true })
  @PersonalData()
  @IsEmail({}, { message: 'must be an email address' })
  email?: string | null;
}
